"""/api/v1/extensions (延期, Art. 14) and /api/v1/exits (出基地, Art. 18; destination for Art. 21; the
Art. 22 title route), mounted by api/api.py. Every route is scoped through ``appointments_visible_to``."""

from datetime import date, datetime

from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.common import FindingOut, get_visible, page_of, paginate, register_workflow_routes

from . import exit_services
from .exit_selectors import extensions_visible_to, title_route_visible_to, with_title_route_facts
from .exit_workflow import extension_term_findings, extension_workflow
from .selectors import appointments_visible_to


# --- extensions (延期, Art. 14) ---------------------------------------------------------------------------
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
    appointment: int
    months: int
    reason: str
    has_major_project: bool = False
    major_project_note: str = ""


extensions = Router(tags=["extensions"])


@extensions.get("", response=page_of(ExtensionOut), summary="List term extensions (延期, Art. 14)")
def extension_list(request, state: str = "", page: int = 1, page_size: int = 25):
    qs = extensions_visible_to(request.user)
    if state:
        qs = qs.filter(state=state)
    return paginate(qs, page, page_size)


@extensions.get("/{int:pk}", response=ExtensionOut, summary="Term extension detail")
def extension_detail(request, pk: int):
    return get_visible(extensions_visible_to(request.user), pk)


@extensions.post("", response={201: ExtensionOut},
                 summary="Request a term extension (postdoc or base, Art. 14)")  # fmt: skip
def extension_create(request, payload: ExtensionIn):
    target = get_visible(appointments_visible_to(request.user), payload.appointment)
    extension = exit_services.extension_request(
        actor=request.user, appointment=target, **payload.dict(exclude={"appointment"})
    )
    return Status(201, get_visible(extensions_visible_to(request.user), extension.pk))


register_workflow_routes(extensions, "extensions", extension_workflow, extensions_visible_to)


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
    exit_date: date
    destination: str
    employer: str = ""


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
def title_route_list(request, eligible: bool | None = None, page: int = 1, page_size: int = 25):
    return paginate(title_route_visible_to(request.user, eligible), page, page_size)


@exits.post("/{int:appointment_id}/materials", response=ExitOut,
            summary="Upload the research report and work summary (postdoc or base, Art. 18)")  # fmt: skip
def exit_materials(
    request, appointment_id: int, research_report: File[UploadedFile] = None,
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
def exit_complete(request, appointment_id: int, payload: ExitIn):
    appointment = _exit_out(request, appointment_id)
    exit_services.exit_complete(actor=request.user, appointment=appointment, **payload.dict())
    return _exit_out(request, appointment_id)


@exits.get("/{int:appointment_id}/title-route", response=TitleRouteOut,
           summary="The Art. 22 title route of one appointment (第二十二条)")  # fmt: skip
def title_route(request, appointment_id: int):
    return get_visible(with_title_route_facts(appointments_visible_to(request.user)), appointment_id)


routers = [("/extensions", extensions), ("/exits", exits)]

__all__ = ["routers"]
