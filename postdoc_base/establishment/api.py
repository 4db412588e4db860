"""Establishment endpoints: rounds and base applications (Arts. 9-11).

Every list and detail starts from ``rounds_visible_to`` / ``applications_visible_to``; outside them every
route answers 404. Writes call ``establishment.services``; state changes go through the workflows via the
shared transitions routes.
"""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.accounts.enums import Role
from postdoc_base.api.common import (
    FindingOut,
    fields_set,
    get_visible,
    page_of,
    paginate,
    register_workflow_routes,
)
from postdoc_base.api.errors import ApiError, not_found
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
    text,
    text_of,
)
from postdoc_base.directory.selectors import bureaus_visible_to, units_visible_to
from postdoc_base.kernel.params import establishment_params
from postdoc_base.policy.establishment import eligibility

from . import services
from .enums import AttachmentKind
from .models import (
    Attachment,
    BaseApplication,
    PreliminaryReview,
    ResearchProject,
    Round,
    SeniorResearcher,
)
from .selectors import (
    ROUND_LIST,
    application_detail_queryset,
    applications_visible_to,
    filter_applications,
    rounds_visible_to,
)
from .workflow import application_workflow, round_workflow


# --- rounds --------------------------------------------------------------------------------------------
class RoundOut(Schema):
    id: int
    name: str
    year: int
    state: str
    state_label: str
    application_deadline: date
    review_deadline: date
    notes: str
    opened_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())


class RoundIn(Schema):
    name: text_of(Round, "name")
    year: int_of(Round, "year")
    application_deadline: Day
    review_deadline: Day
    notes: text_of(Round, "notes") = ""


class RoundPatch(Schema):
    name: text_of(Round, "name") | None = None
    year: int_of(Round, "year") | None = None
    application_deadline: Day | None = None
    review_deadline: Day | None = None
    notes: text_of(Round, "notes") | None = None


class BureauSubmissionIn(Schema):
    bureau: Id
    ranks: dict_of(Id, int_of(PreliminaryReview, "rank") | None) = {}
    comment: Text = ""


class SubmittedOut(Schema):
    id: int
    state: str
    rank: int | None


rounds = Router(tags=["rounds"])


@rounds.get("", response=page_of(RoundOut), summary="List rounds")
def round_list(
    request,
    state: Query = "",
    year: int_of(Round, "year") | None = None,
    page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    return paginate(
        ROUND_LIST.filter(rounds_visible_to(request.user), state=state, year=year), page, page_size
    )


@rounds.get("/{int:pk}", response=RoundOut, summary="Round detail")
def round_detail(request, pk: Id):
    return get_visible(rounds_visible_to(request.user), pk)


@rounds.post("", response={201: RoundOut}, summary="Create a round")
def round_create(request, payload: RoundIn):
    return Status(201, services.round_create(actor=request.user, **payload.model_dump()))


@rounds.patch("/{int:pk}", response=RoundOut, summary="Update a round")
def round_update(request, pk: Id, payload: RoundPatch):
    round_ = get_visible(rounds_visible_to(request.user), pk)
    data = {k: v for k, v in fields_set(payload).items() if v is not None}
    return services.round_update(actor=request.user, round_=round_, **data)


@rounds.post("/{int:pk}/bureau-submissions", response=list[SubmittedOut], summary="Bureau batch submission")
def bureau_submission(request, pk: Id, payload: BureauSubmissionIn):
    """Art. 11(2): set the ranking of the bureau's recommended applications and submit them together."""
    round_ = get_visible(rounds_visible_to(request.user), pk)
    bureau = get_visible(bureaus_visible_to(request.user), payload.bureau)
    if bureau.pk not in request.user.scope_ids(Role.BUREAU_OFFICER):
        raise ApiError(403, "not_permitted", gettext("只有本盟市人社局可以报送本盟市的推荐。"))
    with transaction.atomic():  # a refused submission keeps the previous ranking too
        services.recommendation_rank_set(
            actor=request.user, round_=round_, bureau_id=bureau.pk, ranks=payload.ranks
        )
        done = services.bureau_batch_submit(
            actor=request.user, round_=round_, bureau_id=bureau.pk, comment=payload.comment
        )
    ranks = {a.pk: a.preliminary_review.rank for a in done}
    return [{"id": a.pk, "state": a.state, "rank": ranks[a.pk]} for a in done]


register_workflow_routes(rounds, "rounds", round_workflow, rounds_visible_to)


# --- applications --------------------------------------------------------------------------------------
class ApplicationOut(Schema):
    id: int
    round_id: int
    round_name: str
    unit_id: int
    unit_name: str
    unit_uscc: str
    bureau_id: int | None
    bureau_name: str | None
    affiliation: str
    state: str
    state_label: str
    submitted_at: datetime | None
    forwarded_at: datetime | None
    updated_at: datetime

    @staticmethod
    def resolve_round_name(obj) -> str:
        return obj.round.name

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name

    @staticmethod
    def resolve_unit_uscc(obj) -> str:
        return obj.unit.uscc

    @staticmethod
    def resolve_bureau_id(obj) -> int | None:
        return obj.unit.bureau_id

    @staticmethod
    def resolve_bureau_name(obj) -> str | None:
        return obj.unit.bureau.name if obj.unit.bureau_id else None

    @staticmethod
    def resolve_affiliation(obj) -> str:
        return obj.route_affiliation

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())


