"""/api/v1/evaluation-campaigns and /api/v1/evaluations (评估, Arts. 5, 6, 25), mounted by api/api.py: the lists
and details in their scopes; opening a campaign, the base's self-evaluation and rectification, the bureau's check
and the region's grade through the same services as the pages; the workflow routes."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.common import get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.types import (
    DEFAULT_PAGE_SIZE,
    Day,
    Id,
    Page,
    PageSize,
    Query,
    Text,
    dict_of,
    int_of,
    list_of,
    text_of,
)
from postdoc_base.policy.oversight.evaluation import (
    DEFAULT_INDICATORS,
    DEFAULT_THRESHOLDS,
    MIN_FILED_YEARS,
    Indicator,
    Thresholds,
)

from . import services
from .models import CampaignIndicator, Evaluation, EvaluationCampaign
from .selectors import (
    CAMPAIGN_LIST,
    EVALUATION_LIST,
    campaigns_visible_to,
    evaluations_visible_to,
    with_counts,
    with_details,
)
from .workflow import evaluation_workflow


class CampaignIndicatorOut(Schema):
    id: int
    label: str
    weight: int
    order: int


class CampaignOut(Schema):
    id: int
    name: str
    year: int
    reference_date: date
    min_filed_years: int
    excellent_min: int
    good_min: int
    qualified_min: int
    self_due_on: date
    check_due_on: date
    grade_due_on: date
    evaluation_count: int
    graded_count: int
    created_at: datetime


class CampaignDetailOut(CampaignOut):
    indicators: list[CampaignIndicatorOut]

    @staticmethod
    def resolve_indicators(obj) -> list:
        return list(obj.indicators.all())


class IndicatorIn(Schema):
    label: text_of(CampaignIndicator, "label")
    weight: int_of(CampaignIndicator, "weight")


class CampaignIn(Schema):
    name: text_of(EvaluationCampaign, "name")
    year: int_of(EvaluationCampaign, "year")
    reference_date: Day
    min_filed_years: int_of(EvaluationCampaign, "min_filed_years") = MIN_FILED_YEARS
    indicators: list_of(IndicatorIn, 50) = [
        IndicatorIn(label=i.label, weight=i.weight) for i in DEFAULT_INDICATORS
    ]
    excellent_min: int_of(EvaluationCampaign, "excellent_min") = DEFAULT_THRESHOLDS.excellent
    good_min: int_of(EvaluationCampaign, "good_min") = DEFAULT_THRESHOLDS.good
    qualified_min: int_of(EvaluationCampaign, "qualified_min") = DEFAULT_THRESHOLDS.qualified
    self_due_on: Day
    check_due_on: Day
    grade_due_on: Day


class EvaluationOut(Schema):
    id: int
    campaign_id: int
    campaign_name: str
    base_id: int
    base_name: str
    bureau_name: str | None
    state: str
    state_label: str
    submitted_on: date | None
    checked_on: date | None
    score: Decimal | None
    score_source: str
    grade: str
    grade_label: str
    graded_on: date | None
    rectification_due_on: date | None
    final_grade: str
    closed_on: date | None

    @staticmethod
    def resolve_campaign_name(obj) -> str:
        return obj.campaign.name

    @staticmethod
    def resolve_base_name(obj) -> str:
        return obj.base.name

    @staticmethod
    def resolve_bureau_name(obj) -> str | None:
        return obj.base.unit.bureau.name if obj.base.unit.bureau_id else None

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_grade_label(obj) -> str:
        return str(obj.get_grade_display()) if obj.grade else ""


class EvaluationScoreOut(Schema):
    indicator_id: int
    indicator: str
    weight: int
    self_score: Decimal

    @staticmethod
    def resolve_indicator(obj) -> str:
        return obj.indicator.label

    @staticmethod
    def resolve_weight(obj) -> int:
        return obj.indicator.weight


class EvidenceOut(Schema):
    id: int
    stage: str
    indicator_id: int | None
    file_name: str
    created_at: datetime


class EvaluationDetailOut(EvaluationOut):
    statement: str
    check_comment: str
    rectification_report: str
    rectification_submitted_on: date | None
    scores: list[EvaluationScoreOut]
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_scores(obj) -> list:
        return list(obj.scores.all())

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.all())


class SelfEvaluationIn(Schema):
    scores: dict_of(int, Decimal | None) = {}
    statement: Text | None = None


class CheckIn(Schema):
    decision: Literal["forward", "return"]
    comment: Text


class EvaluationGradeIn(Schema):
    rectification_due: Day | None = None
    comment: Text = ""


campaigns = Router(tags=["evaluations"])
evaluations = Router(tags=["evaluations"])


def _campaign(user, pk):
    return get_visible(with_counts(campaigns_visible_to(user), user), pk)


def _evaluation(user, pk):
    return get_visible(with_details(evaluations_visible_to(user)), pk)


@campaigns.get("", response=page_of(CampaignOut), summary="List evaluation campaigns (评估批次, Art. 5)")
def evaluation_campaign_list(request, page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    return paginate(
        CAMPAIGN_LIST.order(with_counts(campaigns_visible_to(request.user), request.user)), page, page_size
    )


@campaigns.get(
    "/{int:pk}", response=CampaignDetailOut, summary="Evaluation campaign detail with its indicators"
)
def evaluation_campaign_detail(request, pk: Id):
    return _campaign(request.user, pk)


@campaigns.post("", response={201: CampaignDetailOut},
                summary="Open an evaluation campaign (the region; Art. 5): one evaluation per covered base")  # fmt: skip
def evaluation_campaign_create(request, payload: CampaignIn):
    campaign = services.campaign_open(
        actor=request.user, name=payload.name, year=payload.year, reference_date=payload.reference_date,
        min_filed_years=payload.min_filed_years,
        indicators=[Indicator(i.label, i.weight) for i in payload.indicators],
        thresholds=Thresholds(payload.excellent_min, payload.good_min, payload.qualified_min),
        self_due_on=payload.self_due_on, check_due_on=payload.check_due_on, grade_due_on=payload.grade_due_on,
    )  # fmt: skip
    return Status(201, _campaign(request.user, campaign.pk))


@evaluations.get("", response=page_of(EvaluationOut), summary="List evaluations (评估, Arts. 5, 6)")
def evaluation_list(
    request, state: Query = "", grade: Query = "", campaign: Id | None = None, page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):  # fmt: skip
    qs = EVALUATION_LIST.filter(
        evaluations_visible_to(request.user), state=state, grade=grade, campaign=campaign
    )
    return paginate(qs, page, page_size)


@evaluations.get(
    "/{int:pk}", response=EvaluationDetailOut, summary="Evaluation detail with self-scores and evidence"
)
def evaluation_detail(request, pk: Id):
    return _evaluation(request.user, pk)


@evaluations.post("/{int:pk}/self-evaluation", response=EvaluationDetailOut,
                  summary="Save the base's self-scores and statement (the base; Art. 25)")  # fmt: skip
def evaluation_fill(request, pk: Id, payload: SelfEvaluationIn):
    evaluation = _evaluation(request.user, pk)
    services.evaluation_fill(actor=request.user, evaluation=evaluation, scores=payload.scores,
                             statement=payload.statement)  # fmt: skip
    return _evaluation(request.user, pk)


@evaluations.post("/{int:pk}/evidence", response={201: EvaluationDetailOut},
                  summary="Upload self-evaluation evidence, optionally for one indicator (the base; Art. 25)")  # fmt: skip
def evaluation_evidence_upload(
    request, pk: Id, file: File[UploadedFile], indicator: Form[Id | None] = None
):  # fmt: skip
    evaluation = _evaluation(request.user, pk)
    services.evaluation_fill(actor=request.user, evaluation=evaluation, scores={}, statement=None, uploaded=file,
                             evidence_indicator=indicator)  # fmt: skip
    return Status(201, _evaluation(request.user, pk))


@evaluations.post("/{int:pk}/check", response=EvaluationDetailOut,
                  summary="The bureau forwards or returns the self-evaluation with its opinion (Art. 6)")  # fmt: skip
def evaluation_check(request, pk: Id, payload: CheckIn):
    evaluation = _evaluation(request.user, pk)
    services.evaluation_check(actor=request.user, evaluation=evaluation, forward=payload.decision == "forward",
                              comment=payload.comment)  # fmt: skip
    return _evaluation(request.user, pk)


@evaluations.post("/{int:pk}/grade", response=EvaluationDetailOut,
                  summary="The region grades the evaluation; 不合格 opens rectification (Arts. 5, 25)")  # fmt: skip
def evaluation_grade(request, pk: Id, payload: EvaluationGradeIn):
    evaluation = _evaluation(request.user, pk)
    services.evaluation_grade(actor=request.user, evaluation=evaluation,
                              rectification_due=payload.rectification_due, comment=payload.comment)  # fmt: skip
    return _evaluation(request.user, pk)


@evaluations.post("/{int:pk}/rectification", response=EvaluationDetailOut,
                  summary="Save the rectification report with optional evidence (the base; Art. 25)")  # fmt: skip
def evaluation_rectification(
    request, pk: Id, report: Form[text_of(Evaluation, "rectification_report")], file: File[UploadedFile] = None
):  # fmt: skip
    evaluation = _evaluation(request.user, pk)
    services.rectification_fill(actor=request.user, evaluation=evaluation, report=report, uploaded=file)
    return _evaluation(request.user, pk)


register_workflow_routes(evaluations, "evaluations", evaluation_workflow, evaluations_visible_to)

routers = [("/evaluation-campaigns", campaigns), ("/evaluations", evaluations)]

__all__ = ["routers"]
