"""Excel exports of scoped, filtered lists, streamed row by row so a large list stays cheap.

Each export passes the same queryset its list page shows (the model's ``*_visible_to`` selector plus the
page's filters) and a tuple of (column title, getter) pairs; personal data goes out masked, as on the page.
"""

from __future__ import annotations

import numbers
import tempfile
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from django.http import FileResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Column = tuple[Any, Callable[[Any], Any]]


# A text cell starting with one of these is a formula (or a DDE call) to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def write_rows(sheet, columns: Sequence[Column], rows: Iterable) -> None:
    append_row(sheet, [str(title) for title, _get in columns])
    for row in rows:
        append_row(sheet, [get(row) for _title, get in columns])


def append_row(sheet, values: Iterable) -> None:
    """Append one row to a write-only sheet; every export writes its rows through here."""
    sheet.append([_cell(sheet, value) for value in values])


def _cell(sheet, value):
    """Lazy strings and choice labels become text; dates, numbers and None stay as they are. Text that a
    spreadsheet would run as a formula (a name typed as ``=HYPERLINK(...)``) is stored as plain text, and
    control characters are dropped."""
    if value is None or isinstance(value, numbers.Number) or hasattr(value, "isoformat"):
        return value
    # Control characters cannot be stored in a workbook at all (openpyxl refuses the whole file).
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))
    if text.startswith(FORMULA_STARTS):
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
        return cell
    return text


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
