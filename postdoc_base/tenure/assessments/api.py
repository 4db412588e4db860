"""API routers of the assessment resources (Arts. 7, 17, 18), mounted by api/api.py: assessments (list,
detail, forming the joint panel, grading, the workflow routes) and the bases' indicator systems."""

from datetime import date
from decimal import Decimal

from ninja import Router, Schema

from postdoc_base.api.common import get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.types import (
    DEFAULT_PAGE_SIZE,
    Day,
    Id,
    Int,
    Page,
    PageSize,
    Query,
    dict_of,
    int_of,
    list_of,
    text_of,
)

from . import services
from .models import Assessment, AssessmentScheme
from .selectors import assessments_visible_to, filter_assessments, scheme_bases_visible_to
from .workflow import assessment_workflow


# --- assessments ---------------------------------------------------------------------------------------
class PanelMemberOut(Schema):
    expert_id: int
    name: str
    employer: str
    alias: str
    is_chair: bool


class AssessmentOut(Schema):
    id: int
    appointment_id: int
    postdoc_name: str
    base_id: int
    base_name: str
    kind: str
    kind_label: str
    article: str
    due_on: date
    state: str
    state_label: str
    panel_id: int | None
    score: Decimal | None
    grade: str
    grade_label: str
    result: str
    graded_on: date | None
    award_recorded: bool

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.appointment.postdoc.name

    @staticmethod
    def resolve_base_id(obj) -> int:
        return obj.appointment.base_id

    @staticmethod
    def resolve_base_name(obj) -> str:
        return obj.appointment.base.name

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_grade_label(obj) -> str:
        return str(obj.get_grade_display()) if obj.grade else ""


class AssessmentDetailOut(AssessmentOut):
    panel_due_on: date | None
    members: list[PanelMemberOut]

    @staticmethod
    def resolve_panel_due_on(obj) -> date | None:
        return obj.panel.due_on if obj.panel_id else None

    @staticmethod
    def resolve_members(obj) -> list[dict]:
        if not obj.panel_id:
            return []
        return [
            {"expert_id": m.expert_id, "name": m.expert.name, "employer": m.expert.employer, "alias": m.alias,
             "is_chair": m.is_chair}
            for m in obj.panel.members.select_related("expert").order_by("-is_chair", "alias")
        ]  # fmt: skip


class AssessmentPanelIn(Schema):
    expert_ids: list_of(Id, 50)
    chair_id: Id
    due_on: Day


class AssessmentGradeIn(Schema):
    grade: text_of(Assessment, "grade")
    result: text_of(Assessment, "result")
    record_award: bool = False


assessments = Router(tags=["assessments"])


@assessments.get(
    "", response=page_of(AssessmentOut), summary="List assessments (中期考核、出基地考核, Arts. 17-18)"
)
def assessment_list(
    request, kind: Query = "", state: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE
):
    qs = filter_assessments(assessments_visible_to(request.user), kind=kind or None, state=state or None)
    return paginate(qs, page, page_size)


@assessments.get("/{int:pk}", response=AssessmentDetailOut, summary="Assessment detail with its panel")
def assessment_detail(request, pk: Id):
    return get_visible(assessments_visible_to(request.user), pk)


@assessments.post("/{int:pk}/panel", response=AssessmentDetailOut,
                  summary="Form the joint assessment panel (base unit administrator, Arts. 7, 17, 18)")  # fmt: skip
def assessment_panel(request, pk: Id, payload: AssessmentPanelIn):
    assessment = get_visible(assessments_visible_to(request.user), pk)
    services.form_panel(actor=request.user, assessment=assessment, **payload.dict())
    return get_visible(assessments_visible_to(request.user), pk)


@assessments.post("/{int:pk}/grade", response=AssessmentDetailOut,
                  summary="Grade the assessment with its written result (base unit administrator)")  # fmt: skip
def assessment_grade(request, pk: Id, payload: AssessmentGradeIn):
    assessment = get_visible(assessments_visible_to(request.user), pk)
    services.grade(actor=request.user, assessment=assessment, **payload.dict())
    return get_visible(assessments_visible_to(request.user), pk)


register_workflow_routes(assessments, "assessments", assessment_workflow, assessments_visible_to)


# --- indicator systems (Art. 17) -----------------------------------------------------------------------
class IndicatorOut(Schema):
    key: str
    label: str
    weight: int


class SchemeOut(Schema):
    base_id: int
    base_name: str
    indicators: list[IndicatorOut]
    midterm_months: int
    stored: bool


class SchemeIn(Schema):
    weights: dict_of(Query, Int, 50)  # the service checks them (policy.check_indicator_weights)
    midterm_months: int_of(AssessmentScheme, "midterm_months")


def _scheme_out(base) -> dict:
    scheme = services.scheme_for(base)
    return {
        "base_id": base.pk, "base_name": base.name, "indicators": scheme.indicators,
        "midterm_months": scheme.midterm_months, "stored": scheme.pk is not None,
    }  # fmt: skip


schemes = Router(tags=["assessment-schemes"])


@schemes.get("/{int:base_id}", response=SchemeOut, summary="A base's assessment indicator system (Art. 17)")
def scheme_detail(request, base_id: Id):
    return _scheme_out(get_visible(scheme_bases_visible_to(request.user), base_id))


@schemes.put("/{int:base_id}", response=SchemeOut,
             summary="Set the indicator weights and mid-term timing (base unit administrator, Art. 17)")  # fmt: skip
def scheme_update(request, base_id: Id, payload: SchemeIn):
    base = get_visible(scheme_bases_visible_to(request.user), base_id)
    services.scheme_save(actor=request.user, base=base, weights=payload.weights,
                         midterm_months=payload.midterm_months)  # fmt: skip
    return _scheme_out(base)


routers = [("/assessments", assessments), ("/assessment-schemes", schemes)]
