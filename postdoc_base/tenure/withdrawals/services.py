"""Writes for withdrawal cases (退出基地, Art. 23): proposed by the base, the station, the region or the rules
(the sweeps, a failed assessment); one open case per appointment, in one transaction with its audit event."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import audit
from postdoc_base.kernel.files import files_removed_on_failure
from postdoc_base.kernel.workflow import snapshot
from postdoc_base.policy.tenure import ART23, WithdrawalReason

from ..permissions import _refuse
from ..stay.enums import ACTIVE_APPOINTMENT_STATES
from ..stay.models import Appointment
from ..uploads import _attach
from .enums import WithdrawalState
from .models import WithdrawalCase
from .permissions import withdrawal_proposer
from .workflow import withdrawal_workflow

SYSTEM_ROLE = "system"  # proposed_by_role of a case opened by the rules, not by a person


def withdrawal_propose(*, actor, appointment, reason, facts: str, uploaded=None):
    """Art. 23: the base, the station or the region proposes that a postdoc withdraw for one of the ten
    reasons; the region decides. Only for an active appointment, one open case at a time."""
    system = actor is None  # opened by the rules (e.g. the Art. 23(8) dispatch sweep), not by a person
    assignment = None if system else withdrawal_proposer(actor, appointment)
    if assignment is None and not system:
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
    evidence = {}
    if uploaded is not None:
        try:
            name, content_type, file = _attach(uploaded)
            evidence = {"evidence": file, "evidence_name": name, "evidence_type": content_type}
        except ValidationError as e:
            errors["evidence"] = e.messages
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
        role = SYSTEM_ROLE if system else assignment.role
        case = WithdrawalCase.objects.create(
            appointment=locked, reason=reason, facts=facts, proposed_by_role=role, **evidence
        )
        track(case.evidence)
        audit.record(actor=actor, subject=case, action="propose", role=role,
                     scope="" if system else assignment.scope_label, to_state=case.state,
                     diff=audit.field_diff({}, snapshot(case)))  # fmt: skip
        withdrawal_workflow.sync_obligations(case, case.state)
    return case
