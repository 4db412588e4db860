"""/api/v1/cooperation-agreements, /api/v1/topics and /api/v1/topics/{id}/interests.

The topic list and detail authenticate optionally (``api.auth.public_auth``): anonymous, the published topics
of active bases; with a session or a valid bearer token, ``topics_visible_to`` the user (a base's unit
administrators also see its drafts and closed topics, the region administrator every topic); an invalid,
expired or revoked bearer token: 401."""

from datetime import date, datetime

from django.utils.translation import gettext
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.auth import PUBLIC_AUTH_DESCRIPTION, PUBLIC_SECURITY, public_auth
from postdoc_base.api.common import get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.errors import ApiError, ErrorOut
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, Query, int_of, text_of
from postdoc_base.directory.models import MobileStation
from postdoc_base.kernel.ratelimit import client_ip

from ..scoping import bases_managed_by
from . import services
from .models import CooperationAgreement, ResearchTopic, TopicInterest
from .selectors import (
    agreements_visible_to,
    filter_topics,
    interests_visible_to,
    public_topics,
    topics_visible_to,
)
from .workflow import agreement_workflow, interest_workflow, topic_workflow


class AgreementOut(Schema):
    id: int
    base_id: int
    station_id: int
    starts_on: date
    ends_on: date
    supervisors_offered: int
    notes: str
    has_document: bool
    state: str

    @staticmethod
    def resolve_has_document(obj) -> bool:
        return bool(obj.document)


class AgreementIn(Schema):
    base: Id
    station: Id
    starts_on: Day
    ends_on: Day
    supervisors_offered: int_of(CooperationAgreement, "supervisors_offered")
    notes: text_of(CooperationAgreement, "notes") = ""


class TopicOut(Schema):
    id: int
    base_id: int
    base_name: str
    kind: str
    title: str
    fields: str
    description: str
    annual_pay_yuan: int | None
    term_months: int
    station_id: int | None
    state: str

    @staticmethod
    def resolve_base_name(obj) -> str:
        return obj.base.name


class TopicIn(Schema):
    base: Id
    kind: text_of(ResearchTopic, "kind") = "research"
    title: text_of(ResearchTopic, "title")
    fields: text_of(ResearchTopic, "fields") = ""
    description: text_of(ResearchTopic, "description") = ""
    annual_pay_yuan: int_of(ResearchTopic, "annual_pay_yuan") | None = None
    term_months: int_of(ResearchTopic, "term_months") = 24
    station: Id | None = None


class InterestOut(Schema):
    id: int
    topic_id: int
    name: str
    contact: str
    message: str
    has_cv: bool
    state: str
    created_at: datetime

    @staticmethod
    def resolve_has_cv(obj) -> bool:
        return bool(obj.cv)


agreements = Router(tags=["cooperation-agreements"])


@agreements.get("", response=page_of(AgreementOut), summary="List cooperation agreements")
def agreement_list(request, page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    return paginate(agreements_visible_to(request.user), page, page_size)


@agreements.get("/{int:pk}", response=AgreementOut, summary="Cooperation agreement detail")
def agreement_detail(request, pk: Id):
    return get_visible(agreements_visible_to(request.user), pk)


@agreements.post("", response={201: AgreementOut}, summary="Draft a cooperation agreement (base)")
def agreement_create(request, payload: AgreementIn):
    base = get_visible(bases_managed_by(request.user), payload.base)
    station = get_visible(MobileStation.objects.all(), payload.station)
    agreement = services.agreement_create(
        actor=request.user, base=base, station=station, starts_on=payload.starts_on, ends_on=payload.ends_on,
        supervisors_offered=payload.supervisors_offered, notes=payload.notes,
    )  # fmt: skip
    return Status(201, agreement)


register_workflow_routes(agreements, "cooperation_agreements", agreement_workflow, agreements_visible_to)

topics = Router(tags=["topics"])


@topics.get("", response=page_of(TopicOut), auth=public_auth, openapi_extra=PUBLIC_SECURITY,
            summary="List topics (published: public; signed in: the user's scope)",
            description=PUBLIC_AUTH_DESCRIPTION)  # fmt: skip
def topic_list(
    request,
    q: Query = "",
    kind: Query = "",
    bureau: Id | None = None,
    page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    return paginate(
        filter_topics(topics_visible_to(request.user), q=q or None, kind=kind or None, bureau_id=bureau),
        page,
        page_size,
    )


@topics.get("/{int:pk}", response=TopicOut, auth=public_auth, openapi_extra=PUBLIC_SECURITY,
            summary="Topic detail (published: public; signed in: the user's scope)",
            description=PUBLIC_AUTH_DESCRIPTION)  # fmt: skip
def topic_detail(request, pk: Id):
    return get_visible(topics_visible_to(request.user), pk)


@topics.post("", response={201: TopicOut}, summary="Create a topic (base)")
def topic_create(request, payload: TopicIn):
    base = get_visible(bases_managed_by(request.user), payload.base)
    data = payload.model_dump(exclude={"base", "station"})
    topic = services.topic_create(actor=request.user, base=base, station_id=payload.station, **data)
    return Status(201, topic)


@topics.get("/{int:pk}/interests", response=page_of(InterestOut), summary="Interests in a topic (base)")
def interest_list(request, pk: Id, page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    return paginate(interests_visible_to(request.user).filter(topic_id=pk), page, page_size)


class InterestCreatedOut(Schema):
    id: int
    message: str


@topics.post("/{int:pk}/interests", response={201: InterestCreatedOut, 429: ErrorOut}, auth=None,
             summary="Express interest in a topic (no account)")  # fmt: skip
def interest_create(
    request, pk: Id, name: Form[text_of(TopicInterest, "name")], contact: Form[text_of(TopicInterest, "contact")],
    message: text_of(TopicInterest, "message") = Form(""), cv: File[UploadedFile] = None,
):  # fmt: skip
    topic = get_visible(public_topics(), pk)
    try:
        interest = services.interest_create(
            topic=topic,
            name=name,
            contact=contact,
            message=message,
            uploaded=cv,
            client_ip=client_ip(request),
        )
    except services.InterestRateLimited as limited:
        raise ApiError(429, "rate_limited", limited.findings[0].message, limited.findings) from None
    return Status(201, {"id": interest.pk, "message": gettext("您的意向已提交，基地将与您联系。")})


register_workflow_routes(topics, "topics", topic_workflow, topics_visible_to)

interests = Router(tags=["topic-interests"])
register_workflow_routes(interests, "topic_interests", interest_workflow, interests_visible_to)


routers = [("/cooperation-agreements", agreements), ("/topics", topics), ("/topic-interests", interests)]

__all__ = ["routers"]
