"""Writes for self-inspections (自查, Art. 25): the base's unit administrator opens one for a period, records
the issues found with the action and deadline of each, records each rectification with its evidence, and closes
the inspection (a workflow step); the region and the base's bureau comment. Every write in one transaction with
its audit event; the rectification to-do is re-dated whenever an issue is added or rectified."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import audit
from postdoc_base.kernel.files import files_removed_on_failure
from postdoc_base.kernel.uploads import stored_upload
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.articles import ART25
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.oversight.inspection import (
    InspectionHalf,
    deadline_finding,
    fixed_on_finding,
    period_years,
)

from ..enums import BaseState
from .enums import InspectionState
from .models import InspectionComment, InspectionIssue, SelfInspection
from .permissions import inspection_commenter, inspection_keeper
from .workflow import inspection_workflow

ISSUE_FIELDS = ("description", "action", "deadline", "found_on", "fixed_on", "fix_note", "evidence_name")


def _refuse(code: str, message) -> TransitionRefused:
    return TransitionRefused([Finding(False, code, ART25, message)])


def _keeper(actor, base):
    assignment = inspection_keeper(actor, base)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有基地所在单位的管理员可以开展自查和记录整改。"))
    return assignment


def _text(value) -> str:
    return (value or "").strip() if isinstance(value, str) else ""


def _locked_open(inspection) -> SelfInspection:
    locked = SelfInspection.objects.select_for_update().get(pk=inspection.pk)
    if locked.state != InspectionState.OPEN:
        raise _refuse("art25.inspection_closed", _("该自查已完成，不能再登记或整改问题。"))
    return locked


def _issue_fields(issue) -> dict:
    return {f"issue.{name}": value for name, value in snapshot(issue).items() if name in ISSUE_FIELDS}


def _issue_diff(issue) -> dict:
    """A new issue's fields as the inspection's audit diff (the issue is recorded on its inspection)."""
    return audit.field_diff({}, {"issue.id": issue.pk, **_issue_fields(issue)})


def inspection_open(*, actor, base, year, half=InspectionHalf.WHOLE_YEAR, summary: str) -> SelfInspection:
    """Art. 25: the base's unit administrator opens a self-inspection of ``year`` (or one half of it), from the
    filing year to this year, one per period; only for an active base."""
    assignment = _keeper(actor, base)
    if base.state != BaseState.ACTIVE:
        raise _refuse("art25.base_not_active", _("基地备案已取消或注销，不再开展自查。"))
    errors: dict[str, list] = {}
    years = period_years(base.filed_on, timezone.localdate())
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = None
    if year not in years:
        errors["year"] = [
            _("自查年度须在%(first)s年至%(last)s年之间。") % {"first": years.start, "last": years.stop - 1}
        ]
    try:
        half = int(half)
    except (TypeError, ValueError):
        half = None
    if half not in InspectionHalf.values:
        errors["half"] = [_("请选择自查期间。")]
    summary = _text(summary)
    if not summary:
        errors["summary"] = [_("请填写自查情况。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if SelfInspection.objects.filter(base=base, year=year, half=half).exists():
            raise ValidationError({"year": [_("该基地这一期间的自查已经登记。")]})
        inspection = SelfInspection.objects.create(base=base, year=year, half=half, summary=summary)
        inspection_workflow.created(inspection, "open", actor=actor, assignment=assignment)
    return inspection


def issue_add(*, actor, inspection, description: str, action: str, deadline) -> InspectionIssue:
    """Art. 25 (整改): record an issue the self-inspection found, the action to take and its deadline (today or
    later); only while the inspection is open. The rectification to-do is re-dated to the earliest deadline."""
    assignment = _keeper(actor, inspection.base)
    errors: dict[str, list] = {}
    description, action = _text(description), _text(action)
    if not description:
        errors["description"] = [_("请填写存在的问题。")]
    if not action:
        errors["action"] = [_("请填写整改措施。")]
    today = timezone.localdate()
    if not isinstance(deadline, date):
        errors["deadline"] = [_("请填写整改期限。")]
    elif not (finding := deadline_finding(deadline, today)).ok:
        errors["deadline"] = [finding.message]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        locked = _locked_open(inspection)
        issue = InspectionIssue.objects.create(
            inspection=locked, description=description, action=action, deadline=deadline, found_on=today
        )
        audit.record(actor=actor, subject=locked, action="issue_add", role=assignment.role,
                     scope=assignment.scope_label, from_state=locked.state, to_state=locked.state,
                     diff=_issue_diff(issue))  # fmt: skip
        inspection_workflow.sync_obligations(locked, locked.state)
    return issue


def issue_fix(*, actor, issue, fixed_on, fix_note: str, uploaded=None) -> InspectionIssue:
    """Art. 25 (及时整改): record that an issue was rectified, on which day (from the day it was recorded to
    today), what was done and, optionally, the evidence; only once, while the inspection is open."""
    inspection = issue.inspection
    assignment = _keeper(actor, inspection.base)
    errors: dict[str, list] = {}
    fix_note = _text(fix_note)
    if not fix_note:
        errors["fix_note"] = [_("请填写整改情况。")]
    if not isinstance(fixed_on, date):
        errors["fixed_on"] = [_("请填写整改完成日期。")]
    elif not (finding := fixed_on_finding(fixed_on, issue.found_on, timezone.localdate())).ok:
        errors["fixed_on"] = [finding.message]
    evidence = stored_upload("evidence", uploaded, errors)
    if errors:
        raise ValidationError(errors)
    with files_removed_on_failure() as track, transaction.atomic():
        locked = _locked_open(inspection)
        row = InspectionIssue.objects.select_for_update().get(pk=issue.pk, inspection=locked)
        if row.fixed_on is not None:
            raise _refuse("art25.issue_fixed", _("该问题已登记为整改完毕。"))
        before = _issue_fields(row)
        row.fixed_on, row.fix_note = fixed_on, fix_note
        for name, value in evidence.items():
            setattr(row, name, value)
        row.save()
        if evidence:
            track(row.evidence)
        audit.record(actor=actor, subject=locked, action="issue_fix", role=assignment.role,
                     scope=assignment.scope_label, from_state=locked.state, to_state=locked.state,
                     diff={"issue.id": [row.pk, row.pk], **audit.field_diff(before, _issue_fields(row))})  # fmt: skip
        inspection_workflow.sync_obligations(locked, locked.state)
    return row


def inspection_comment(*, actor, inspection, body: str) -> InspectionComment:
    """The region or the base's bureau comments on a self-inspection (in any state): an audited note, not a
    state change."""
    assignment = inspection_commenter(actor, inspection)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有自治区博士后管理部门或基地所在盟市可以评论自查。"))
    body = _text(body)
    if not body:
        raise ValidationError({"body": [_("请填写评论内容。")]})
    with transaction.atomic():
        comment = InspectionComment.objects.create(
            inspection=inspection, author=actor, author_role=assignment.role, body=body
        )
        audit.record(actor=actor, subject=inspection, action="comment", role=assignment.role,
                     scope=assignment.scope_label, from_state=inspection.state, to_state=inspection.state,
                     comment=body)  # fmt: skip
    return comment
