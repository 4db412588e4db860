"""The scores an evaluation's grade is computed from (Art. 5): the experts' when any expert of the campaign's
panels submitted scores for it (each indicator the mean of the submitted experts' scores), else the base's
self-scores as the bureau checked them (Art. 6). The experts score on the review module's rubric, whose items
the campaign's panel made from the campaign's indicators in their order (``review_purpose.panel_form``)."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from postdoc_base.policy.oversight.evaluation import weighted_score
from postdoc_base.review.enums import AssignmentState, PanelPurpose
from postdoc_base.review.models import Assignment, Score

from .enums import ScoreSource
from .models import CampaignIndicator, Evaluation, EvaluationScore


def _assignments(evaluation: Evaluation):
    return Assignment.objects.filter(
        subject_type=ContentType.objects.get_for_model(Evaluation),
        subject_id=evaluation.pk,
        panel__purpose=PanelPurpose.EVALUATION,
    )


def pending_expert_reviews(evaluation: Evaluation) -> int:
    """Experts assigned to ``evaluation`` who have not submitted yet (withdrawn assignments aside)."""
    return _assignments(evaluation).filter(state=AssignmentState.ASSIGNED).count()


def expert_scores(evaluation: Evaluation, indicators: list[CampaignIndicator]) -> dict[int, Decimal]:
    """{indicator id: the mean of the submitted experts' scores on it}, matched through the rubric item's order;
    empty when no expert submitted."""
    by_order = {i.order: i.pk for i in indicators}
    sums: dict[int, list[Decimal]] = defaultdict(list)
    rows = Score.objects.filter(
        assignment__in=_assignments(evaluation).filter(state=AssignmentState.SUBMITTED)
    ).values_list("item__order", "score")
    for order, score in rows:
        if order in by_order:
            sums[by_order[order]].append(score)
    return {pk: sum(values, Decimal(0)) / len(values) for pk, values in sums.items()}


def self_scores(evaluation: Evaluation) -> dict[int, Decimal]:
    return dict(
        EvaluationScore.objects.filter(evaluation_id=evaluation.pk).values_list("indicator_id", "self_score")
    )


def computed_score(evaluation: Evaluation) -> tuple[Decimal | None, str]:
    """The evaluation's weighted score and where it came from (``ScoreSource``); None when incomplete."""
    indicators = list(CampaignIndicator.objects.filter(campaign_id=evaluation.campaign_id))
    weights = {i.pk: i.weight for i in indicators}
    experts = expert_scores(evaluation, indicators)
    if experts:
        return weighted_score(experts, weights), ScoreSource.EXPERTS
    return weighted_score(self_scores(evaluation), weights), ScoreSource.SELF
