"""The kernel workflow of treatment checklists (补齐设站相关待遇, Art. 24 second sentence): opened by the rules when
the base is cancelled, completed and submitted by the unit, confirmed or returned by the region."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel.workflow import SYSTEM_ROLE, ObligationSpec, Transition, Workflow
from postdoc_base.policy.articles import ART24
from postdoc_base.policy.oversight import check_treatments_complete

from .enums import ChecklistState
from .models import TreatmentChecklist
from .permissions import checklist_assignment

CS = ChecklistState


def _every_item_done(checklist, ctx):
    yield from check_treatments_complete({i.key: i.done_on for i in checklist.items.all()})


def _confirmed(checklist, ctx) -> None:
    checklist.confirmed_on = ctx.today


def _checklist_recipients(checklist, transition, to_state):
    a = checklist.appointment
    if to_state == CS.SUBMITTED:
        return list(users_with_role(Role.REGION_ADMIN))
    return [*users_with_role(Role.UNIT_ADMIN, a.base.unit_id), *users_with_role(Role.POSTDOC, a.postdoc_id)]


CHECKLIST_TRANSITIONS = [
    # Creation row: opened by the rules when the base is cancelled (services.workstation_approval_record).
    Transition("open", _("开列待遇补齐清单"), (), CS.OPEN, (SYSTEM_ROLE,), ART24, batch_only=True),
    Transition("submit", _("报自治区确认"), (CS.OPEN,), CS.SUBMITTED, (Role.UNIT_ADMIN,), ART24,
               guards=(_every_item_done,)),
    Transition("confirm", _("确认已补齐"), (CS.SUBMITTED,), CS.CONFIRMED, (Role.REGION_ADMIN,), ART24,
               effect=_confirmed),
    Transition("return", _("退回补充"), (CS.SUBMITTED,), CS.OPEN, (Role.REGION_ADMIN,), ART24,
               comment_required=True, style="outline-danger"),
]  # fmt: skip

CHECKLIST_OBLIGATIONS = [
    ObligationSpec(
        "treatment_complete", _("补齐设站相关待遇"), frozenset({CS.OPEN}), Role.UNIT_ADMIN,
        lambda c: c.appointment.base.unit_id, lambda c: None, ART24,
    ),
    ObligationSpec(
        "treatment_confirm", _("确认待遇补齐情况"), frozenset({CS.SUBMITTED}), Role.REGION_ADMIN, None,
        lambda c: None, ART24,
    ),
]  # fmt: skip

checklist_workflow = Workflow(
    name="treatment_checklist",
    model=TreatmentChecklist,
    transitions=CHECKLIST_TRANSITIONS,
    assignment_for=checklist_assignment,
    state_labels=dict(ChecklistState.choices),
    obligations=CHECKLIST_OBLIGATIONS,
    recipients=_checklist_recipients,
    url=lambda c: c.get_absolute_url(),
    bureau_path="approval__base__unit__bureau_id",
)
