"""Writes of a base's Art. 7 records (第七条), by the base's unit administrator only: the management office,
versions of the rules, the named administrators and the academic committee. Each write locks the base row,
runs in one transaction with its audit event (a field diff; the administrators' phone masked) and writes
nothing when refused. Only an active (filed) base keeps its records; a revoked or cancelled one is frozen."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import audit
from postdoc_base.kernel.files import files_removed_on_failure
from postdoc_base.kernel.uploads import stored_upload
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.articles import ART7
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.tenure import check_person_name, normalize_person_name

from ..enums import BaseState
from ..models import PracticeBase
from .enums import CommitteeRole
from .models import CommitteeMember, DutyAdministrator, ManagementOffice, ManagementRules
from .permissions import base_keeper_assignment

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE_RE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")  # 0471-1234567, with an optional extension
SENSITIVE = frozenset({"phone"})  # the administrators' phone: masked in the audit trail


def _refuse(code: str, message) -> TransitionRefused:
    return TransitionRefused([Finding(False, code, ART7, message)])


def _keep(actor, base) -> tuple:
    """The keeper's assignment and the base locked for the write; refuses anyone else and a frozen base."""
    assignment = base_keeper_assignment(actor, base)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有基地所在单位的博士后管理员可以维护基地职责信息。"))
    locked = PracticeBase.objects.select_for_update().get(pk=base.pk)
    if locked.state != BaseState.ACTIVE:
        raise _refuse(
            "art7.base_not_active",
            _("基地处于“%(state)s”状态，不能再维护基地职责信息。") % {"state": locked.get_state_display()},
        )
    return assignment, locked


def _text(value, field: str, errors: dict, message) -> str:
    text = " ".join(str(value or "").split())
    if not text:
        errors[field] = [message]
    return text


def _person(value, field: str, errors: dict) -> str:
    finding = check_person_name(value or "")
    if not finding.ok:
        errors[field] = [finding.message]
    return normalize_person_name(value or "")


def _phone(value, errors: dict) -> str:
    phone = str(value or "").strip().replace(" ", "")
    if not (MOBILE_RE.match(phone) or LANDLINE_RE.match(phone)):
        errors["phone"] = [_("请填写有效的手机号码或固定电话（如0471-1234567）。")]
    return phone


def _check(errors: dict) -> None:
    if errors:
        raise ValidationError(errors)


def _snap(obj) -> dict:
    """The record's fields for the audit diff, without its timestamps (the event has its own time)."""
    return {k: v for k, v in snapshot(obj).items() if k not in ("created_at", "updated_at")}


def _audit(actor, assignment, subject, action: str, before: dict, after: dict, sensitive=frozenset()) -> None:
    audit.record(actor=actor, subject=subject, action=action, role=assignment.role, scope=assignment.scope_label,
                 diff=audit.field_diff(before, after, sensitive=sensitive))  # fmt: skip


# --- 博士后管理机构 ----------------------------------------------------------------------------------------
def office_save(*, actor, base, name: str, head: str, phone: str) -> ManagementOffice:
    """Record or correct the base's management office (one per base)."""
    errors: dict = {}
    fields = {
        "name": _text(name, "name", errors, _("请填写博士后管理机构名称。")),
        "head": _person(head, "head", errors),
        "phone": _phone(phone, errors),
    }
    with transaction.atomic():
        assignment, locked = _keep(actor, base)
        _check(errors)
        office = ManagementOffice.objects.filter(base=locked).first()
        before = _snap(office) if office else {}
        if office is None:
            office = ManagementOffice.objects.create(base=locked, **fields)
        else:
            for key, value in fields.items():
                setattr(office, key, value)
            office.save()
        _audit(actor, assignment, office, "update" if before else "create", before, _snap(office))
    return office


# --- 博士后管理制度 ----------------------------------------------------------------------------------------
def rules_add(*, actor, base, title: str, adopted_on, uploaded) -> ManagementRules:
    """Record a version of the base's rules with its text (PDF, DOCX or a scan); the version adopted last is
    current, earlier ones stay as history."""
    errors: dict = {}
    title = _text(title, "title", errors, _("请填写制度名称。"))
    if adopted_on is None:
        errors["adopted_on"] = [_("请填写印发日期。")]
    elif adopted_on > timezone.localdate():
        errors["adopted_on"] = [_("印发日期不能晚于今天。")]
    if uploaded is None:
        errors["document"] = [_("请上传制度文本。")]
    document = stored_upload("document", uploaded, errors)
    with files_removed_on_failure() as track, transaction.atomic():
        assignment, locked = _keep(actor, base)
        _check(errors)
        rules = ManagementRules.objects.create(base=locked, title=title, adopted_on=adopted_on, **document)
        track(rules.document)
        _audit(actor, assignment, rules, "create", {}, _snap(rules))
    return rules


