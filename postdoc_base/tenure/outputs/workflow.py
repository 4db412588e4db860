"""The kernel workflow of outputs (在站成果, Art. 17): the postdoc enters, a supervisor confirms or returns.

An output entered on the page carries its evidence and is submitted at once; one imported from a workbook starts
as a draft (待补证明材料) and goes to the supervisors when the postdoc attaches the evidence and submits it.

Technology transfers also carry the income and the postdoc's share (Art. 20); the confirmation step itself is
the Art. 17 step for every kind, so the transitions cite Art. 17.
"""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel.workflow import ObligationSpec, Transition, Workflow
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.tenure import ART17

from .enums import OutputState
from .models import Output
from .permissions import output_assignment, supervisor_ids

OS = OutputState


def evidence_attached(output, ctx=None) -> list[Finding]:
    """第十七条: an output goes to its supervisors for confirmation only with its evidence (证明材料). The guard of
    submitting a draft and of resubmitting: the one place the rule is written, for the button and the refusal."""
    if output.evidence:
        return []
    return [Finding(False, "art17.evidence_required", ART17, _("请先上传证明材料，再提交导师确认。"))]


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
    """Back to the postdoc when a supervisor decides; to both supervisors when the postdoc submits a draft or
    resubmits (as ``services.output_create`` tells them of an output entered with its evidence)."""
    return list(supervisor_users(output) if to_state == OS.SUBMITTED else postdoc_users(output))


OUTPUT_TRANSITIONS = [
    # Creation rows: the postdoc enters an output with its evidence (services.output_create), so it is submitted
    # at once, or imports it from a workbook as a draft that waits for the evidence (services.output_import); an
    # 优秀 grade is recorded as a confirmed award by the base that grades it (第十七条,
    # assessments.services._record_award).
    Transition("import", _("批量导入在站成果"), (), OS.DRAFT, (Role.POSTDOC,), ART17, batch_only=True),
    Transition("create", _("登记在站成果"), (), OS.SUBMITTED, (Role.POSTDOC,), ART17, batch_only=True),
    Transition("record_award", _("记录表彰奖励"), (), OS.CONFIRMED, (Role.UNIT_ADMIN,), ART17, batch_only=True),
    Transition("confirm", _("确认成果"), (OS.SUBMITTED,), OS.CONFIRMED, (Role.SUPERVISOR,), ART17,
               effect=_confirmed),
    Transition(
        "return", _("退回修改"), (OS.SUBMITTED,), OS.RETURNED, (Role.SUPERVISOR,), ART17, comment_required=True,
        style="outline-danger",
    ),
    Transition("submit", _("提交导师确认"), (OS.DRAFT,), OS.SUBMITTED, (Role.POSTDOC,), ART17,
               guards=(evidence_attached,)),
    Transition("resubmit", _("重新提交"), (OS.RETURNED,), OS.SUBMITTED, (Role.POSTDOC,), ART17,
               guards=(evidence_attached,), effect=_resubmitted),
]  # fmt: skip


# One to-do item per supervisor: each spec names one of the two (a kind opens once per subject). A draft owes no
# item: the postdoc who imported it finds it on the outputs list (状态: 待补证明材料).
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
