"""/api/v1 of Art. 24's second sentence, mounted by api/api.py: recording a workstation approval for a base
(region), and the treatment checklists (list, one checklist with its items, an item's progress, the actions and
history)."""

from datetime import date, datetime

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.common import get_visible, not_found, page_of, paginate, register_workflow_routes
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, Query, text_of

from ..selectors import base_files_visible_to
from . import services
from .models import TreatmentItem, WorkstationApproval
from .selectors import CHECKLIST_LIST, checklists_visible_to
from .workflow import checklist_workflow


class ApprovalOut(Schema):
    id: int
    base_id: int
    approved_on: date
    document_number: str
    approver: str
    has_document: bool

    @staticmethod
    def resolve_has_document(obj) -> bool:
        return bool(obj.document)


class ItemOut(Schema):
    id: int
    key: str
    label: str
    done_on: date | None
    note: str

    @staticmethod
    def resolve_label(obj) -> str:
        return str(obj.label)


class ChecklistOut(Schema):
    id: int
    appointment_id: int
    postdoc_name: str
    base_id: int
    base_name: str
    approved_on: date
    document_number: str
    state: str
    state_label: str
    confirmed_on: date | None
    progress: str
    items: list[ItemOut]
    created_at: datetime

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.appointment.postdoc.name

    @staticmethod
    def resolve_base_id(obj) -> int:
        return obj.appointment.base_id

    @staticmethod
    def resolve_base_name(obj) -> str:
        return obj.appointment.base.name

    @staticmethod
    def resolve_approved_on(obj) -> date:
        return obj.approval.approved_on

    @staticmethod
    def resolve_document_number(obj) -> str:
        return obj.approval.document_number

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.items.all())


class ItemIn(Schema):
    done_on: Day | None = None
    note: text_of(TreatmentItem, "note") = ""


workstations = Router(tags=["workstation approvals"])


@workstations.post("/{int:pk}/workstation-approval", response={201: ApprovalOut},
                   summary="Record that the base's unit was approved to set up a workstation (region; Art. 24)")  # fmt: skip
def workstation_record(
    request,
    pk: Id,
    approved_on: Form[Day],
    document_number: Form[text_of(WorkstationApproval, "document_number")],
    approver: Form[text_of(WorkstationApproval, "approver")],
    document: File[UploadedFile] = None,
):
    base = get_visible(base_files_visible_to(request.user), pk)
    approval = services.workstation_approval_record(
        actor=request.user, base=base, approved_on=approved_on, document_number=document_number,
        approver=approver, uploaded=document,
    )  # fmt: skip
    return Status(201, approval)


treatments = Router(tags=["treatment checklists"])


@treatments.get(
    "", response=page_of(ChecklistOut), summary="List treatment checklists (补齐设站相关待遇, Art. 24)"
)
def treatment_list(request, state: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    return paginate(CHECKLIST_LIST.filter(checklists_visible_to(request.user), state=state), page, page_size)


@treatments.get("/{int:pk}", response=ChecklistOut, summary="Treatment checklist detail")
def treatment_detail(request, pk: Id):
    return get_visible(checklists_visible_to(request.user), pk)


@treatments.put("/{int:pk}/items/{key}", response=ChecklistOut,
                summary="Record an item as done (done_on) or not yet (null); the unit, while open")  # fmt: skip
def treatment_item_record(request, pk: Id, key: text_of(TreatmentItem, "key"), payload: ItemIn):
    checklist = get_visible(checklists_visible_to(request.user), pk)
    item = next((i for i in checklist.items.all() if i.key == key), None)
    if item is None:
        raise not_found()
    services.treatment_item_record(actor=request.user, item=item, done_on=payload.done_on, note=payload.note)
    return get_visible(checklists_visible_to(request.user), pk)


register_workflow_routes(treatments, "treatments", checklist_workflow, checklists_visible_to)

routers = [("/bases", workstations), ("/treatments", treatments)]

__all__ = ["routers"]
