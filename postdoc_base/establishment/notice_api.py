"""Endpoints for public notices, objections and filing (第十一条第（三）项 / Art. 11(3)).

Published notices are readable without an account and anyone may file an objection (rate-limited per client
address, HTTP 429). Objections are read through ``selectors.objections_visible_to`` as on the web: the region
administrator sees all, a unit administrator those against its own applications with the objector masked
(``selectors.objector_visible_to``); only the region decides (transitions and history through the shared
workflow routes). Writes call ``establishment.notices``.
"""

from datetime import date, datetime

from django.utils.translation import gettext
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.api.common import FindingOut, get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.errors import ApiError, ErrorOut
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, Query, list_of, text_of
from postdoc_base.kernel.ratelimit import client_ip
from postdoc_base.policy.notice import MAX_NOTICE_WORKING_DAYS, MIN_NOTICE_WORKING_DAYS

from . import notices
from .models import Objection, PublicNotice
from .notice_workflow import objection_workflow
from .selectors import (
    NOTICE_LIST,
    OBJECTION_LIST,
    notices_visible_to,
    objections_visible_to,
    objector_visible_to,
    rounds_visible_to,
)


# --- notices -------------------------------------------------------------------------------------------
class NoticeItemOut(Schema):
    id: int
    order: int
    application_id: int
    unit_name: str
    bureau_name: str | None

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.application.unit.name

    @staticmethod
    def resolve_bureau_name(obj) -> str | None:
        bureau = obj.application.unit.bureau
        return bureau.name if bureau else None


class NoticeOut(Schema):
    id: int
    round_id: int
    round_name: str
    title: str
    working_days: int
    published_on: date
    ends_on: date
    unscheduled_years: list[int]
    contact: str
    item_count: int

    @staticmethod
    def resolve_round_name(obj) -> str:
        return obj.round.name


class NoticeDetailOut(NoticeOut):
    body: str
    items: list[NoticeItemOut]

    @staticmethod
    def resolve_items(obj):
        return list(notices.notice_items(obj))


class NoticeIn(Schema):
    round: Id
    title: text_of(PublicNotice, "title")
    body: text_of(PublicNotice, "body") = ""
    contact: text_of(PublicNotice, "contact") = ""
    # Bounded as the publishing form is; the service refuses the same (policy.notice.check_notice_publication).
    working_days: int | None = Field(None, ge=MIN_NOTICE_WORKING_DAYS, le=MAX_NOTICE_WORKING_DAYS)
    published_on: Day | None = None  # today when left out; the service refuses a date before today


notices_router = Router(tags=["notices"])


