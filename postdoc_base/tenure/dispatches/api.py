"""/api/v1/dispatches (派出, Art. 16), mounted by api/api.py."""

from datetime import date, datetime

from ninja import Router, Schema, Status

from postdoc_base.api.common import get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, Query, text_of

from ..stay.selectors import appointments_visible_to
from . import services
from .models import Dispatch
from .selectors import DISPATCH_LIST, dispatches_visible_to
from .workflow import dispatch_workflow


class DispatchOut(Schema):
    id: int
    appointment_id: int
    postdoc_name: str
    destination: str
    destination_label: str
    purpose: str
    purpose_label: str
    place: str
    planned_start: date
    planned_return: date
    returned_on: date | None
    notes: str
    state: str
    state_label: str
    created_at: datetime

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.appointment.postdoc.name

    @staticmethod
    def resolve_destination_label(obj) -> str:
        return obj.get_destination_display()

    @staticmethod
    def resolve_purpose_label(obj) -> str:
        return obj.get_purpose_display()

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class DispatchIn(Schema):
    appointment: Id
    destination: text_of(Dispatch, "destination")
    purpose: text_of(Dispatch, "purpose")
    place: text_of(Dispatch, "place")
    planned_start: Day
    planned_return: Day
    notes: text_of(Dispatch, "notes") = ""


class DispatchReturnIn(Schema):
    returned_on: Day


dispatches = Router(tags=["dispatches"])


@dispatches.get("", response=page_of(DispatchOut), summary="List dispatches (派出, Art. 16)")
def dispatch_list(request, state: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    return paginate(DISPATCH_LIST.filter(dispatches_visible_to(request.user), state=state), page, page_size)


@dispatches.get("/{int:pk}", response=DispatchOut, summary="Dispatch detail")
def dispatch_detail(request, pk: Id):
    return get_visible(dispatches_visible_to(request.user), pk)


@dispatches.post("", response={201: DispatchOut}, summary="Request a dispatch (postdoc or base, Art. 16)")
def dispatch_create(request, payload: DispatchIn):
    target = get_visible(appointments_visible_to(request.user), payload.appointment)
    data = payload.dict(exclude={"appointment"})
    dispatch = services.dispatch_request(actor=request.user, appointment=target, **data)
    return Status(201, get_visible(dispatches_visible_to(request.user), dispatch.pk))


@dispatches.post("/{int:pk}/return", response=DispatchOut, summary="Confirm the return (base, Art. 16)")
def dispatch_return(request, pk: Id, payload: DispatchReturnIn):
    """The generic transitions route carries no date; the base confirms the return here."""
    dispatch = get_visible(dispatches_visible_to(request.user), pk)
    services.dispatch_return_confirm(actor=request.user, dispatch=dispatch, returned_on=payload.returned_on)
    return get_visible(dispatches_visible_to(request.user), pk)


register_workflow_routes(dispatches, "dispatches", dispatch_workflow, dispatches_visible_to)


routers = [("/dispatches", dispatches)]

__all__ = ["routers"]
