"""The deadline board's API: ``GET /deadlines/obligations`` (the board's rows, paginated, with the page's
filters) and ``GET /deadlines/counts`` (overdue, ready and due-soon items per bureau: the region every bureau
and the items in none, a bureau officer its own). The same selectors as the page: the same scope, the same
filters; a value a filter does not know is ignored, as on the page, and named in the counts' ``problems``."""

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from ninja import Router, Schema

from postdoc_base.api.common import page_of, paginate
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Page, PageSize, Query

from .permissions import may_open_board, may_see_bureau_counts
from .selectors import (
    board_filters,
    board_for,
    bureau_text,
    countdown,
    counts_by_bureau,
    date_text,
    last_reminder_text,
    responsible_text,
)


class DeadlineItemOut(Schema):
    id: int
    kind: str
    title: str
    subject_label: str
    url: str
    responsible_role: str
    responsible: str
    bureau_id: int | None
    bureau_name: str
    due_on: date | None
    date_means: str
    date_text: str
    countdown: str
    tone: str
    article: str
    last_reminder_stage: str | None
    last_reminder_on: date | None
    last_reminder: str

    @staticmethod
    def resolve_responsible(obj) -> str:
        return responsible_text(obj)

    @staticmethod
    def resolve_bureau_id(obj) -> int | None:
        return obj.owner_bureau_id

    @staticmethod
    def resolve_bureau_name(obj) -> str:
        return bureau_text(obj)

    @staticmethod
    def resolve_date_text(obj) -> str:
        return date_text(obj)

    @staticmethod
    def resolve_countdown(obj) -> str:
        return countdown(obj, timezone.localdate())[0]

    @staticmethod
    def resolve_tone(obj) -> str:
        return countdown(obj, timezone.localdate())[1]

    @staticmethod
    def resolve_last_reminder_stage(obj) -> str | None:
        return obj.last_stage

    @staticmethod
    def resolve_last_reminder_on(obj) -> date | None:
        return obj.last_stage_on

    @staticmethod
    def resolve_last_reminder(obj) -> str:
        return last_reminder_text(obj)


class DeadlineBureauCountOut(Schema):
    bureau_id: int | None  # null: the items in no bureau (the region, departments, stations, experts)
    name: str
    overdue: int
    ready: int
    soon: int


class DeadlineCountsOut(Schema):
    today: date
    days: int
    bureaus: list[DeadlineBureauCountOut]
    problems: list[str]


def _filters(request, **params):
    if not may_open_board(request.user):
        raise PermissionDenied
    return board_filters({k: str(v) for k, v in params.items() if v not in (None, "")}, request.user)


deadlines = Router(tags=["deadlines"])


@deadlines.get("/obligations", response=page_of(DeadlineItemOut),
               summary="Open obligations the user may watch (overdue and due soon first)")  # fmt: skip
def deadline_obligation_list(
    request,
    window: Query = "",
    days: Query = "",
    kind: Query = "",
    role: Query = "",
    bureau: Query = "",
    q: Query = "",
    page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    f = _filters(request, window=window, days=days, kind=kind, role=role, bureau=bureau, q=q)
    return paginate(board_for(request.user, f, timezone.localdate()), page, page_size)


@deadlines.get("/counts", response=DeadlineCountsOut,
               summary="Overdue, ready and due-soon obligations per bureau (region: all; bureau: its own)")  # fmt: skip
def deadline_counts(request, days: Query = "", kind: Query = "", role: Query = "", q: Query = ""):
    f = _filters(request, days=days, kind=kind, role=role, q=q)
    if not may_see_bureau_counts(request.user):
        raise PermissionDenied
    today = timezone.localdate()
    return {
        "today": today,
        "days": f.days,
        "bureaus": counts_by_bureau(request.user, f, today),
        "problems": [str(p) for p in f.problems],
    }


routers = [("/deadlines", deadlines)]

__all__ = ["routers"]
