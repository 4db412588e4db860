"""Excel exports of scoped, filtered lists, streamed row by row so a large list stays cheap.

Each export passes the same queryset its list page shows (the model's ``*_visible_to`` selector plus the
page's filters) and a tuple of (column title, getter) pairs; personal data goes out masked, as on the page.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Column = tuple[Any, Callable[[Any], Any]]


def write_rows(sheet, columns: Sequence[Column], rows: Iterable) -> None:
    sheet.append([str(title) for title, _get in columns])
    for row in rows:
        sheet.append([_cell(get(row)) for _title, get in columns])


def _cell(value):
    """Lazy strings and choice labels become text; dates, numbers and None stay as they are."""
    if value is None or isinstance(value, int | float | str) or hasattr(value, "isoformat"):
        return value
    return str(value)


def xlsx_response(queryset, columns: Sequence[Column], *, sheet: str, filename_prefix: str) -> FileResponse:
    """The queryset as one .xlsx sheet (openpyxl write-only, iterated in chunks)."""
    workbook = Workbook(write_only=True)
    write_rows(workbook.create_sheet(str(sheet)), columns, queryset.iterator(chunk_size=2000))
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after streaming
    workbook.save(out)
    out.seek(0)
    return FileResponse(
        out,
        as_attachment=True,
        filename=f"{filename_prefix}-{timezone.localdate():%Y%m%d}.xlsx",
        content_type=XLSX_TYPE,
    )