class ResearcherOut(Schema):
    name: str
    title: str
    field: str = ""
    full_time: bool = True
    senior_title: bool = True
    can_supervise: bool = True


class ResearcherIn(ResearcherOut):
    name: text_of(SeniorResearcher, "name")
    title: text_of(SeniorResearcher, "title")
    field: text_of(SeniorResearcher, "field") = ""


class ProjectOut(Schema):
    title: str
    summary: str = ""


class ProjectIn(ProjectOut):
    title: text_of(ResearchProject, "title")
    summary: text_of(ResearchProject, "summary") = ""


class ClaimOut(Schema):
    id: int
    category: str
    category_label: str
    description: str
    year: int | None
    evidence_id: int | None

    @staticmethod
    def resolve_category_label(obj) -> str:
        return str(obj.get_category_display())


class AttachmentOut(Schema):
    id: int
    kind: str
    kind_label: str
    original_name: str
    content_type: str
    size: int
    sha256: str
    uploaded_at: datetime
    download_url: str

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_download_url(obj) -> str:
        return f"/api/v1/base-applications/{obj.application_id}/attachments/{obj.pk}"


class PreliminaryReviewOut(Schema):
    condition_checks: dict[str, bool] = {}
    condition_comments: dict[str, str] = {}
    inspection: str = ""
    inspected_on: date | None = None
    recommendation: str = ""
    rank: int | None = None
    updated_at: datetime | None = None


# The keys are the items of Art. 9 ("1".."5"); the service keeps only those.
_ConditionKey = text(10)


class PreliminaryReviewIn(Schema):
    condition_checks: dict_of(_ConditionKey, bool, 20) = {}
    condition_comments: dict_of(_ConditionKey, text_of(PreliminaryReview, "inspection"), 20) = {}
    inspection: text_of(PreliminaryReview, "inspection") = ""
    inspected_on: Day | None = None
    recommendation: text_of(PreliminaryReview, "recommendation") = ""


class EligibilityOut(Schema):
    eligible: bool
    priority: bool
    findings: list[FindingOut]
    priority_findings: list[FindingOut]


class ApplicationDetailOut(ApplicationOut):
    operating_well: bool
    operating_status: str
    rnd_institution: str
    station_id: int | None
    recruitment_plan: str
    planned_recruits: int | None
    management_rules: str
    research_conditions: str
    living_conditions: str
    offered_annual_pay_yuan: int | None
    contact_name: str | None = Field(
        description="Null for readers who may not contact the applicant (experts)"
    )
    contact_phone: str | None = Field(
        description="Null for readers who may not contact the applicant (experts)"
    )
    researchers: list[ResearcherOut]
    projects: list[ProjectOut]
    claims: list[ClaimOut]
    attachments: list[AttachmentOut]
    eligibility: EligibilityOut
    preliminary_review: PreliminaryReviewOut | None

    @staticmethod
    def resolve_eligibility(obj) -> dict:
        return obj.eligibility_report

    @staticmethod
    def resolve_preliminary_review(obj):
        return obj.visible_review


class ApplicationIn(Schema):
    round: Id
    unit: Id


def _app_text(name: str):
    return text_of(BaseApplication, name) | None


class ApplicationPatch(Schema):
    operating_well: bool | None = None
    operating_status: _app_text("operating_status") = None
    rnd_institution: _app_text("rnd_institution") = None
    station: Id | None = None
    recruitment_plan: _app_text("recruitment_plan") = None
    planned_recruits: int_of(BaseApplication, "planned_recruits") | None = None
    management_rules: _app_text("management_rules") = None
    research_conditions: _app_text("research_conditions") = None
    living_conditions: _app_text("living_conditions") = None
    offered_annual_pay_yuan: int_of(BaseApplication, "offered_annual_pay_yuan") | None = None
    contact_name: _app_text("contact_name") = None
    contact_phone: _app_text("contact_phone") = None
    researchers: list_of(ResearcherIn) | None = None
    projects: list_of(ProjectIn) | None = None