# --- 专门管理人员 ------------------------------------------------------------------------------------------
def _administrator_fields(name, position, phone) -> tuple[dict, dict]:
    errors: dict = {}
    fields = {
        "name": _person(name, "name", errors),
        "position": _text(position, "position", errors, _("请填写职务。")),
        "phone": _phone(phone, errors),
    }
    return fields, errors


def administrator_add(*, actor, base, name: str, position: str, phone: str) -> DutyAdministrator:
    fields, errors = _administrator_fields(name, position, phone)
    with transaction.atomic():
        assignment, locked = _keep(actor, base)
        _check(errors)
        person = DutyAdministrator.objects.create(base=locked, **fields)
        _audit(actor, assignment, person, "create", {}, _snap(person), SENSITIVE)
    return person


def administrator_update(*, actor, administrator: DutyAdministrator, name: str, position: str,
                         phone: str) -> DutyAdministrator:  # fmt: skip
    fields, errors = _administrator_fields(name, position, phone)
    with transaction.atomic():
        assignment, _locked = _keep(actor, administrator.base)
        _check(errors)
        person = DutyAdministrator.objects.select_for_update().get(pk=administrator.pk)
        before = _snap(person)
        for key, value in fields.items():
            setattr(person, key, value)
        person.save()
        _audit(actor, assignment, person, "update", before, _snap(person), SENSITIVE)
    return person


def administrator_remove(*, actor, administrator: DutyAdministrator) -> None:
    with transaction.atomic():
        assignment, _locked = _keep(actor, administrator.base)
        person = DutyAdministrator.objects.select_for_update().get(pk=administrator.pk)
        _audit(actor, assignment, person, "remove", _snap(person), {}, SENSITIVE)
        person.delete()


# --- 专家学术委员会 ----------------------------------------------------------------------------------------
def _member_fields(name, title, affiliation, role) -> tuple[dict, dict]:
    errors: dict = {}
    fields = {
        "name": _person(name, "name", errors),
        "title": _text(title, "title", errors, _("请填写职称或职务。")),
        "affiliation": _text(affiliation, "affiliation", errors, _("请填写工作单位。")),
        "role": role,
    }
    if role not in CommitteeRole.values:
        errors["role"] = [_("请选择委员会职务（主任、副主任或委员）。")]
    return fields, errors


def _one_chair(locked_base, role: str, member_pk: int | None, errors: dict) -> None:
    if role != CommitteeRole.CHAIR:
        return
    others = CommitteeMember.objects.filter(base=locked_base, role=CommitteeRole.CHAIR).exclude(pk=member_pk)
    if others.exists():
        errors["role"] = [_("专家学术委员会已有主任，请先将原主任改为其他职务。")]


def _saved(member: CommitteeMember) -> CommitteeMember:
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError:  # another chair committed meanwhile (one_committee_chair_per_base)
        raise ValidationError({"role": [_("专家学术委员会已有主任，请先将原主任改为其他职务。")]}) from None
    return member


def member_add(*, actor, base, name: str, title: str, affiliation: str, role: str) -> CommitteeMember:
    fields, errors = _member_fields(name, title, affiliation, role)
    with transaction.atomic():
        assignment, locked = _keep(actor, base)
        _one_chair(locked, role, None, errors)
        _check(errors)
        member = _saved(CommitteeMember(base=locked, **fields))
        _audit(actor, assignment, member, "create", {}, _snap(member))
    return member


def member_update(*, actor, member: CommitteeMember, name: str, title: str, affiliation: str,
                  role: str) -> CommitteeMember:  # fmt: skip
    fields, errors = _member_fields(name, title, affiliation, role)
    with transaction.atomic():
        assignment, locked = _keep(actor, member.base)
        _one_chair(locked, role, member.pk, errors)
        _check(errors)
        row = CommitteeMember.objects.select_for_update().get(pk=member.pk)
        before = _snap(row)
        for key, value in fields.items():
            setattr(row, key, value)
        _saved(row)
        _audit(actor, assignment, row, "update", before, _snap(row))
    return row


def member_remove(*, actor, member: CommitteeMember) -> None:
    with transaction.atomic():
        assignment, _locked = _keep(actor, member.base)
        row = CommitteeMember.objects.select_for_update().get(pk=member.pk)
        _audit(actor, assignment, row, "remove", _snap(row), {})
        row.delete()
