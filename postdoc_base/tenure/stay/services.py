"""Writes for appointments (进基地: the tripartite agreement and the entry, Arts. 13-15) and term extensions
(延期, Art. 14).

Each takes an explicit ``actor``, runs in one transaction with its audit event and leaves the database
unchanged on refusal. States change only through the kernel workflows."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import audit
from postdoc_base.kernel.files import files_removed_on_failure
from postdoc_base.kernel.uploads import stored_upload
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy import tenure as tenure_policy
from postdoc_base.policy.tenure import (
    DEFAULT_TERM_MONTHS,
    AgreementClause,
    Party,
    SupervisorSide,
    contract_type,
)

from ..permissions import _base_admin, _refuse
from ..recruitment.enums import ART12
from ..recruitment.workflow import station_finding
from .enums import LIVE_APPOINTMENT_STATES, OPEN_EXTENSION_STATES, AppointmentState
from .models import Appointment, TermExtension
from .permissions import postdoc_or_base
from .workflow import appointment_workflow, extension_workflow, term_findings

ART14 = tenure_policy.ART14


APPOINTMENT_AGREEMENT_FIELDS = (
    "clauses_confirmed", "signed_by", "term_months", "has_major_project", "major_project_note",
    "station_supervisor", "base_supervisor",
)  # fmt: skip


def appointment_create(*, actor, base, postdoc, station, topic=None, term_months: int | None = None):
    """Art. 13(1): the base drafts the tripartite agreement with a postdoc it recorded and a partner station
    that has an active cooperation agreement with it (Art. 8); the contract type follows the unit (Art. 14).
    Refused while the postdoc has a live appointment (Art. 13, ``art13.one_live_appointment``), also when a
    concurrent request drafted it a moment before."""
    assignment = _base_admin(actor, base)
    if postdoc.base_id != base.pk:
        raise _refuse(
            "appointment.postdoc_not_recorded", _("该博士后研究人员不是由本基地录入的。"), "第十三条"
        )
    finding = station_finding(base.pk, station.pk)
    if finding:
        raise TransitionRefused([finding])
    if topic is not None and topic.base_id != base.pk:
        raise _refuse("appointment.topic_other_base", _("该课题不属于本基地。"), ART12)
    with transaction.atomic():
        if refusal := _live_appointment_refusal(postdoc):
            raise refusal
        try:
            with transaction.atomic():  # a savepoint: the constraint catches a concurrent request
                appointment = Appointment.objects.create(
                    postdoc=postdoc, base=base, station=station, topic=topic,
                    contract_type=contract_type(base.unit.nature), term_months=term_months or DEFAULT_TERM_MONTHS,
                )  # fmt: skip
        except IntegrityError:
            if refusal := _live_appointment_refusal(postdoc):
                raise refusal from None
            raise
        appointment_workflow.created(appointment, "create", actor=actor, assignment=assignment)
    return appointment


def _live_appointment_refusal(postdoc) -> TransitionRefused | None:
    """第十三条: the refusal when the postdoc already has a live appointment (policy check_one_live_appointment);
    asked before writing, and again when the one_live_appointment_per_postdoc constraint refuses a concurrent
    request's insert, so the loser of the race gets the same answer."""
    live = Appointment.objects.filter(postdoc=postdoc, state__in=LIVE_APPOINTMENT_STATES).first()
    finding = tenure_policy.check_one_live_appointment(AppointmentState(live.state).label if live else None)
    return None if finding.ok else TransitionRefused([finding])


