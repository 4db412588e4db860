"""Every Excel export declared once: ``xlsx_export`` turns "the rows this user may export with these filters"
into the export's page view and registers it by name, so the background worker can build the same rows for
the same user later (``services.export_job_run``).

A small export is answered at once, streamed from a temporary file; one of more than
``settings.EXPORT_INLINE_MAX_ROWS`` rows becomes an ``ExportJob``: the user is sent to its progress page and
downloads the file when the worker has written it. The rows are computed again by the worker, with the user's
scope as it is then (an officer moved to another bureau in between exports the new bureau's rows).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect

from postdoc_base.web.exports import Column, Sheet, xlsx_response

from .services import export_job_create
from .specs import EXPORTS, ExportSpec, Rows, scope_label
from .tasks import run_export_job


def xlsx_export(
    name: str, *, columns: Sequence[Column] | Callable[..., Sequence[Column]], sheet, filename_prefix: str
):
    """Decorate ``rows(request)`` (reading only ``request.user`` and ``request.GET``, as the list page's
    filter helpers do); returns the export's view (login required). ``columns`` may be a function of the
    request when a column needs something read once per export (the pay list's salary schedule). ``sheet``
    is the list's title (the sheet, the title row, the file name); ``filename_prefix`` the ASCII stem of the
    fallback file name."""

    def declare(rows: Rows):
        if name in EXPORTS:
            raise ValueError(f"export {name!r} declared twice")
        spec = ExportSpec(name, columns, sheet, filename_prefix, rows)
        EXPORTS[name] = spec

        @login_required
        def view(request):
            return export_response(request, spec)

        view.__name__ = view.__qualname__ = rows.__name__
        view.__doc__ = rows.__doc__
        view.export = spec
        return view

    return declare


def export_response(request, spec: ExportSpec):
    """The file now when it is small; otherwise a background job and its progress page."""
    rows = spec.rows(request)
    if rows.count() <= settings.EXPORT_INLINE_MAX_ROWS:
        return xlsx_response(
            spec.sheets(request, rows),
            title=spec.sheet,
            scope=scope_label(request.user),
            fallback_stem=spec.filename_prefix,
        )
    job = export_job_create(user=request.user, spec=spec, params=request.GET)
    transaction.on_commit(lambda: run_export_job(job.pk))
    return redirect(job.get_absolute_url())


def workbook_response(request, sheets: Sequence[Sheet], *, title, fallback_stem: str):
    """A workbook that is not a declared list (a panel's scores) answered at once by the same writer, under
    the asker's scope."""
    return xlsx_response(sheets, title=title, scope=scope_label(request.user), fallback_stem=fallback_stem)
