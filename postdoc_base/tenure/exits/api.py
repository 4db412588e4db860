"""/api/v1/exits (出基地, Art. 18; destination for Art. 21; the Art. 22 title route), mounted by api/api.py.
Every route is scoped through ``appointments_visible_to``."""

from datetime import date

from ninja import File, Router, Schema
from ninja.files import UploadedFile

from postdoc_base.api.common import FindingOut, get_visible, page_of, paginate
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, text_of

from ..stay.models import Appointment
from ..stay.selectors import appointments_visible_to
from . import services as exit_services
from .selectors import title_route_visible_to, with_title_route_facts


# --- exits (出基地, Art. 18; Art. 21; Art. 22) -------------------------------------------------------------
class ExitOut(Schema):
    appointment_id: int
    postdoc_name: str
    state: str
    state_label: str
    research_report_name: str
    work_summary_name: str
    exit_date: date | None
    destination: str
    destination_label: str
    destination_employer: str

    @staticmethod
    def resolve_appointment_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.postdoc.name

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_destination_label(obj) -> str:
        return obj.get_destination_display() if obj.destination else ""


class ExitIn(Schema):
    exit_date: Day
    destination: text_of(Appointment, "destination")
    employer: text_of(Appointment, "destination_employer") = ""


class TitleRouteOut(Schema):
    appointment_id: int
    postdoc_name: str
    base_name: str
    exit_date: date | None
    destination: str
    destination_employer: str
    eligible: bool
    findings: list[FindingOut]

    @staticmethod
    def resolve_appointment_id(obj) -> int:
        return obj.pk

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.postdoc.name

    @staticmethod
    def resolve_base_name(obj) -> str:
        return obj.base.name

    @staticmethod
    def resolve_eligible(obj) -> bool:
        return exit_services.is_eligible(exit_services.title_route(obj))

    @staticmethod
    def resolve_findings(obj) -> list[dict]:
        return [f.as_dict() for f in exit_services.title_route(obj)]


exits = Router(tags=["exits"])


def _exit_out(request, appointment_id: int):
    return get_visible(appointments_visible_to(request.user), appointment_id)


@exits.get("/title-route", response=page_of(TitleRouteOut),
           summary="Exited postdocs and the Art. 22 title route (第二十二条)")  # fmt: skip
def title_route_list(
    request, eligible: bool | None = None, page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE
):
    return paginate(title_route_visible_to(request.user, eligible), page, page_size)


@exits.post("/{int:appointment_id}/materials", response=ExitOut,
            summary="Upload the research report and work summary (postdoc or base, Art. 18)")  # fmt: skip
def exit_materials(
    request, appointment_id: Id, research_report: File[UploadedFile] = None,
    work_summary: File[UploadedFile] = None,
):  # fmt: skip
    appointment = _exit_out(request, appointment_id)
    exit_services.exit_materials_upload(
        actor=request.user,
        appointment=appointment,
        research_report=research_report,
        work_summary=work_summary,
    )
    return _exit_out(request, appointment_id)


@exits.post("/{int:appointment_id}/complete", response=ExitOut,
            summary="Complete the exit with date and destination (station, Arts. 18, 21)")  # fmt: skip
def exit_complete(request, appointment_id: Id, payload: ExitIn):
    appointment = _exit_out(request, appointment_id)
    exit_services.exit_complete(actor=request.user, appointment=appointment, **payload.dict())
    return _exit_out(request, appointment_id)


@exits.get("/{int:appointment_id}/title-route", response=TitleRouteOut,
           summary="The Art. 22 title route of one appointment (第二十二条)")  # fmt: skip
def title_route(request, appointment_id: Id):
    return get_visible(with_title_route_facts(appointments_visible_to(request.user)), appointment_id)


routers = [("/exits", exits)]

__all__ = ["routers"]
