"""Review-module set-up for tests: rubrics, panels, experts with accounts, assignments in a given state."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.review.enums import AssignmentState, PanelPurpose
from postdoc_base.review.models import Assignment, Panel, PanelMember, Rubric, RubricItem

from . import ExpertFactory, user_with_role

ITEMS = [
    {
        "label": "研发条件",
        "guidance": "研发机构、场地和设备",
        "weight": Decimal(3),
        "max_score": Decimal(100),
    },
    {"label": "招收计划", "guidance": "计划明确可行", "weight": Decimal(1), "max_score": Decimal(10)},
]


def make_rubric(name: str = "基地设立评分标准") -> Rubric:
    rubric = Rubric.objects.create(name=name)
    for i, item in enumerate(ITEMS, start=1):
        RubricItem.objects.create(rubric=rubric, order=i, **item)
    return rubric


def make_panel(
    round_, *, blind: bool = False, threshold=Decimal(20), rubric=None, phase="independent"
) -> Panel:
    return Panel.objects.create(
        name="论证评议专家组", purpose=PanelPurpose.ESTABLISHMENT,
        context_type=ContentType.objects.get_for_model(round_), context_id=round_.pk,
        rubric=rubric or make_rubric(), due_on=timezone.localdate() + timedelta(days=10), blind=blind,
        disagreement_threshold=threshold, phase=phase,
    )  # fmt: skip


def expert_with_account(name: str, employer: str = "内蒙古农业大学", conflicts: str = "", username=None):
    expert = ExpertFactory(name=name, employer=employer, declared_conflicts=conflicts)
    user = user_with_role(
        Role.EXPERT, expert, display_name=name, **({"username": username} if username else {})
    )
    return expert, user


def add_member(panel: Panel, expert) -> PanelMember:
    n = panel.members.count()
    return PanelMember.objects.create(panel=panel, expert=expert, alias=f"专家{'ABCDEFGHIJ'[n]}")


def assignment_for(
    app, state: str = AssignmentState.ASSIGNED, *, panel=None, expert=None, total=None
) -> Assignment:
    """Test set-up only: an assignment of ``app`` in ``state`` (a panel and an expert are made if not given)."""
    panel = panel or make_panel(app.round)
    member = add_member(panel, expert or ExpertFactory())
    return Assignment.objects.create(
        panel=panel, member=member, subject_type=ContentType.objects.get_for_model(app), subject_id=app.pk,
        state=state, total=total if total is not None else (Decimal(80) if state == AssignmentState.SUBMITTED else None),
        submitted_at=timezone.now() if state == AssignmentState.SUBMITTED else None,
    )  # fmt: skip
