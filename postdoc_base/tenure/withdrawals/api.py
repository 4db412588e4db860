"""/api/v1/withdrawals (退出基地, Art. 23), mounted by api/api.py."""

from datetime import date, datetime

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.common import get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Id, Page, PageSize, Query, int_of, text_of

from ..stay.selectors import appointments_visible_to
from . import services
from .models import WithdrawalCase
from .selectors import WITHDRAWAL_LIST, withdrawals_visible_to
from .workflow import withdrawal_workflow


class WithdrawalOut(Schema):
    id: int
    appointment_id: int
    postdoc_name: str
    reason: int
    reason_label: str
    article: str
    facts: str
    has_evidence: bool
    proposed_by_role: str
    state: str
    state_label: str
    decision_article: str
    decided_on: date | None
    created_at: datetime

    @staticmethod
    def resolve_postdoc_name(obj) -> str:
        return obj.appointment.postdoc.name

    @staticmethod
    def resolve_reason_label(obj) -> str:
        return obj.get_reason_display()

    @staticmethod
    def resolve_has_evidence(obj) -> bool:
        return bool(obj.evidence)

    @staticmethod
    def resolve_state_label(obj) -> str:
        return obj.get_state_display()


withdrawals = Router(tags=["withdrawals"])


@withdrawals.get("", response=page_of(WithdrawalOut), summary="List withdrawal cases (退出基地, Art. 23)")
def withdrawal_list(request, state: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    return paginate(
        WITHDRAWAL_LIST.filter(withdrawals_visible_to(request.user), state=state), page, page_size
    )


@withdrawals.get("/{int:pk}", response=WithdrawalOut, summary="Withdrawal case detail")
def withdrawal_detail(request, pk: Id):
    return get_visible(withdrawals_visible_to(request.user), pk)


@withdrawals.post("", response={201: WithdrawalOut},
                  summary="Propose a withdrawal (base, station or region; Art. 23)")  # fmt: skip
def withdrawal_create(
    request,
    appointment: Form[Id],
    reason: Form[int_of(WithdrawalCase, "reason")],
    facts: Form[text_of(WithdrawalCase, "facts")],
    evidence: File[UploadedFile] = None,
):
    target = get_visible(appointments_visible_to(request.user), appointment)
    case = services.withdrawal_propose(
        actor=request.user, appointment=target, reason=reason, facts=facts, uploaded=evidence
    )
    return Status(201, get_visible(withdrawals_visible_to(request.user), case.pk))


register_workflow_routes(withdrawals, "withdrawals", withdrawal_workflow, withdrawals_visible_to)


routers = [("/withdrawals", withdrawals)]

__all__ = ["routers"]