def _detail(request, app):
    today = timezone.localdate()
    report = eligibility(app.facts(), today, establishment_params(today))
    app.eligibility_report = {
        "eligible": report.eligible,
        "priority": report.priority,
        "findings": [f.as_dict() for f in report.findings],
        "priority_findings": [f.as_dict() for f in report.priority_findings],
    }
    user = request.user
    # The bureau's working notes and ranking are for the bureau and the region, not the applicant or experts.
    app.visible_review = (
        getattr(app, "preliminary_review", None)
        if user.has_perm("establishment.view_preliminary_review", app)
        else None
    )
    if not user.has_perm("establishment.view_application_contact", app):
        # Experts score the application, they do not contact the applicant: no name, no phone.
        app.contact_name = None
        app.contact_phone = None
    return app


def _reload_detail(request, pk: Id) -> dict:
    return _detail(request, get_visible(application_detail_queryset(request.user), pk))


applications = Router(tags=["base-applications"])


@applications.get("", response=page_of(ApplicationOut), summary="List base applications")
def application_list(
    request,
    round: Id | None = None,
    state: Query = "",
    bureau: Id | None = None,
    q: Query = "",
    page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    qs = filter_applications(
        applications_visible_to(request.user), round_id=round, state=state, bureau_id=bureau, q=q or None
    )
    return paginate(qs, page, page_size)


@applications.get("/{int:pk}", response=ApplicationDetailOut, summary="Base application detail")
def application_detail(request, pk: Id):
    return _reload_detail(request, pk)


@applications.post("", response={201: ApplicationDetailOut}, summary="Start a base application")
def application_create(request, payload: ApplicationIn):
    round_ = get_visible(rounds_visible_to(request.user), payload.round)
    unit = get_visible(units_visible_to(request.user), payload.unit)
    app = services.application_create(actor=request.user, round_=round_, unit=unit)
    return Status(201, _reload_detail(request, app.pk))


@applications.patch("/{int:pk}", response=ApplicationDetailOut, summary="Edit a base application")
def application_update(request, pk: Id, payload: ApplicationPatch):
    app = get_visible(applications_visible_to(request.user), pk)
    data = fields_set(payload)
    researchers = data.pop("researchers", None)
    projects = data.pop("projects", None)
    if "station" in data:
        data["station_id"] = data.pop("station")
        _check_station(data["station_id"])
    fields = {k: v for k, v in data.items() if v is not None or k in ("station_id", "planned_recruits",
                                                                      "offered_annual_pay_yuan")}  # fmt: skip
    if "station_id" in fields:
        fields["station"] = _station(fields.pop("station_id"))
    services.application_update(
        actor=request.user, app=app, fields=fields, researchers=researchers, projects=projects
    )
    return _reload_detail(request, pk)


def _station(pk):
    from postdoc_base.directory.models import MobileStation

    return MobileStation.objects.get(pk=pk) if pk is not None else None


def _check_station(pk) -> None:
    from postdoc_base.directory.models import MobileStation

    if pk is not None and not MobileStation.objects.filter(pk=pk).exists():
        raise ValidationError({"station": [gettext("所选流动站不存在。")]})


@applications.post("/{int:pk}/attachments", response={201: AttachmentOut}, summary="Upload an attachment")
def attachment_upload(request, pk: Id, kind: Form[text_of(Attachment, "kind")], file: File[UploadedFile]):
    app = get_visible(applications_visible_to(request.user), pk)
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": [gettext("材料类别无效。")]})
    return Status(201, services.attachment_add(actor=request.user, app=app, kind=kind, uploaded=file))


@applications.get("/{int:pk}/attachments/{int:attachment_id}", summary="Download an attachment",
                  response={200: None})  # fmt: skip
def attachment_download(request, pk: Id, attachment_id: Id):
    app = get_visible(applications_visible_to(request.user), pk)
    attachment = Attachment.objects.filter(application=app, pk=attachment_id).first()
    if attachment is None:
        raise not_found()
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@applications.put(
    "/{int:pk}/preliminary-review", response=PreliminaryReviewOut, summary="Save the preliminary review"
)
def preliminary_review_put(request, pk: Id, payload: PreliminaryReviewIn):
    app = get_visible(applications_visible_to(request.user), pk)
    return services.preliminary_review_save(actor=request.user, app=app, **payload.model_dump())


register_workflow_routes(applications, "base_applications", application_workflow, applications_visible_to)

routers = [("/rounds", rounds), ("/base-applications", applications)]

__all__ = ["routers"]
