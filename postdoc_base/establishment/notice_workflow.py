"""The objection workflow (异议, 第十一条第（三）项 / Art. 11(3)): an objection filed during the public notice
holds its application until the region administrator upholds it (application rejected) or dismisses it."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.kernel.workflow import ObligationSpec, Transition, Workflow
from postdoc_base.policy.establishment import ART11_3

from .enums import ApplicationState, ObjectionState
from .models import BaseApplication, Objection


def objection_assignment(user, role: str, objection):
    return region_admin_assignment(user) if role == Role.REGION_ADMIN else None


def _decide(objection, ctx) -> None:
    objection.decision = ctx.comment
    objection.decided_at = timezone.now()


def _uphold(objection, ctx) -> None:
    """The application is rejected (not filed); a second upheld objection finds it rejected already."""
    from .workflow import application_workflow

    _decide(objection, ctx)
    app = BaseApplication.objects.get(pk=objection.item.application_id)
    if app.state == ApplicationState.IN_NOTICE:
        application_workflow.apply(app, "objection_upheld", actor=ctx.actor, comment=ctx.comment, batch=True)


OBJECTION_TRANSITIONS = [
    Transition(
        "uphold", _("异议成立"), (ObjectionState.PENDING,), ObjectionState.UPHELD, (Role.REGION_ADMIN,),
        ART11_3, comment_required=True, effect=_uphold, style="outline-danger",
    ),
    Transition(
        "dismiss", _("异议不成立"), (ObjectionState.PENDING,), ObjectionState.DISMISSED, (Role.REGION_ADMIN,),
        ART11_3, comment_required=True, effect=_decide,
    ),
]  # fmt: skip

OBJECTION_OBLIGATIONS = [
    ObligationSpec(
        "objection_decide", _("处理公示异议"), frozenset({ObjectionState.PENDING}), Role.REGION_ADMIN,
        None, lambda o: None, ART11_3,
    ),
]  # fmt: skip

objection_workflow = Workflow(
    name="objection",
    model=Objection,
    transitions=OBJECTION_TRANSITIONS,
    assignment_for=objection_assignment,
    state_labels=dict(ObjectionState.choices),
    obligations=OBJECTION_OBLIGATIONS,
    url=lambda o: o.get_absolute_url(),
    bureau_path="item__application__unit__bureau_id",
    round_path="item__application__round_id",
)
