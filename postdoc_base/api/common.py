"""Shared API plumbing: pagination, scoped lookups, and the workflow routes (transitions, history)."""

from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from ninja import Router, Schema
from pydantic import create_model

from postdoc_base.kernel.models import AuditEvent
from postdoc_base.kernel.selectors import history_visible_to
from postdoc_base.kernel.workflow import Workflow

from .errors import FindingOut, not_found
from .types import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Id, Query, Text

_page_models: dict[type, type] = {}


def page_of(item: type) -> type:
    """The response schema of a paginated list of ``item``."""
    if item not in _page_models:
        _page_models[item] = create_model(
            f"{item.__name__}Page",
            __base__=Schema,
            count=(int, ...),
            page=(int, ...),
            page_size=(int, ...),
            items=(list[item], ...),
        )
    return _page_models[item]


def paginate(qs: QuerySet, page: int = 1, page_size: int = DEFAULT_PAGE_SIZE) -> dict:
    """One count and one page query. The routes' ``Page`` / ``PageSize`` parameters bound what a client may
    ask (422 beyond them); here ``page_size`` is still kept to 1..100 and a page past the last one is empty
    without reading any row."""
    page_size = max(1, min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE))
    page = max(1, page or 1)
    start = (page - 1) * page_size
    count = qs.count()
    return {
        "count": count,
        "page": page,
        "page_size": page_size,
        "items": list(qs[start : start + page_size]) if start < count else [],
    }


def get_visible(qs: QuerySet, pk: Any):
    """The object if the user's scoped queryset holds it, else 404 (never reveal that it exists)."""
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise not_found()
    return obj


def fields_set(payload: Schema) -> dict:
    """Only the fields the client sent (PATCH semantics)."""
    return payload.model_dump(exclude_unset=True)


# --- workflow routes -----------------------------------------------------------------------------------
class ActionOptionOut(Schema):
    action: str
    label: str
    allowed: bool
    comment_required: bool
    article: str
    reasons: list[FindingOut]


class TransitionIn(Schema):
    action: Query
    comment: Text = ""


class StateOut(Schema):
    state: str
    state_label: str


class AuditEventOut(Schema):
    seq: int
    at: datetime
    actor_name: str
    role: str
    scope: str
    action: str
    from_state: str
    to_state: str
    comment: str
    diff: dict


def history_of(obj) -> QuerySet[AuditEvent]:
    """Every event of ``obj`` unfiltered: for internal use; responses use ``history_visible_to``."""
    return AuditEvent.objects.filter(subject_type=obj._meta.label_lower, subject_id=str(obj.pk)).order_by(
        "seq"
    )


def register_workflow_routes(router: Router, resource: str, workflow: Workflow, queryset_for_user) -> None:
    """Add ``GET/POST /{id}/transitions`` and ``GET /{id}/history`` for one workflow to ``router``.

    ``queryset_for_user(user)`` is the resource's scoping selector: outside it every route answers 404.
    """

    @router.get("/{int:pk}/transitions", response=list[ActionOptionOut], operation_id=f"{resource}_transitions",
                summary="Actions available to the user")  # fmt: skip
    def transitions(request, pk: Id):
        obj = get_visible(queryset_for_user(request.user), pk)
        return [option.as_dict() for option in workflow.available_actions(obj, request.user)]

    @router.post("/{int:pk}/transitions", response=StateOut, operation_id=f"{resource}_transition_apply",
                 summary="Apply an action")  # fmt: skip
    def apply(request, pk: Id, payload: TransitionIn):
        obj = get_visible(queryset_for_user(request.user), pk)
        workflow.get(payload.action)  # UnknownAction -> 400 before any lock
        obj = workflow.apply(obj, payload.action, actor=request.user, comment=payload.comment)
        state = workflow.state_of(obj)
        return {"state": state, "state_label": workflow.state_label(state)}

    @router.get("/{int:pk}/history", response=list[AuditEventOut], operation_id=f"{resource}_history",
                summary="Audit history")  # fmt: skip
    def history(request, pk: Id):
        obj = get_visible(queryset_for_user(request.user), pk)
        return history_visible_to(request.user, obj)