@notices_router.get("", response=page_of(NoticeOut), auth=None, summary="List public notices")
def notice_list(request, round: Id | None = None, page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    return paginate(NOTICE_LIST.filter(notices_visible_to(request.user), round=round), page, page_size)


@notices_router.get("/{int:pk}", response=NoticeDetailOut, auth=None, summary="Public notice detail")
def notice_detail(request, pk: Id):
    return get_visible(notices_visible_to(request.user), pk)


@notices_router.post("", response={201: NoticeDetailOut}, summary="Publish a notice of a round's passed list")
def notice_create(request, payload: NoticeIn):
    if not is_region_admin(request.user):
        raise ApiError(403, "not_permitted", gettext("只有自治区人力资源和社会保障厅可以办理公示和备案。"))
    data = payload.model_dump()
    round_ = get_visible(rounds_visible_to(request.user), data.pop("round"))
    notice = notices.notice_publish(actor=request.user, round_=round_, **data)
    return Status(201, get_visible(notices_visible_to(request.user), notice.pk))


# --- objections ----------------------------------------------------------------------------------------
class ObjectionOut(Schema):
    id: int
    notice_id: int
    item_id: int
    application_id: int
    unit_name: str
    state: str
    state_label: str
    name: str
    contact: str
    text: str
    has_attachment: bool
    decision: str
    decided_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_notice_id(obj) -> int:
        return obj.item.notice_id

    @staticmethod
    def resolve_application_id(obj) -> int:
        return obj.item.application_id

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.item.application.unit.name

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_name(obj, context) -> str:
        return _objector(obj, context)[0]

    @staticmethod
    def resolve_contact(obj, context) -> str:
        return _objector(obj, context)[1]

    @staticmethod
    def resolve_has_attachment(obj) -> bool:
        return bool(obj.attachment)


def _objector(obj, context) -> tuple[str, str]:
    """The objector in full for the region administrator, masked for anyone else (same rule as the web)."""
    return notices.objector_display(obj, objector_visible_to(context["request"].user))


class ObjectionCreatedOut(Schema):
    id: int
    state: str
    message: str


objections_router = Router(tags=["objections"])


@objections_router.post("", response={201: ObjectionCreatedOut, 429: ErrorOut}, auth=None,
                        summary="File an objection")  # fmt: skip
def objection_create(
    request,
    notice: Form[Id],
    item: Form[Id],
    name: Form[text_of(Objection, "name")],
    contact: Form[text_of(Objection, "contact")],
    text: Form[text_of(Objection, "text")],
    attachment: File[UploadedFile] = None,
):
    """Anyone, without an account, while the notice is open; real name and contact required."""
    notice_obj = get_visible(notices_visible_to(request.user), notice)
    try:
        objection = notices.objection_create(
            notice=notice_obj, item_id=item, name=name, contact=contact, text=text, uploaded=attachment,
            client_ip=client_ip(request),
        )  # fmt: skip
    except notices.ObjectionRateLimited as limited:
        raise ApiError(429, "rate_limited", limited.findings[0].message, limited.findings) from None
    return Status(201, {"id": objection.pk, "state": objection.state, "message": gettext("您的异议已提交。")})


@objections_router.get(
    "", response=page_of(ObjectionOut), summary="List objections (region; unit: own, masked)"
)
def objection_list(
    request,
    state: Query = "",
    notice: Id | None = None,
    page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    qs = OBJECTION_LIST.filter(objections_visible_to(request.user), state=state, notice=notice)
    return paginate(qs, page, page_size)


@objections_router.get(
    "/{int:pk}", response=ObjectionOut, summary="Objection detail (region; unit: own, masked)"
)
def objection_detail(request, pk: Id):
    return get_visible(objections_visible_to(request.user), pk)


register_workflow_routes(objections_router, "objections", objection_workflow, objections_visible_to)


# --- filing --------------------------------------------------------------------------------------------
class FilingItemOut(Schema):
    application_id: int
    unit_name: str
    ok: bool
    filing_number: str
    base_id: int | None
    findings: list[FindingOut]


class FilingIn(Schema):
    applications: list_of(Id)


def _item_out(item) -> dict:
    app = item.application
    return {
        "application_id": app.pk,
        "unit_name": app.unit.name if app.unit_id else "",
        "ok": item.ok,
        "filing_number": item.filing_number,
        "base_id": item.base_id,
        "findings": [f.as_dict() for f in item.findings],
    }


filings_router = Router(tags=["filings"])


@filings_router.get("/{int:pk}/filings", response=list[FilingItemOut], summary="Filing preview")
def filing_preview(request, pk: Id):
    round_ = get_visible(rounds_visible_to(request.user), pk)
    return [_item_out(i) for i in notices.filing_preview(actor=request.user, round_=round_)]


@filings_router.post("/{int:pk}/filings", response=list[FilingItemOut], summary="File applications in bulk")
def filing_execute(request, pk: Id, payload: FilingIn):
    round_ = get_visible(rounds_visible_to(request.user), pk)
    results = notices.filing_execute(actor=request.user, round_=round_, application_ids=payload.applications)
    return [_item_out(i) for i in results]


routers = [("/notices", notices_router), ("/objections", objections_router), ("/rounds", filings_router)]

__all__ = ["routers"]
