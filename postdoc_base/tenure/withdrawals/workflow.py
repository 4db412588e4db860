"""The kernel workflow of withdrawal cases (退出基地, Art. 23): proposed, then decided by the region; a decision
to withdraw takes the appointment's own withdraw step."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel.workflow import SYSTEM_ROLE, ObligationSpec, Transition, Workflow
from postdoc_base.policy import tenure as tenure_policy
from postdoc_base.policy.findings import Finding

from ..stay.enums import ACTIVE_APPOINTMENT_STATES
from ..stay.workflow import appointment_workflow
from .enums import WithdrawalState
from .models import WithdrawalCase
from .permissions import withdrawal_assignment

WS = WithdrawalState


def _appointment_still_active(case, ctx):
    if case.appointment.state not in ACTIVE_APPOINTMENT_STATES:
        yield Finding(
            False, "art23.appointment_not_active", tenure_policy.ART23,
            _("该博士后研究人员当前不在基地，不能决定退出基地。"),
        )  # fmt: skip


def _decided_withdraw(case, ctx) -> None:
    case.decision_article = tenure_policy.withdrawal_article(case.reason)
    case.decided_on = ctx.today
    appointment_workflow.apply(case.appointment, "withdraw", actor=ctx.actor, comment=ctx.comment, batch=True)


def _dismissed(case, ctx) -> None:
    case.decided_on = ctx.today


def _withdrawal_recipients(case, transition, to_state):
    a = case.appointment
    return [
        *users_with_role(Role.UNIT_ADMIN, a.base.unit_id),
        *users_with_role(Role.STATION_CONTACT, a.station_id),
    ]


WITHDRAWAL_TRANSITIONS = [
    # Creation row: proposed by the base, the station or the region (services.withdrawal_propose, allowed by
    # the withdrawal_proposer predicate, Workflow.created) or by the rules (the Art. 23(1), (3), (8), (9)
    # sweeps and a failed assessment, Workflow.open_by_rule).
    Transition(
        "propose", _("提出退出基地"), (), WS.PROPOSED,
        (Role.UNIT_ADMIN, Role.STATION_CONTACT, Role.REGION_ADMIN, SYSTEM_ROLE), tenure_policy.ART23, batch_only=True,
    ),
    Transition(
        "decide_withdraw", _("决定退出基地"), (WS.PROPOSED,), WS.DECIDED_WITHDRAWN, (Role.REGION_ADMIN,),
        tenure_policy.ART23, guards=(_appointment_still_active,), comment_required=True,
        effect=_decided_withdraw, style="danger",
    ),
    Transition(
        "dismiss", _("不予退出"), (WS.PROPOSED,), WS.DISMISSED, (Role.REGION_ADMIN,), tenure_policy.ART23,
        comment_required=True, effect=_dismissed, style="outline-secondary",
    ),
]  # fmt: skip

WITHDRAWAL_OBLIGATIONS = [
    ObligationSpec(
        "withdrawal_decision", _("处理退出基地案件"), frozenset({WS.PROPOSED}), Role.REGION_ADMIN,
        None, lambda c: None, tenure_policy.ART23,
    ),
]  # fmt: skip

withdrawal_workflow = Workflow(
    name="withdrawal_case",
    model=WithdrawalCase,
    transitions=WITHDRAWAL_TRANSITIONS,
    assignment_for=withdrawal_assignment,
    state_labels=dict(WithdrawalState.choices),
    obligations=WITHDRAWAL_OBLIGATIONS,
    recipients=_withdrawal_recipients,
    url=lambda c: c.get_absolute_url(),
)
