"""The kernel workflow of outputs (在站成果, Art. 17): the postdoc enters, a supervisor confirms or returns.

Technology transfers also carry the income and the postdoc's share (Art. 20); the confirmation step itself is
the Art. 17 step for every kind, so the transitions cite Art. 17.
"""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel.workflow import ObligationSpec, Transition, Workflow
from postdoc_base.policy.tenure import ART17

from .enums import OutputState
from .models import Output
from .permissions import output_assignment, supervisor_ids

OS = OutputState


def _confirmed(output, ctx) -> None:
    """第十七条: record which supervisor confirmed the output, and when."""
    output.confirmed_by_id = ctx.assignment.supervisor_id
    output.confirmed_on = ctx.today


def _resubmitted(output, ctx) -> None:
    output.confirmed_by_id = None
    output.confirmed_on = None


def postdoc_users(output):
    return users_with_role(Role.POSTDOC, output.appointment.postdoc_id)


def supervisor_users(output):
    return [u for sid in supervisor_ids(output.appointment) for u in users_with_role(Role.SUPERVISOR, sid)]


def _output_recipients(output, transition, to_state):
    """Back to the postdoc when a supervisor decides; to both supervisors when the postdoc resubmits."""
    return list(supervisor_users(output) if to_state == OS.SUBMITTED else postdoc_users(output))


OUTPUT_TRANSITIONS = [
    # Creation rows: the postdoc enters an output (services.output_create); an 优秀 grade is recorded as a
    # confirmed award by the base that grades it (第十七条, assessments.services._record_award).
    Transition("create", _("登记在站成果"), (), OS.SUBMITTED, (Role.POSTDOC,), ART17, batch_only=True),
    Transition("record_award", _("记录表彰奖励"), (), OS.CONFIRMED, (Role.UNIT_ADMIN,), ART17, batch_only=True),
    Transition("confirm", _("确认成果"), (OS.SUBMITTED,), OS.CONFIRMED, (Role.SUPERVISOR,), ART17,
               effect=_confirmed),
    Transition(
        "return", _("退回修改"), (OS.SUBMITTED,), OS.RETURNED, (Role.SUPERVISOR,), ART17, comment_required=True,
        style="outline-danger",
    ),
    Transition("resubmit", _("重新提交"), (OS.RETURNED,), OS.SUBMITTED, (Role.POSTDOC,), ART17,
               effect=_resubmitted),
]  # fmt: skip


# One to-do item per supervisor: each spec names one of the two (a kind opens once per subject).
OUTPUT_OBLIGATIONS = [
    ObligationSpec(
        "output_confirm_station", _("确认在站成果"), frozenset({OS.SUBMITTED}), Role.SUPERVISOR,
        lambda o: o.appointment.station_supervisor_id, lambda o: None, ART17,
    ),
    ObligationSpec(
        "output_confirm_base", _("确认在站成果"), frozenset({OS.SUBMITTED}), Role.SUPERVISOR,
        lambda o: o.appointment.base_supervisor_id, lambda o: None, ART17,
    ),
    ObligationSpec(
        "output_revise", _("修改在站成果"), frozenset({OS.RETURNED}), Role.POSTDOC,
        lambda o: o.appointment.postdoc_id, lambda o: None, ART17,
    ),
]  # fmt: skip


output_workflow = Workflow(
    name="output",
    model=Output,
    transitions=OUTPUT_TRANSITIONS,
    assignment_for=output_assignment,
    state_labels=dict(OutputState.choices),
    obligations=OUTPUT_OBLIGATIONS,
    recipients=_output_recipients,
    url=lambda o: o.get_absolute_url(),
    bureau_path="appointment__base__unit__bureau_id",
)
