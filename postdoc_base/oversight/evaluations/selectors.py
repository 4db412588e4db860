"""Reads of evaluation campaigns and evaluations (Arts. 5, 6), in the base file's three scopes: the region all; a
bureau officer the evaluations of its units' bases; a unit administrator its own base's
(``oversight.selectors.base_files_visible_to``). A campaign is seen by the region, and by anyone who sees one of
its evaluations."""

from django.db.models import Count, Prefetch, Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.kernel.listing import declare

from .models import CampaignIndicator, Evaluation, EvaluationCampaign, EvaluationEvidence, EvaluationScore

# The lists (kernel.listing), ordered as the models' Meta.ordering. A base has one evaluation per campaign, so
# its unit's and its bureau's are joins.
EVALUATION_LIST = declare(
    "evaluations", Evaluation, filters={"state": "state", "campaign": "campaign", "grade": "grade"},
    joins=("base__unit_id", "base__unit__bureau_id"),
    pages=("oversight:evaluation_list", "oversight:evaluation_campaign_detail"), apis=("evaluation_list",),
)  # fmt: skip
CAMPAIGN_LIST = declare(
    "evaluation campaigns", EvaluationCampaign, joins=("evaluations__base_id",),
    pages=("oversight:evaluation_campaign_list",), apis=("evaluation_campaign_list",),
)  # fmt: skip


def evaluations_visible_to(user) -> QuerySet[Evaluation]:
    qs = Evaluation.objects.select_related("campaign", "base__unit__bureau")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(
        scope_q(user, Role.BUREAU_OFFICER, "base__unit__bureau_id")
        | scope_q(user, Role.UNIT_ADMIN, "base__unit_id")
    )


def campaigns_visible_to(user) -> QuerySet[EvaluationCampaign]:
    qs = EvaluationCampaign.objects.all()
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(pk__in=evaluations_visible_to(user).values("campaign_id"))


def with_counts(qs: QuerySet[EvaluationCampaign], user) -> QuerySet[EvaluationCampaign]:
    """Each campaign with the number of its evaluations ``user`` sees, in total and ended, in the list's order."""
    visible = evaluations_visible_to(user).values("pk")
    mine = Q(evaluations__in=visible)
    return CAMPAIGN_LIST.order(
        qs.annotate(
            evaluation_count=Count("evaluations", filter=mine),
            graded_count=Count("evaluations", filter=mine & ~Q(evaluations__grade="")),
        )
    )


def with_details(qs: QuerySet[Evaluation]) -> QuerySet[Evaluation]:
    """``qs`` with each evaluation's campaign indicators, self-scores and evidence (three queries)."""
    return qs.prefetch_related(
        Prefetch("campaign__indicators", queryset=CampaignIndicator.objects.order_by("order", "id")),
        Prefetch("scores", queryset=EvaluationScore.objects.select_related("indicator")),
        Prefetch("evidence", queryset=EvaluationEvidence.objects.select_related("indicator")),
    )
