"""/api/v1/revocations (取消基地备案, Art. 24), mounted by api/api.py: the list, a case, its actions and history
(``keep`` through the generic transitions route), and the revoke decision with its date and document number."""

from datetime import date, datetime

from ninja import Router, Schema

from postdoc_base.api.common import get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, Query, Text, text_of

from . import services
from .models import RevocationCase
from .selectors import REVOCATION_LIST, revocations_visible_to
from .workflow import revocation_workflow


class RevocationOut(Schema):
    id: int
    base_id: int
    base_name: str
    filing_number: str
    bureau_name: str | None
    ground: str
    ground_label: str
    article: str
    evaluation_id: int | None
    empty_since: date | None
    due_on: date
    facts: str
    state: str
    state_label: str
    revoked_on: date | None
    document_number: str
    decided_on: date | None
    created_at: datetime

    @staticmethod
    def resolve_base_name(obj) -> str:
        return obj.base.name

    @staticmethod
    def resolve_filing_number(obj) -> str:
        return obj.base.filing_number

    @staticmethod
    def resolve_bureau_name(obj) -> str | None:
        return obj.base.unit.bureau.name if obj.base.unit.bureau_id else None

    @staticmethod
    def resolve_ground_label(obj) -> str:
        return str(obj.get_ground_display())

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())


class RevokeIn(Schema):
    revoked_on: Day | None = None
    document_number: text_of(RevocationCase, "document_number") = ""
    comment: Text = ""


revocations = Router(tags=["revocations"])


@revocations.get("", response=page_of(RevocationOut), summary="List revocation cases (取消基地备案, Art. 24)")
def revocation_list(request, state: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    return paginate(
        REVOCATION_LIST.filter(revocations_visible_to(request.user), state=state), page, page_size
    )


@revocations.get("/{int:pk}", response=RevocationOut, summary="Revocation case detail")
def revocation_detail(request, pk: Id):
    return get_visible(revocations_visible_to(request.user), pk)


@revocations.post("/{int:pk}/revoke", response=RevocationOut,
                  summary="Revoke the base's filing (region; date and document number; Art. 24)")  # fmt: skip
def revocation_revoke(request, pk: Id, payload: RevokeIn):
    case = get_visible(revocations_visible_to(request.user), pk)
    services.revocation_decide(
        actor=request.user, case=case, revoked_on=payload.revoked_on,
        document_number=payload.document_number, comment=payload.comment,
    )  # fmt: skip
    return get_visible(revocations_visible_to(request.user), pk)


register_workflow_routes(revocations, "revocations", revocation_workflow, revocations_visible_to)

routers = [("/revocations", revocations)]

__all__ = ["routers"]
