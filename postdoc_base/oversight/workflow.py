"""The kernel workflow of a filed base (博士后创新实践基地): filed (active) until the region revokes its filing
(Art. 24 first sentence, through a revocation case) or it is cancelled because the unit was approved to set up
a postdoc workstation (second sentence, through the workstation approval record). Both steps are taken by the
services of those records (``batch_only``), never from a button of their own.

A base filed on paper before the system enters the register through the creation row ``record_historical``
(Art. 11(3) 予以备案: the region records its own earlier filing, ``oversight.historical``), in the first state."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.kernel.workflow import Transition, Workflow
from postdoc_base.policy.articles import ART11_3, ART24

from .enums import BaseState
from .models import PracticeBase


def _base_assignment(user, role: str, base):
    return region_admin_assignment(user) if role == Role.REGION_ADMIN else None


BASE_TRANSITIONS = [
    Transition("record_historical", _("登记历史备案基地"), (), BaseState.ACTIVE, (Role.REGION_ADMIN,), ART11_3,
               batch_only=True),
    Transition("revoke", _("取消基地备案"), (BaseState.ACTIVE,), BaseState.REVOKED, (Role.REGION_ADMIN,), ART24,
               batch_only=True),
    Transition("cancel", _("资格自动注销"), (BaseState.ACTIVE,), BaseState.CANCELLED, (Role.REGION_ADMIN,), ART24,
               batch_only=True),
]  # fmt: skip

base_workflow = Workflow(
    name="practice_base",
    model=PracticeBase,
    transitions=BASE_TRANSITIONS,
    assignment_for=_base_assignment,
    state_labels=dict(BaseState.choices),
    url=lambda b: b.get_absolute_url(),
    bureau_path="unit__bureau_id",
)
