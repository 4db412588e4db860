"""Writes for withdrawal cases (退出基地, Art. 23): proposed by the base, the station, the region or the rules
(the sweeps, a failed assessment); one open case per appointment, in one transaction with its audit event."""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel.files import files_removed_on_failure
from postdoc_base.kernel.uploads import stored_upload
from postdoc_base.kernel.workflow import SYSTEM_ROLE
from postdoc_base.policy.tenure import ART23, WithdrawalReason

from ..permissions import _refuse
from ..stay.enums import ACTIVE_APPOINTMENT_STATES
from ..stay.models import Appointment
from .enums import WithdrawalState
from .models import WithdrawalCase
from .permissions import withdrawal_proposer
from .workflow import tell_bases_and_stations, withdrawal_workflow


@dataclass(frozen=True)
class RuleProposal:
    """A case the rules would open: the appointment, the Art. 23 item and the facts (the finding's message)."""

    appointment: Appointment
    reason: int
    facts: str


def withdrawal_propose(*, actor, appointment, reason, facts: str, uploaded=None):
    """Art. 23: the base, the station or the region proposes that a postdoc withdraw for one of the ten
    reasons; the region decides. Only for an active appointment, one open case at a time. (Cases the rules
    open go through ``withdrawal_cases_open_by_rule``.)"""
    assignment = withdrawal_proposer(actor, appointment)
    if assignment is None:
        raise _refuse(
            "kernel.not_permitted",
            _("只有基地所在单位、合作流动站或自治区博士后管理部门可以提出退出基地。"),
            ART23,
        )
    errors: dict[str, list] = {}
    try:
        reason = int(reason)
    except (TypeError, ValueError):
        reason = None
    if reason not in WithdrawalReason.values:
        errors["reason"] = [_("请选择第二十三条规定的退出事由。")]
    facts = (facts or "").strip()
    if not facts:
        errors["facts"] = [_("请填写事实与理由。")]
    evidence = stored_upload("evidence", uploaded, errors)
    if errors:
        raise ValidationError(errors)
    with files_removed_on_failure() as track, transaction.atomic():
        locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
        if locked.state not in ACTIVE_APPOINTMENT_STATES:
            raise _refuse(
                "art23.appointment_not_active",
                _("只有三方协议已签署且尚未退出或出站的博士后研究人员可以提出退出基地。"),
                ART23,
            )
        if WithdrawalCase.objects.filter(appointment=locked, state=WithdrawalState.PROPOSED).exists():
            raise _refuse("art23.case_open", _("该博士后研究人员已有待处理的退出基地案件。"), ART23)
        case = WithdrawalCase.objects.create(
            appointment=locked, reason=reason, facts=facts, proposed_by_role=assignment.role, **evidence
        )
        track(case.evidence)
        withdrawal_workflow.created(case, "propose", actor=actor, assignment=assignment)
    return case


def withdrawal_cases_open_by_rule(proposals: list[RuleProposal]) -> list[WithdrawalCase]:
    """Open the cases the rules found (the daily sweeps), in bulk and in one transaction: a fixed number of
    statements however many. The appointments are locked first, in id order, as a person's proposal locks
    its appointment; then, seeing what committed meanwhile, an appointment that is no longer active or
    already has an open case is skipped. Two sweeps run at once thus open each case once. Returns the cases
    opened, in the order proposed; the first proposal for an appointment wins."""
    wanted: dict[int, RuleProposal] = {}
    for proposal in proposals:
        wanted.setdefault(proposal.appointment.pk, proposal)
    if not wanted:
        return []
    with transaction.atomic():
        # Rows locked in id order (deadlock-free against another sweep); their ids, not their objects, so the
        # lock holds the rows only. The open-case check is a fresh statement: it sees cases committed while
        # this one waited for a lock.
        still_active = set(
            Appointment.objects.select_for_update()
            .filter(pk__in=list(wanted), state__in=ACTIVE_APPOINTMENT_STATES)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        with_open_case = set(
            WithdrawalCase.objects.filter(state=WithdrawalState.PROPOSED).values_list(
                "appointment_id", flat=True
            )
        )
        cases = [
            WithdrawalCase(
                appointment=p.appointment, reason=p.reason, facts=p.facts, proposed_by_role=SYSTEM_ROLE
            )
            for pk, p in wanted.items()
            if pk in still_active and pk not in with_open_case
        ]
        opened = withdrawal_workflow.open_by_rule(cases, "propose")
        if opened:
            transaction.on_commit(lambda: tell_bases_and_stations(opened))
        return opened
