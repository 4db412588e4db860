"""The kernel workflow of withdrawal cases (退出基地, Art. 23): proposed, then decided by the region; a decision
to withdraw takes the appointment's own withdraw step."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import holders_by_scope, users_with_role
from postdoc_base.kernel.notifications import notify_each
from postdoc_base.kernel.workflow import SYSTEM_ROLE, ObligationSpec, Transition, Workflow
from postdoc_base.policy import tenure as tenure_policy
from postdoc_base.policy.findings import Finding

from ..stay.enums import ACTIVE_APPOINTMENT_STATES
from ..stay.models import Appointment
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


def tell_bases_and_stations(cases: list[WithdrawalCase]) -> None:
    """After a sweep commits: each case's base (its unit administrators) and partner station (its contacts),
    the people ``_withdrawal_recipients`` names for one case, hear that the rules proposed the postdoc's withdrawal and that the region decides; three queries and
    two inserts however many cases."""
    links = Appointment.objects.filter(pk__in=[c.appointment_id for c in cases])
    where = {
        pk: (unit_id, station_id)
        for pk, unit_id, station_id in links.values_list("pk", "base__unit_id", "station_id")
    }
    admins = holders_by_scope(Role.UNIT_ADMIN, {unit for unit, _station in where.values()})
    contacts = holders_by_scope(Role.STATION_CONTACT, {station for _unit, station in where.values()})
    notify_each(
        (
            [*admins.get(where[c.appointment_id][0], ()), *contacts.get(where[c.appointment_id][1], ())],
            str(_("%(subject)s：系统提出退出基地") % {"subject": str(c)}),
            str(_("依%(article)s提出，待自治区博士后管理部门决定。") % {"article": c.article}),
            c.get_absolute_url(),
        )
        for c in cases
    )


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
    bureau_path="appointment__base__unit__bureau_id",
)
