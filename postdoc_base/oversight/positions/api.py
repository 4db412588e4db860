"""/api/v1/positions (岗位, Art. 21) and /api/v1/exit-destinations, mounted by api/api.py: the same scopes and
services as the pages; the workflow routes (close, reopen, history)."""

from datetime import date, datetime
from typing import Annotated

from ninja import Router, Schema, Status
from pydantic import Field

from postdoc_base.api.common import get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.errors import not_found
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, Query, text_of
from postdoc_base.directory.models import Bureau, Unit
from postdoc_base.kernel.bounds import MAX_DATE, MIN_DATE

from . import services
from .models import Position, PositionInterest
from .selectors import (
    DESTINATIONS,
    INTEREST_LIST,
    POSITION_LIST,
    exit_destinations_for,
    interests_visible_to,
    positions_visible_to,
)
from .workflow import position_workflow


class PositionOut(Schema):
    id: int
    title: str
    employer: str
    bureau_id: int | None
    bureau_name: str
    unit_id: int | None
    posted_by_role: str
    description: str
    requirements: str
    salary: str
    contact: str
    closes_on: date
    state: str
    state_label: str
    closed_on: date | None
    created_at: datetime

    @staticmethod
    def resolve_bureau_name(obj) -> str:
        return obj.bureau.name if obj.bureau_id else ""

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class PositionIn(Schema):
    as_role: Query
    unit: Id | None = None
    bureau: Id | None = None
    title: text_of(Position, "title")
    employer: text_of(Position, "employer") = ""
    description: text_of(Position, "description")
    requirements: text_of(Position, "requirements") = ""
    salary: text_of(Position, "salary") = ""
    contact: text_of(Position, "contact")
    closes_on: Day


class PositionInterestOut(Schema):
    """What the poster sees of an interest: the name and the contact the postdoc chose to share (no ID)."""

    id: int
    postdoc_name: str
    contact: str
    note: str
    created_at: datetime

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.postdoc.name


class InterestIn(Schema):
    contact: text_of(PositionInterest, "contact")
    note: text_of(PositionInterest, "note") = ""


class DestinationRowOut(Schema):
    bureau_id: int | None
    bureau_name: str
    year: int
    counts: dict[str, int]
    total: int


# A year some date can have (the report's ``?year=``).
ExitYear = Annotated[int, Field(ge=MIN_DATE.year, le=MAX_DATE.year)]

positions = Router(tags=["positions"])


@positions.get("", response=page_of(PositionOut), summary="List positions (岗位, Art. 21)")
def position_list(
    request, state: Query = "", bureau: Id | None = None, page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):  # fmt: skip
    return paginate(
        POSITION_LIST.filter(positions_visible_to(request.user), state=state, bureau=bureau), page, page_size
    )


@positions.get("/{int:pk}", response=PositionOut, summary="Position detail")
def position_detail(request, pk: Id):
    return get_visible(positions_visible_to(request.user), pk)


@positions.post("", response={201: PositionOut},
                summary="Post a position (a base's unit for itself, a bureau or the region; Art. 21)")  # fmt: skip
def position_create(request, payload: PositionIn):
    unit = bureau = None
    if payload.unit is not None:
        unit = get_visible(Unit.objects.select_related("bureau"), payload.unit)
    if payload.bureau is not None:
        bureau = get_visible(Bureau.objects.all(), payload.bureau)
    position = services.position_post(
        actor=request.user, as_role=payload.as_role, unit=unit, bureau=bureau, title=payload.title,
        employer=payload.employer, description=payload.description, requirements=payload.requirements,
        salary=payload.salary, contact=payload.contact, closes_on=payload.closes_on,
    )  # fmt: skip
    return Status(201, position)


def _interests(request, pk):
    position = get_visible(positions_visible_to(request.user), pk)
    interests = interests_visible_to(request.user, position)
    if interests is None:
        raise not_found()
    return position, interests


@positions.get("/{int:pk}/interests", response=page_of(PositionInterestOut),
               summary="Interest in a position (whoever manages it: every open one; a postdoc: their own)")  # fmt: skip
def position_interest_list(request, pk: Id, page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    _position, interests = _interests(request, pk)
    return paginate(INTEREST_LIST.order(interests), page, page_size)


@positions.post("/{int:pk}/interests", response={201: PositionInterestOut},
                summary="Express interest (a postdoc near the end of the term; Art. 21)")  # fmt: skip
def position_interest_create(request, pk: Id, payload: InterestIn):
    position = get_visible(positions_visible_to(request.user), pk)
    interest = services.interest_express(actor=request.user, position=position, contact=payload.contact,
                                         note=payload.note)  # fmt: skip
    return Status(201, interest)


@positions.post("/{int:pk}/interests/{int:interest_pk}/withdraw", response=PositionInterestOut,
                summary="Withdraw one's interest (the postdoc)")  # fmt: skip
def position_interest_withdraw(request, pk: Id, interest_pk: Id):
    _position, interests = _interests(request, pk)
    interest = get_visible(interests, interest_pk)
    return services.interest_withdraw(actor=request.user, interest=interest)


register_workflow_routes(positions, "positions", position_workflow, positions_visible_to)


destinations = Router(tags=["positions"])


@destinations.get("", response=list[DestinationRowOut],
                  summary="Exit destinations per bureau and year (出基地去向, Art. 21)")  # fmt: skip
def exit_destination_list(request, year: ExitYear | None = None):
    rows = exit_destinations_for(request.user, year)
    if rows is None:
        raise not_found()
    keys = [d.value for d in DESTINATIONS]
    return [
        {"bureau_id": r.bureau_id, "bureau_name": r.bureau_name, "year": r.year, "total": r.total,
         "counts": {**{k: r.counts.get(k, 0) for k in keys}, **({"": r.counts[""]} if "" in r.counts else {})}}
        for r in rows
    ]  # fmt: skip


routers = [("/positions", positions), ("/exit-destinations", destinations)]

__all__ = ["routers"]
