"""/api/v1/appointments (进基地, Arts. 13-15) and /api/v1/extensions (延期, Art. 14), mounted by api/api.py."""

from datetime import date, datetime

from ninja import Router, Schema, Status

from postdoc_base.api.common import FindingOut, get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, Query, int_of, text_of
from postdoc_base.directory.models import MobileStation

from ..people.selectors import postdocs_managed_by
from ..recruitment.models import ResearchTopic
from ..scoping import bases_managed_by
from . import services
from .models import Appointment, TermExtension
from .selectors import EXTENSION_LIST, appointments_visible_to, extensions_visible_to, filter_appointments
from .workflow import appointment_workflow, extension_term_findings, extension_workflow


# --- appointments (进基地, Arts. 13-15) -----------------------------------------------------------------
class AppointmentOut(Schema):
    id: int
    postdoc_id: int
    postdoc_name: str
    base_id: int
    station_id: int
    topic_id: int | None
    contract_type: str
    term_months: int
    has_major_project: bool
    clauses_confirmed: list[str]
    signed_by: list[str]
    has_document: bool
    entry_date: date | None
    entry_filing_due: date | None
    entry_filing_submitted_on: date | None
    entry_filed_on: date | None
    entry_filing_late: bool
    station_supervisor_id: int | None
    base_supervisor_id: int | None
    state: str
    state_label: str

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.postdoc.name

    @staticmethod
    def resolve_has_document(obj) -> bool:
        return bool(obj.document)

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


class AppointmentIn(Schema):
    base: Id
    postdoc: Id
    station: Id
    topic: Id | None = None
    term_months: int_of(Appointment, "term_months") | None = None


appointments = Router(tags=["appointments"])


@appointments.get("", response=page_of(AppointmentOut), summary="List appointments (进基地)")
def appointment_list(
    request,
    state: Query = "",
    base: Id | None = None,
    page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    qs = filter_appointments(appointments_visible_to(request.user), state=state, base_id=base)
    return paginate(qs, page, page_size)


@appointments.get("/{int:pk}", response=AppointmentOut, summary="Appointment detail")
def appointment_detail(request, pk: Id):
    return get_visible(appointments_visible_to(request.user), pk)


@appointments.post("", response={201: AppointmentOut}, summary="Draft an appointment (base)")
def appointment_create(request, payload: AppointmentIn):
    base = get_visible(bases_managed_by(request.user), payload.base)
    postdoc = get_visible(postdocs_managed_by(request.user), payload.postdoc)
    station = get_visible(MobileStation.objects.all(), payload.station)
    topic = get_visible(ResearchTopic.objects.filter(base=base), payload.topic) if payload.topic else None
    appointment = services.appointment_create(
        actor=request.user, base=base, postdoc=postdoc, station=station, topic=topic,
        term_months=payload.term_months,
    )  # fmt: skip
    return Status(201, appointment)


class EntryIn(Schema):
    entry_date: Day


@appointments.post(
    "/{int:pk}/entry", response=AppointmentOut, summary="Complete the entry (station, Art. 13(2))"
)
def appointment_entry(request, pk: Id, payload: EntryIn):
    """The generic transitions route carries no date; the station completes the entry here."""
    appointment = get_visible(appointments_visible_to(request.user), pk)
    services.entry_complete(actor=request.user, appointment=appointment, entry_date=payload.entry_date)
    return get_visible(appointments_visible_to(request.user), pk)


register_workflow_routes(appointments, "appointments", appointment_workflow, appointments_visible_to)


# --- term extensions (延期, Art. 14) ---------------------------------------------------------------------
class ExtensionOut(Schema):
    id: int
    appointment_id: int
    postdoc_name: str
    months: int
    reason: str
    has_major_project: bool
    major_project_note: str
    requested_by_role: str
    state: str
    state_label: str
    decided_on: date | None
    created_at: datetime
    term_findings: list[FindingOut]

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.appointment.postdoc.name

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_term_findings(obj) -> list[dict]:
        """第十四条 over the whole stay with this extension (pure: the appointment is already loaded)."""
        return [f.as_dict() for f in extension_term_findings(obj)]


class ExtensionIn(Schema):
    appointment: Id
    months: int_of(TermExtension, "months")
    reason: text_of(TermExtension, "reason")
    has_major_project: bool = False
    major_project_note: text_of(TermExtension, "major_project_note") = ""


extensions = Router(tags=["extensions"])


@extensions.get("", response=page_of(ExtensionOut), summary="List term extensions (延期, Art. 14)")
def extension_list(request, state: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    return paginate(EXTENSION_LIST.filter(extensions_visible_to(request.user), state=state), page, page_size)


@extensions.get("/{int:pk}", response=ExtensionOut, summary="Term extension detail")
def extension_detail(request, pk: Id):
    return get_visible(extensions_visible_to(request.user), pk)


@extensions.post("", response={201: ExtensionOut},
                 summary="Request a term extension (postdoc or base, Art. 14)")  # fmt: skip
def extension_create(request, payload: ExtensionIn):
    target = get_visible(appointments_visible_to(request.user), payload.appointment)
    extension = services.extension_request(
        actor=request.user, appointment=target, **payload.dict(exclude={"appointment"})
    )
    return Status(201, get_visible(extensions_visible_to(request.user), extension.pk))


register_workflow_routes(extensions, "extensions", extension_workflow, extensions_visible_to)


routers = [("/appointments", appointments), ("/extensions", extensions)]

__all__ = ["routers"]
