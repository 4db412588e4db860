"""Writes of support policies (配套支持政策, Arts. 6 and 19): recorded, corrected and deleted by the bureau's
officers (the region for any bureau), each in one transaction with its audit event. Records, not cases: no
workflow states. The policy file is optional, PDF or Word (DOCX), checked by its content."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import audit
from postdoc_base.kernel.files import files_removed_on_failure
from postdoc_base.kernel.uploads import ALLOWED, stored_upload
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.articles import ART6
from postdoc_base.policy.findings import Finding

from .models import SupportPolicy
from .permissions import support_keeper

FIELDS = ("bureau_id", "title", "document_number", "issued_on", "summary", "file_name", "file_type")
DOCUMENT_TYPES = (ALLOWED["pdf"], ALLOWED["docx"])


def snapshot(policy: SupportPolicy) -> dict:
    return {name: getattr(policy, name) for name in FIELDS}


def _keeper(actor, bureau_id):
    assignment = support_keeper(actor, bureau_id)
    if assignment is None:
        raise TransitionRefused([Finding(False, "kernel.not_permitted", ART6,
                                         _("只有该盟市人力资源社会保障部门或自治区人力资源和社会保障厅可以记录配套支持政策。"))])  # fmt: skip
    return assignment


def _clean(data: dict, uploaded) -> tuple[dict, dict]:
    errors: dict[str, list] = {}
    cleaned = {}
    for name, message in (("title", _("请填写政策名称。")), ("document_number", _("请填写文号。")),
                          ("summary", _("请填写主要内容。"))):  # fmt: skip
        cleaned[name] = (data.get(name) or "").strip()
        if not cleaned[name]:
            errors[name] = [message]
    issued_on = data.get("issued_on")
    if not isinstance(issued_on, date):
        errors["issued_on"] = [_("请填写发布日期。")]
    elif issued_on > timezone.localdate():
        errors["issued_on"] = [_("发布日期不能晚于今天。")]
    cleaned["issued_on"] = issued_on
    upload = stored_upload("file", uploaded, errors)
    if upload and upload["file_type"] not in DOCUMENT_TYPES:
        errors["file"] = [_("政策文件只接受 PDF 或 Word（DOCX）文件。")]
    if errors:
        raise ValidationError(errors)
    return cleaned, upload


def support_policy_create(*, actor, bureau, title: str, document_number: str, issued_on, summary: str,
                          uploaded=None) -> SupportPolicy:  # fmt: skip
    """第六条, 第十九条: a league/city's officer (or the region) records a support policy it issued."""
    assignment = _keeper(actor, bureau.pk)
    data, upload = _clean({"title": title, "document_number": document_number, "issued_on": issued_on,
                           "summary": summary}, uploaded)  # fmt: skip
    with files_removed_on_failure() as track, transaction.atomic():
        policy = SupportPolicy.objects.create(bureau=bureau, **data, **upload)
        track(policy.file)
        audit.record(actor=actor, subject=policy, action="create", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff({}, snapshot(policy)))  # fmt: skip
    return policy


def support_policy_update(*, actor, policy: SupportPolicy, uploaded=None, **fields) -> SupportPolicy:
    """Correct a policy (its bureau's officers or the region); fields left out keep their values, a new file
    replaces the old one (removed once the change is committed)."""
    assignment = _keeper(actor, policy.bureau_id)
    current = {name: getattr(policy, name) for name in ("title", "document_number", "issued_on", "summary")}
    data, upload = _clean({**current, **fields}, uploaded)
    with files_removed_on_failure() as track, transaction.atomic():
        locked = SupportPolicy.objects.select_for_update().get(pk=policy.pk)
        before = snapshot(locked)
        old_file = locked.file.name if upload and locked.file else None
        for name, value in {**data, **upload}.items():
            setattr(locked, name, value)
        locked.save()
        if upload:
            track(locked.file)
        diff = audit.field_diff(before, snapshot(locked))
        if diff:
            audit.record(actor=actor, subject=locked, action="update", role=assignment.role,
                         scope=assignment.scope_label, diff=diff)  # fmt: skip
        if old_file:
            storage = SupportPolicy._meta.get_field("file").storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return locked


def support_policy_delete(*, actor, policy: SupportPolicy) -> None:
    """Delete a policy recorded in error (its bureau's officers or the region); its file goes after commit."""
    with transaction.atomic():
        locked = SupportPolicy.objects.select_for_update().get(pk=policy.pk)
        assignment = _keeper(actor, locked.bureau_id)
        audit.record(actor=actor, subject=locked, action="delete", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff(snapshot(locked), {}))  # fmt: skip
        stored = locked.file.name if locked.file else None
        locked.delete()
        if stored:
            storage = SupportPolicy._meta.get_field("file").storage
            transaction.on_commit(lambda: storage.delete(stored))
