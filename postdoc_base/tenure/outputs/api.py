"""/api/v1/outputs (在站成果, Arts. 17, 20) and /api/v1/pay-records (Arts. 9(5), 20)."""

from datetime import date, datetime

from django.http import FileResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.common import (
    FindingOut,
    fields_set,
    get_visible,
    page_of,
    paginate,
    register_workflow_routes,
)
from postdoc_base.api.errors import not_found
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, Query, int_of, text_of
from postdoc_base.kernel.params import salary_schedule

from ..stay.selectors import appointments_visible_to
from . import services
from .models import Output, PayRecord
from .selectors import filter_outputs, filter_pay_records, outputs_visible_to, pay_records_visible_to
from .workflow import output_workflow


# --- outputs -------------------------------------------------------------------------------------------
class OutputOut(Schema):
    id: int
    appointment_id: int
    postdoc_name: str
    kind: str
    kind_label: str
    title: str
    occurred_on: date
    level: str
    level_label: str
    role: str
    role_label: str
    reference: str
    amount_yuan: int | None
    postdoc_share_yuan: int | None
    description: str
    has_evidence: bool
    evidence_name: str
    state: str
    state_label: str
    confirmed_by_id: int | None
    confirmed_by_name: str
    confirmed_on: date | None
    created_at: datetime

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.appointment.postdoc.name

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return obj.get_kind_display()

    @staticmethod
    def resolve_level_label(obj) -> str:
        return obj.get_level_display() if obj.level else ""

    @staticmethod
    def resolve_role_label(obj) -> str:
        return obj.get_role_display() if obj.role else ""

    @staticmethod
    def resolve_has_evidence(obj) -> bool:
        return bool(obj.evidence)

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()

    @staticmethod
    def resolve_confirmed_by_name(obj) -> str:
        return obj.confirmed_by.name if obj.confirmed_by_id else ""


class OutputPatch(Schema):
    kind: text_of(Output, "kind") | None = None
    title: text_of(Output, "title") | None = None
    occurred_on: Day | None = None
    level: text_of(Output, "level") | None = None
    role: text_of(Output, "role") | None = None
    reference: text_of(Output, "reference") | None = None
    amount_yuan: int_of(Output, "amount_yuan") | None = None
    postdoc_share_yuan: int_of(Output, "postdoc_share_yuan") | None = None
    description: text_of(Output, "description") | None = None


outputs = Router(tags=["outputs"])


def _output(request, pk: Id):
    return get_visible(outputs_visible_to(request.user), pk)


@outputs.get("", response=page_of(OutputOut), summary="List outputs (在站成果, Art. 17)")
def output_list(
    request, state: Query = "", kind: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE
):
    qs = filter_outputs(outputs_visible_to(request.user), state=state, kind=kind)
    return paginate(qs, page, page_size)


@outputs.get("/{int:pk}", response=OutputOut, summary="Output detail")
def output_detail(request, pk: Id):
    return _output(request, pk)


@outputs.post("", response={201: OutputOut},
              summary="Enter an output with its evidence (the postdoc, Art. 17; multipart)")  # fmt: skip
def output_create(
    request,
    appointment: Form[Id],
    kind: Form[text_of(Output, "kind")],
    title: Form[text_of(Output, "title")],
    occurred_on: Form[Day],
    evidence: File[UploadedFile] = None,
    level: text_of(Output, "level") = Form(""),
    role: text_of(Output, "role") = Form(""),
    reference: text_of(Output, "reference") = Form(""),
    amount_yuan: int_of(Output, "amount_yuan") | None = Form(None),
    postdoc_share_yuan: int_of(Output, "postdoc_share_yuan") | None = Form(None),
    description: text_of(Output, "description") = Form(""),
):
    target = get_visible(appointments_visible_to(request.user), appointment)
    output = services.output_create(
        actor=request.user, appointment=target, uploaded=evidence, kind=kind, title=title,
        occurred_on=occurred_on, level=level, role=role, reference=reference, amount_yuan=amount_yuan,
        postdoc_share_yuan=postdoc_share_yuan, description=description,
    )  # fmt: skip
    return Status(201, _output(request, output.pk))


@outputs.patch("/{int:pk}", response=OutputOut,
               summary="Correct an output not yet confirmed (the postdoc; only the fields sent)")  # fmt: skip
def output_update(request, pk: Id, payload: OutputPatch):
    """The evidence file is replaced through the page (multipart); this route changes the facts only."""
    output = _output(request, pk)
    services.output_update(actor=request.user, output=output, **fields_set(payload))
    return _output(request, pk)


@outputs.get("/{int:pk}/evidence", summary="Download the output's evidence")
def output_evidence(request, pk: Id):
    output = _output(request, pk)
    if not output.evidence:
        raise not_found()
    try:
        stored = output.evidence.open("rb")
    except FileNotFoundError:  # the stored file has gone missing: nothing to download
        raise not_found() from None
    return FileResponse(stored, as_attachment=True, filename=output.evidence_name,
                        content_type=output.evidence_type)  # fmt: skip


register_workflow_routes(outputs, "outputs", output_workflow, outputs_visible_to)


# --- pay records ---------------------------------------------------------------------------------------
class PayRecordOut(Schema):
    id: int
    appointment_id: int
    postdoc_name: str
    year: int
    annual_pay_yuan: int
    same_level_pay_yuan: int | None
    social_insurance: bool
    notes: str
    c_tier_floor_yuan: int
    findings: list[FindingOut]

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.appointment.postdoc.name


class PayRecordIn(Schema):
    appointment: Id
    year: int_of(PayRecord, "year")
    annual_pay_yuan: int_of(PayRecord, "annual_pay_yuan")
    same_level_pay_yuan: int_of(PayRecord, "same_level_pay_yuan") | None = None
    social_insurance: bool = False
    notes: text_of(PayRecord, "notes") = ""


def _with_findings(records, schedule=None):
    """Attach the year's floor and the Art. 9(5) / Art. 20 findings (all three, passing or not)."""
    schedule = schedule if schedule is not None else salary_schedule()
    for record in records:
        record.c_tier_floor_yuan = services.pay_floor(record.year, schedule)
        record.findings = [f.as_dict() for f in services.pay_findings(record, schedule)]
    return records


pay_records = Router(tags=["pay-records"])


@pay_records.get("", response=page_of(PayRecordOut),
                 summary="List yearly pay records with their warnings (Arts. 9(5), 20)")  # fmt: skip
def pay_record_list(request, appointment: Id | None = None, year: int_of(PayRecord, "year") | None = None,
                    page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):  # fmt: skip
    qs = filter_pay_records(pay_records_visible_to(request.user), appointment_id=appointment, year=year)
    result = paginate(qs, page, page_size)
    if result["items"]:
        _with_findings(result["items"])
    return result


@pay_records.post("", response={200: PayRecordOut, 201: PayRecordOut},
                  summary="Record or correct a year's pay (base unit; warnings, never refused)")  # fmt: skip
def pay_record_save(request, payload: PayRecordIn):
    target = get_visible(appointments_visible_to(request.user), payload.appointment)
    record, created = services.pay_record_save(
        actor=request.user, appointment=target, **payload.dict(exclude={"appointment"})
    )
    record = get_visible(pay_records_visible_to(request.user), record.pk)
    return Status(201 if created else 200, _with_findings([record])[0])


routers = [("/outputs", outputs), ("/pay-records", pay_records)]

__all__ = ["routers"]
