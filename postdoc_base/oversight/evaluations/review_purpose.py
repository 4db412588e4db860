"""The evaluation purpose of the review module (Art. 5: 自治区……承担基地……评估): the region forms a panel for a
campaign, whose rubric is the campaign's indicators (each scored 0-100 with its weight), and assigns it the
campaign's evaluations the bureaus forwarded; experts score each through the review module's own scoring. The
region's grade then reads the experts' scores (``scoring.computed_score``)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from postdoc_base.review import services as review_services
from postdoc_base.review.enums import PanelPurpose
from postdoc_base.review.subjects import ReviewPurpose, register_purpose

from .enums import EvaluationState
from .models import CampaignIndicator, Evaluation, EvaluationCampaign
from .permissions import campaign_organiser


def _subjects() -> QuerySet:
    return Evaluation.objects.select_related("campaign", "base__unit")


def _candidates(panel) -> QuerySet:
    """The campaign's evaluations the bureaus forwarded and the region has not graded yet."""
    return (
        _subjects()
        .filter(campaign_id=panel.context_id, state=EvaluationState.CHECKED)
        .order_by("base__name", "id")
    )


def _contexts_visible_to(user) -> QuerySet:
    qs = EvaluationCampaign.objects.all()
    return qs if campaign_organiser(user) is not None else qs.none()


def register() -> None:
    register_purpose(
        PanelPurpose.EVALUATION,
        ReviewPurpose(
            subjects=_subjects,
            candidates=_candidates,
            contexts=EvaluationCampaign.objects.all,
            contexts_visible_to=_contexts_visible_to,
        ),
    )


def panel_form(*, actor, campaign: EvaluationCampaign, name: str, due_on, experts, blind: bool = False):
    """Art. 5: the region forms an expert panel for ``campaign``: a rubric made of the campaign's indicators (in
    their order, weights as set, each out of 100), the panel and its members (the first expert chairs). The
    region then assigns evaluations on the review module's panel page, where conflicts are excluded."""
    experts = list(experts)
    if not experts:
        raise ValidationError({"experts": [_("请至少选择一位专家。")]})
    indicators = list(CampaignIndicator.objects.filter(campaign=campaign).order_by("order", "id"))
    with transaction.atomic():
        rubric = review_services.rubric_create(
            actor=actor, name=str(_("%(campaign)s评分标准") % {"campaign": campaign.name})[:100],
            items=[{"label": i.label, "weight": i.weight, "max_score": 100} for i in indicators],
            purpose=PanelPurpose.EVALUATION, context=campaign,
        )  # fmt: skip
        panel = review_services.panel_create(
            actor=actor, name=name, purpose=PanelPurpose.EVALUATION, context=campaign, rubric=rubric,
            due_on=due_on, blind=blind,
        )  # fmt: skip
        for n, expert in enumerate(experts):
            review_services.panel_add_member(actor=actor, panel=panel, expert=expert, is_chair=n == 0)
    return panel
