"""The kernel workflow of positions (岗位, Art. 21): posted (published) by a base's unit, a bureau or the region;
closed by whoever manages it; reopened by them up to its closing day."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel.workflow import Transition, Workflow
from postdoc_base.policy.articles import ART21
from postdoc_base.policy.oversight.employment import closes_on_finding

from .enums import PositionState
from .models import Position
from .permissions import POSTER_ROLES, position_assignment

PS = PositionState


def _closing_day_not_passed(position, ctx):
    finding = closes_on_finding(position.closes_on, ctx.today)
    if not finding.ok:
        yield finding


def _closed(position, ctx) -> None:
    position.closed_on = ctx.today


def _reopened(position, ctx) -> None:
    position.closed_on = None


POSITION_TRANSITIONS = [
    # Creation row: a base's unit administrator (its own unit), a bureau officer or the region posts
    # (services.position_post, allowed by the poster_assignment predicate, Workflow.created).
    Transition("post", _("发布岗位"), (), PS.PUBLISHED, POSTER_ROLES, ART21, batch_only=True),
    Transition(
        "close", _("关闭岗位"), (PS.PUBLISHED,), PS.CLOSED, POSTER_ROLES, ART21, effect=_closed,
        style="outline-secondary",
    ),
    Transition(
        "reopen", _("重新发布"), (PS.CLOSED,), PS.PUBLISHED, POSTER_ROLES, ART21,
        guards=(_closing_day_not_passed,), effect=_reopened,
    ),
]  # fmt: skip

position_workflow = Workflow(
    name="position",
    model=Position,
    transitions=POSITION_TRANSITIONS,
    assignment_for=position_assignment,
    state_labels=dict(PositionState.choices),
    url=lambda p: p.get_absolute_url(),
    bureau_path="bureau_id",
)

__all__ = ["position_workflow"]