def appointment_update_agreement(*, actor, appointment, uploaded=None, **fields):
    """Art. 13(1), 14, 15: record the agreement's clauses, signatures, document, term, major project and the
    two supervisors; only while the agreement is being drafted."""
    assignment = _base_admin(actor, appointment.base)
    if appointment.state != AppointmentState.DRAFTED:
        raise _refuse("appointment.not_drafted", _("三方协议已签署，不能再修改。"), "第十三条第（一）项")
    unknown = set(fields) - set(APPOINTMENT_AGREEMENT_FIELDS)
    if unknown:
        raise ValueError(f"unknown fields {sorted(unknown)}")
    errors: dict[str, list] = {}
    if "clauses_confirmed" in fields:
        values = list(fields["clauses_confirmed"] or [])
        if set(values) - set(AgreementClause.values):
            errors["clauses_confirmed"] = [_("协议条款选项无效。")]
        fields["clauses_confirmed"] = [c for c in AgreementClause.values if c in values]
    if "signed_by" in fields:
        values = list(fields["signed_by"] or [])
        if set(values) - set(Party.values):
            errors["signed_by"] = [_("签署方选项无效。")]
        fields["signed_by"] = [p for p in Party.values if p in values]
    if "term_months" in fields:
        term = fields["term_months"]
        if term is None or not 1 <= int(term) <= 120:
            errors["term_months"] = [_("在基地期限应在1至120个月之间。")]
    if "major_project_note" in fields:
        fields["major_project_note"] = (fields["major_project_note"] or "").strip()
    for key, side in (
        ("station_supervisor", SupervisorSide.STATION),
        ("base_supervisor", SupervisorSide.BASE),
    ):
        supervisor = fields.get(key)
        if supervisor is not None and (supervisor.base_id != appointment.base_id or supervisor.side != side):
            errors[key] = [_("请选择本基地录入的相应类别的合作导师。")]
    fields.update(stored_upload("document", uploaded, errors))
    if errors:
        raise ValidationError(errors)
    with files_removed_on_failure() as track, transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.state != AppointmentState.DRAFTED:
            raise _refuse("appointment.not_drafted", _("三方协议已签署，不能再修改。"), "第十三条第（一）项")
        before = snapshot(locked)
        for key, value in fields.items():
            setattr(locked, key, value)
        locked.save()
        if "document" in fields:  # the new file only
            track(locked.document)
        audit.record(actor=actor, subject=locked, action="update_agreement", role=assignment.role,
                     scope=assignment.scope_label, from_state=locked.state, to_state=locked.state,
                     diff=audit.field_diff(before, snapshot(locked)))  # fmt: skip
    return locked


def entry_complete(*, actor, appointment, entry_date: date):
    """Art. 13(2): the partner station completes the entry on ``entry_date``; the entry filing is then due
    three months later."""
    if entry_date is None:
        raise _refuse("art13.2.no_entry_date", _("请填写进基地日期。"), "第十三条第（二）项")
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        return appointment_workflow.apply(
            locked, "complete_entry", actor=actor, payload={"entry_date": entry_date}, batch=True
        )


# --- term extensions (延期, Art. 14) ---------------------------------------------------------------------
MAX_EXTENSION_MONTHS = tenure_policy.MAX_STAY_MONTHS


def _clean_extension(months, reason, has_major_project, major_project_note) -> dict:
    errors: dict[str, list] = {}
    try:
        months = int(months)
    except (TypeError, ValueError):
        months = 0
    if not 1 <= months <= MAX_EXTENSION_MONTHS:
        errors["months"] = [_("延期月数应在1至72个月之间。")]
    reason = (reason or "").strip()
    if not reason:
        errors["reason"] = [_("请填写延期理由。")]
    note = (major_project_note or "").strip()
    if has_major_project and not note:
        errors["major_project_note"] = [
            _("承担国家或自治区重大项目的，请说明项目名称、资助期限和承担的任务。")
        ]
    if errors:
        raise ValidationError(errors)
    return {"months": months, "reason": reason, "has_major_project": bool(has_major_project),
            "major_project_note": note}  # fmt: skip


def _open_extension_refusal() -> TransitionRefused:
    return _refuse("art14.extension_open", _("该博士后研究人员已有待办理的延期申请。"), ART14)


def extension_request(
    *, actor, appointment, months, reason: str, has_major_project: bool = False, major_project_note: str = ""
) -> TermExtension:
    """第十四条: the postdoc or the base asks to extend the stay; the base approves, the region acknowledges.

    Only for a postdoc in the base, one open request at a time, and only within the Art. 14 limits counted
    over the whole stay (never over 6 years; over 4 only with a recorded major project).
    """
    assignment = postdoc_or_base(actor, appointment)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有博士后研究人员本人或基地所在单位可以申请延期。"), ART14)
    data = _clean_extension(months, reason, has_major_project, major_project_note)
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().select_related("base").get(pk=appointment.pk)
        if locked.state != AppointmentState.IN_BASE:
            raise _refuse("art14.not_in_base", _("只有在基地的博士后研究人员可以申请延期。"), ART14)
        if TermExtension.objects.filter(appointment=locked, state__in=OPEN_EXTENSION_STATES).exists():
            raise _open_extension_refusal()
        failed = [f for f in term_findings(locked, data["months"], data["has_major_project"]) if not f.ok]
        if failed:
            raise TransitionRefused(failed)
        try:
            with transaction.atomic():  # the partial unique constraint catches a concurrent request
                extension = TermExtension.objects.create(
                    appointment=locked, requested_by_role=assignment.role, **data
                )
        except IntegrityError:
            raise _open_extension_refusal() from None
        extension_workflow.created(extension, "request", actor=actor, assignment=assignment)
    return extension
