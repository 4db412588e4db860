"""Writes for dispatches (派出, Art. 16), and the daily sweep that opens a withdrawal case for an abroad
dispatch more than 30 days past its planned return (Art. 23(8))."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.tenure import (
    DispatchDestination,
    DispatchPurpose,
    WithdrawalReason,
    abroad_overdue_if_planned_before,
    check_dispatch_overdue,
)

from ..permissions import _refuse
from ..stay.enums import ACTIVE_APPOINTMENT_STATES, AppointmentState
from ..stay.models import Appointment
from ..stay.permissions import postdoc_or_base
from ..withdrawals.enums import WithdrawalState
from ..withdrawals.services import RuleProposal, withdrawal_cases_open_by_rule
from .enums import DispatchState
from .models import Dispatch
from .workflow import ART16, dispatch_workflow

DISPATCH_FIELDS = ("destination", "purpose", "place", "planned_start", "planned_return", "notes")


def _clean_dispatch(fields: dict) -> dict:
    errors: dict[str, list] = {}
    data = {key: fields.get(key) for key in DISPATCH_FIELDS}
    if data["destination"] not in DispatchDestination.values:
        errors["destination"] = [_("请选择派出地域。")]
    if data["purpose"] not in DispatchPurpose.values:
        errors["purpose"] = [_("请选择派出事由。")]
    data["place"] = (data["place"] or "").strip()
    if not data["place"]:
        errors["place"] = [_("请填写派往单位或地点。")]
    data["notes"] = (data["notes"] or "").strip()
    for key in ("planned_start", "planned_return"):
        if not isinstance(data[key], date):
            errors[key] = [_("请填写日期。")]
    if not errors and data["planned_return"] < data["planned_start"]:
        errors["planned_return"] = [_("计划返回日期不能早于计划派出日期。")]
    if errors:
        raise ValidationError(errors)
    return data


def dispatch_request(*, actor, appointment, **fields):
    """Art. 16: the postdoc or the base's unit administrator requests a dispatch for a postdoc in the base;
    the base approves it."""
    assignment = postdoc_or_base(actor, appointment)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有博士后研究人员本人或基地所在单位可以申请派出。"), ART16)
    data = _clean_dispatch(fields)
    with transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.state != AppointmentState.IN_BASE:
            raise _refuse("art16.not_in_base", _("只有在基地的博士后研究人员可以派出。"), ART16)
        dispatch = Dispatch.objects.create(appointment=locked, **data)
        dispatch_workflow.created(dispatch, "request", actor=actor, assignment=assignment)
    return dispatch


def dispatch_return_confirm(*, actor, dispatch, returned_on: date):
    """Art. 16: the base confirms that a dispatched postdoc came back on ``returned_on``."""
    if not isinstance(returned_on, date):
        raise _refuse("art16.no_return_date", _("请填写实际返回日期。"), ART16)
    with transaction.atomic():
        locked = Dispatch.objects.select_for_update().get(pk=dispatch.pk)
        dispatch_workflow.require(locked, "confirm_return", actor)
        if returned_on < locked.planned_start:
            raise ValidationError({"returned_on": [_("实际返回日期不能早于计划派出日期。")]})
        return dispatch_workflow.apply(
            locked, "confirm_return", actor=actor, payload={"returned_on": returned_on}, batch=True
        )


def dispatch_overdue_sweep(today: date | None = None) -> list:
    """Art. 23(8): every approved abroad dispatch not returned and more than 30 days past its planned return
    opens a withdrawal case (reason 8) proposed by the system, unless the appointment already has an open
    case. The date condition is in SQL (only overdue dispatches are read), the policy confirms each, and the
    cases are written in bulk. Idempotent; returns the cases opened."""
    today = today or timezone.localdate()
    candidates = (
        Dispatch.objects.select_related("appointment__postdoc")
        .filter(
            state=DispatchState.APPROVED, destination=DispatchDestination.ABROAD, returned_on__isnull=True,
            planned_return__lt=abroad_overdue_if_planned_before(today),
            appointment__state__in=ACTIVE_APPOINTMENT_STATES,
        )
        .exclude(appointment__withdrawal_cases__state=WithdrawalState.PROPOSED)
        .order_by("planned_return", "id")
    )  # fmt: skip
    proposals = []
    for dispatch in candidates:
        finding = check_dispatch_overdue(True, dispatch.planned_return, dispatch.returned_on, today)
        if finding.ok:
            continue
        facts = gettext("派出至%(place)s，%(message)s") % {
            "place": dispatch.place,
            "message": finding.message,
        }
        proposals.append(RuleProposal(dispatch.appointment, WithdrawalReason.ABROAD_OVERDUE, facts))
    return withdrawal_cases_open_by_rule(proposals)
