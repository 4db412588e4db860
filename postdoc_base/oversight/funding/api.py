"""/api/v1/funding (经费, Art. 19), mounted by api/api.py: the scoped list with the page's filters, a record,
recording, correcting (only the fields sent) and deleting. Errors in the API's one shape (``ErrorOut``):
a refusal names who records the source (403), bad input says what per field (422)."""

from datetime import datetime
from decimal import Decimal

from ninja import Router, Schema, Status

from postdoc_base.api.common import fields_set, get_visible, page_of, paginate
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Id, Page, PageSize, Query, decimal_of, int_of, text_of
from postdoc_base.tenure.stay.selectors import appointments_visible_to

from ..selectors import base_files_visible_to
from . import services
from .models import FundingRecord
from .selectors import filter_funding, funding_visible_to


class FundingOut(Schema):
    id: int
    base_id: int
    base_name: str
    bureau_id: int | None
    bureau_name: str | None
    appointment_id: int | None
    postdoc_name: str | None
    year: int
    source: str
    source_label: str
    amount: Decimal
    purpose: str
    note: str
    policy_title: str
    policy_number: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_base_name(obj) -> str:
        return obj.base.name

    @staticmethod
    def resolve_bureau_id(obj) -> int | None:
        return obj.base.unit.bureau_id

    @staticmethod
    def resolve_bureau_name(obj) -> str | None:
        return obj.base.unit.bureau.name if obj.base.unit.bureau_id else None

    @staticmethod
    def resolve_postdoc_name(obj) -> str | None:
        return obj.appointment.postdoc.name if obj.appointment_id else None

    @staticmethod
    def resolve_source_label(obj) -> str:
        return str(obj.get_source_display())


class FundingIn(Schema):
    base: Id
    appointment: Id | None = None
    year: int_of(FundingRecord, "year")
    source: text_of(FundingRecord, "source")
    amount: decimal_of(FundingRecord, "amount")
    purpose: text_of(FundingRecord, "purpose")
    note: text_of(FundingRecord, "note") = ""
    policy_title: text_of(FundingRecord, "policy_title") = ""
    policy_number: text_of(FundingRecord, "policy_number") = ""


class FundingPatch(Schema):
    appointment: Id | None = None
    year: int_of(FundingRecord, "year") | None = None
    source: text_of(FundingRecord, "source") | None = None
    amount: decimal_of(FundingRecord, "amount") | None = None
    purpose: text_of(FundingRecord, "purpose") | None = None
    note: text_of(FundingRecord, "note") | None = None
    policy_title: text_of(FundingRecord, "policy_title") | None = None
    policy_number: text_of(FundingRecord, "policy_number") | None = None


funding = Router(tags=["funding"])


def _appointment(request, pk):
    """The postdoc's appointment, if the user may see it (404 otherwise); the service checks it is the base's."""
    return None if pk is None else get_visible(appointments_visible_to(request.user), pk)


@funding.get("", response=page_of(FundingOut), summary="List funding records (经费, Art. 19)")
def funding_list(
    request, year: int_of(FundingRecord, "year") | None = None, bureau: Id | None = None, source: Query = "",
    base: Id | None = None, q: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE,
):  # fmt: skip
    qs = filter_funding(
        funding_visible_to(request.user), year=year, bureau=bureau, source=source, base=base, q=q
    )
    return paginate(qs, page, page_size)


@funding.get("/{int:pk}", response=FundingOut, summary="Funding record detail")
def funding_detail(request, pk: Id):
    return get_visible(funding_visible_to(request.user), pk)


@funding.post("", response={201: FundingOut},
              summary="Record funding (unit: its investment; league/city bureau and region: their subsidies)")  # fmt: skip
def funding_create(request, payload: FundingIn):
    base = get_visible(base_files_visible_to(request.user), payload.base)
    data = payload.model_dump(exclude={"base", "appointment"})
    record = services.funding_record_create(
        actor=request.user, base=base, appointment=_appointment(request, payload.appointment), **data
    )
    return Status(201, get_visible(funding_visible_to(request.user), record.pk))


@funding.patch("/{int:pk}", response=FundingOut,
               summary="Correct a funding record (whoever records its source; only the fields sent)")  # fmt: skip
def funding_update(request, pk: Id, payload: FundingPatch):
    record = get_visible(funding_visible_to(request.user), pk)
    fields = {k: v for k, v in fields_set(payload).items() if v is not None or k == "appointment"}
    if "appointment" in fields:
        fields["appointment"] = _appointment(request, fields["appointment"])
    services.funding_record_update(actor=request.user, record=record, **fields)
    return get_visible(funding_visible_to(request.user), pk)


@funding.delete(
    "/{int:pk}", response={204: None}, summary="Delete a funding record (whoever records its source)"
)
def funding_delete(request, pk: Id):
    record = get_visible(funding_visible_to(request.user), pk)
    services.funding_record_delete(actor=request.user, record=record)
    return Status(204, None)


routers = [("/funding", funding)]

__all__ = ["routers"]
