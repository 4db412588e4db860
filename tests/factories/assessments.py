"""Set-up for assessments (Arts. 7, 17, 18): a postdoc in a base, the joint panel's experts with accounts,
and an assessment in a given state."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.policy.tenure import AssessmentKind
from postdoc_base.review.enums import AssignmentState
from postdoc_base.tenure.assessments import services as assessment_services
from postdoc_base.tenure.assessments.enums import AssessmentState
from postdoc_base.tenure.assessments.models import Assessment

from .review import expert_with_account


def make_assessment(appointment, kind: str = AssessmentKind.MIDTERM, state: str = AssessmentState.SCHEDULED,
                    due_on: date = date(2027, 1, 31), **kwargs) -> Assessment:  # fmt: skip
    """An assessment row set up directly (no workflow)."""
    return Assessment.objects.create(appointment=appointment, kind=kind, state=state, due_on=due_on, **kwargs)


def joint_experts(appointment, n_base: int = 2, n_station: int = 1) -> list:
    """Experts with accounts: ``n_base`` from the base's unit (its academic committee), ``n_station`` from
    the partner station's university. Returns [(expert, user), ...], base side first."""
    base_unit, university = appointment.base.unit.name, appointment.station.university
    people = [expert_with_account(f"基地专家{i}", employer=base_unit) for i in range(1, n_base + 1)]
    people += [expert_with_account(f"流动站专家{i}", employer=university) for i in range(1, n_station + 1)]
    return people


def due_in(days: int = 14) -> date:
    return timezone.localdate() + timedelta(days=days)


def formed(actor, assessment, people, chair=None) -> Assessment:
    """Form the panel through the service with ``people`` (from ``joint_experts``); the first chairs."""
    ids = [e.pk for e, _u in people]
    return assessment_services.form_panel(
        actor=actor, assessment=assessment, expert_ids=ids, chair_id=chair or ids[0], due_on=due_in()
    )


def score_all(assessment, user, value) -> None:
    """The expert ``user`` scores every item ``value`` and submits, through the review services."""
    from postdoc_base.review import services as review_services
    from postdoc_base.review.models import Assignment
    from postdoc_base.review.workflow import assignment_workflow

    assignment = Assignment.objects.get(
        panel=assessment.panel,
        member__expert_id__in=user.scope_ids(Role.EXPERT),
        state=AssignmentState.ASSIGNED,
    )
    items = assessment.panel.rubric.items.all()
    review_services.scores_save(
        actor=user, assignment=assignment, scores={i.pk: Decimal(value) for i in items}, comment="成果突出。"
    )
    assignment_workflow.apply(assignment, "submit", actor=user)
