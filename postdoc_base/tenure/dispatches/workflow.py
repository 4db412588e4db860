"""The kernel workflow of dispatches (派出, Art. 16): requested, approved or refused by the base, the return
confirmed."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel.workflow import ObligationSpec, Transition, Workflow
from postdoc_base.policy.articles import ART16
from postdoc_base.policy.findings import Finding

from .enums import DispatchState
from .models import Dispatch
from .permissions import dispatch_assignment

DS = DispatchState


def _returned_on_set(dispatch, ctx):
    if dispatch.returned_on is None:
        yield Finding(False, "art16.no_return_date", ART16, _("请填写实际返回日期。"))


def _dispatch_recipients(d, transition, to_state):
    return list(users_with_role(Role.UNIT_ADMIN, d.appointment.base.unit_id))


DISPATCH_TRANSITIONS = [
    # Creation row: the postdoc or the base asks (services.dispatch_request, Workflow.created).
    Transition("request", _("申请派出"), (), DS.REQUESTED, (Role.POSTDOC, Role.UNIT_ADMIN), ART16, batch_only=True),
    Transition("approve", _("批准派出"), (DS.REQUESTED,), DS.APPROVED, (Role.UNIT_ADMIN,), ART16),
    Transition(
        "refuse", _("不予派出"), (DS.REQUESTED,), DS.REFUSED, (Role.UNIT_ADMIN,), ART16, comment_required=True,
        style="outline-danger",
    ),
    Transition(
        "confirm_return", _("确认返回"), (DS.APPROVED,), DS.RETURNED, (Role.UNIT_ADMIN,), ART16,
        guards=(_returned_on_set,), batch_only=True, records=("returned_on",),
    ),
]  # fmt: skip

DISPATCH_OBLIGATIONS = [
    ObligationSpec(
        "dispatch_return", _("确认派出人员返回"), frozenset({DS.APPROVED}), Role.UNIT_ADMIN,
        lambda d: d.appointment.base.unit_id, lambda d: d.planned_return, ART16,
    ),
]  # fmt: skip

dispatch_workflow = Workflow(
    name="dispatch",
    model=Dispatch,
    transitions=DISPATCH_TRANSITIONS,
    assignment_for=dispatch_assignment,
    state_labels=dict(DispatchState.choices),
    obligations=DISPATCH_OBLIGATIONS,
    recipients=_dispatch_recipients,
    url=lambda d: d.get_absolute_url(),
    bureau_path="appointment__base__unit__bureau_id",
)
