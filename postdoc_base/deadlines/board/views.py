"""The deadline board (期限监控, issue 12): the open obligations the user may watch, overdue and due soon first,
filtered by window, kind, role owed, bureau (the region) and object, with the counts per bureau (the region and
the bureau officers) and the Excel export of the same rows."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.exports.registry import xlsx_export
from postdoc_base.web.pages import page_of

from .permissions import may_open_board, may_see_bureau_counts
from .selectors import (
    NO_BUREAU,
    NO_BUREAU_LABEL,
    OVERDUE,
    READY,
    SOON,
    SOON_DAYS,
    WINDOWS,
    board_columns,
    board_export_columns,
    board_filters,
    board_for,
    bureau_text,
    countdown,
    counts_by_bureau,
    date_text,
    kind_choices,
    last_reminder_text,
    responsible_text,
    sees_every_bureau,
)


def _filters_of(request):
    if not may_open_board(request.user):
        raise PermissionDenied
    return board_filters(request.GET, request.user)


def _count_links(request, f, rows) -> list[dict]:
    """Each bureau's counts with the links that list them (the board's other filters kept)."""
    kept = {k: v for k, v in f.params().items() if k not in ("window", "bureau")}
    region = sees_every_bureau(request.user)
    out = []
    for row in rows:
        where = {**kept, "bureau": row.param} if region else kept
        out.append(
            {
                "row": row,
                "all": urlencode(where),
                **{w: urlencode({**where, "window": w}) for w in (OVERDUE, READY, SOON)},
            }
        )
    return out


@login_required
def board(request):
    """The board: one page of rows (one query), the counts per bureau (one query and the bureaus' names)."""
    f = _filters_of(request)
    today = timezone.localdate()
    page = page_of(request, board_for(request.user, f, today))
    for o in page.object_list:
        o.date_label = date_text(o)
        o.countdown_label, o.tone = countdown(o, today)
        o.responsible_label = responsible_text(o)
        o.bureau_label = bureau_text(o)
        o.reminder_label = last_reminder_text(o)
    counts = counts_by_bureau(request.user, f, today) if may_see_bureau_counts(request.user) else []
    region = sees_every_bureau(request.user)
    context = {
        "page": page,
        "page_obj": page,
        "f": f,
        "today": today,
        "columns": [str(title) for title, _get in board_columns(today)],
        "windows": list(WINDOWS.items()),
        "soon_days": SOON_DAYS,
        "kinds": kind_choices(),
        "roles": Role.choices,
        "region": region,
        # The region's bureau filter: the bureaus the counts have read already (no second query).
        "bureaus": [(c.bureau_id, c.name) for c in counts if c.bureau_id is not None] if region else [],
        "no_bureau": NO_BUREAU,
        "no_bureau_label": NO_BUREAU_LABEL,
        "counts": _count_links(request, f, counts),
        "totals": {k: sum(getattr(c, k) for c in counts) for k in (OVERDUE, READY, SOON)},
        "query": urlencode(f.params()),
    }
    return render(request, "deadlines/board.html", context)


def _columns(request):
    return board_export_columns(timezone.localdate())


@xlsx_export("deadline_board", columns=_columns, sheet=_("期限监控"), filename_prefix="deadlines")
def board_export(request):
    """The board's rows as .xlsx: the same scope, filters and columns as the page (a large list is a background
    job of the export layer, computed again for the asker's scope when the worker runs)."""
    return board_for(request.user, _filters_of(request), timezone.localdate())
