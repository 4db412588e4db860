"""The assignment workflow (第十一条第（三）项 / Art. 11(3)): the expert scores and submits; the region
administrator may ask for a rescore or withdraw the assignment, and so may the base's unit administrator on
the assessment panels it organises (Art. 17)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel.workflow import SYSTEM_ROLE, ObligationSpec, Transition, Workflow
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.review import ART11_3

from .enums import AssignmentState as A
from .enums import PanelPhase, PanelPurpose
from .models import Assignment, Panel
from .permissions import assignment_actor, organiser_assignment, unit_organiser_assignment


def panel_article(panel) -> str:
    """The article a panel works under: Art. 11(3) for establishment review; for any other purpose, its
    context's (a postdoc assessment: Art. 17 mid-term, Art. 18 exit; an evaluation campaign: Art. 5)."""
    if panel.purpose == PanelPurpose.ESTABLISHMENT:
        return ART11_3
    return panel.context.article


def assignment_article(assignment) -> str:
    return panel_article(assignment.panel)


def panel_not_closed(assignment, ctx):
    if assignment.panel.phase == PanelPhase.CLOSED:
        yield Finding(
            False, "review.panel_closed", assignment_article(assignment), _("评审已结束，不能再修改评分。")
        )


def every_item_scored(assignment, ctx):
    item_ids = set(assignment.panel.rubric.items.values_list("id", flat=True))
    scored = set(assignment.scores.values_list("item_id", flat=True))
    missing = len(item_ids - scored)
    if missing:
        yield Finding(
            False, "review.items_unscored", assignment_article(assignment),
            _("还有%(n)d个评分项未评分，请全部评分后提交。") % {"n": missing},
        )  # fmt: skip


def comment_present(assignment, ctx):
    if not assignment.comment.strip():
        yield Finding(
            False, "review.comment_blank", assignment_article(assignment), _("请填写评审意见后提交。")
        )


def mark_submitted(assignment, ctx) -> None:
    assignment.submitted_at = timezone.now()


def clear_submitted(assignment, ctx) -> None:
    assignment.submitted_at = None


ASSIGNMENT_TRANSITIONS = [
    Transition(
        "submit", _("提交评分"), (A.ASSIGNED,), A.SUBMITTED, (Role.EXPERT,), assignment_article,
        guards=(panel_not_closed, every_item_scored, comment_present), effect=mark_submitted,
    ),
    Transition(
        "reopen", _("退回专家重新评分"), (A.SUBMITTED,), A.ASSIGNED, (Role.REGION_ADMIN, Role.UNIT_ADMIN),
        assignment_article,
        guards=(panel_not_closed,), comment_required=True, effect=clear_submitted, style="outline-warning",
    ),
    # Also taken by the rules when the subject goes away (an assessment cancelled on withdrawal).
    Transition(
        "withdraw", _("撤回分配"), (A.ASSIGNED,), A.WITHDRAWN, (Role.REGION_ADMIN, Role.UNIT_ADMIN, SYSTEM_ROLE),
        assignment_article,
        comment_required=True, style="outline-danger",
    ),
]  # fmt: skip

ASSIGNMENT_OBLIGATIONS = [
    ObligationSpec(
        "review_score", _("专家评分"), frozenset({A.ASSIGNED}), Role.EXPERT,
        lambda a: a.member.expert_id, lambda a: a.panel.due_on, assignment_article,
    ),
]  # fmt: skip


def assignment_recipients(assignment, transition, to_state):
    """The expert hears of a rescore request or a withdrawn assignment."""
    if transition.action in ("reopen", "withdraw"):
        return list(users_with_role(Role.EXPERT, assignment.member.expert_id))
    return []


assignment_workflow = Workflow(
    name="review_assignment",
    model=Assignment,
    transitions=ASSIGNMENT_TRANSITIONS,
    assignment_for=assignment_actor,
    state_labels=dict(A.choices),
    obligations=ASSIGNMENT_OBLIGATIONS,
    recipients=assignment_recipients,
    url=lambda a: a.get_absolute_url(),
    round_path="panel_id",
)


# --- the panel's phases: independent scoring, then shared deliberation, then closed; forward only --------
PANEL_TRANSITIONS = [
    Transition(
        "open_shared", _("进入合议阶段"), (PanelPhase.INDEPENDENT,), PanelPhase.SHARED,
        (Role.REGION_ADMIN, Role.UNIT_ADMIN), panel_article,
    ),
    Transition(
        "close", _("结束评审"), (PanelPhase.INDEPENDENT, PanelPhase.SHARED), PanelPhase.CLOSED,
        (Role.REGION_ADMIN, Role.UNIT_ADMIN, SYSTEM_ROLE), panel_article, style="outline-danger",
    ),
]  # fmt: skip

# The target phase a panel moves to -> the transition that takes it there.
PHASE_ACTIONS = {t.target: t.action for t in PANEL_TRANSITIONS}


def panel_actor(user, role: str, panel):
    """The kernel's question for a Panel: the region administrator runs any panel's phases; a base's unit
    administrator those of its assessment panels (Art. 17)."""
    if role == Role.REGION_ADMIN:
        return organiser_assignment(user)
    if role == Role.UNIT_ADMIN:
        return unit_organiser_assignment(user, panel.purpose, panel.context)
    return None


panel_workflow = Workflow(
    name="review_panel",
    model=Panel,
    transitions=PANEL_TRANSITIONS,
    assignment_for=panel_actor,
    state_labels=dict(PanelPhase.choices),
    state_field="phase",
    url=lambda p: p.get_absolute_url(),
)
