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
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

Column = tuple[Any, Callable[[Any], Any]]


# A text cell starting with one of these is a formula (or a DDE call) to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def choice_label(field: str, blank: str = ""):
    """A column that shows a choice field's label (``get_<field>_display`` without its per-cell cost): the
    labels are translated once per export and language, then looked up. A value outside the choices shows
    as itself, an empty one as ``blank``."""
    tables: dict[str, dict] = {}

    def get(obj):
        value = getattr(obj, field)
        if value in (None, ""):
            return blank
        language = translation.get_language() or ""
        labels = tables.get(language)
        if labels is None:
            choices = obj._meta.get_field(field).flatchoices
            labels = tables[language] = {key: str(text) for key, text in choices}
        return labels.get(value, value)

    return get


def narrowed(queryset, related: dict[str, tuple[str, ...]], own: tuple[str, ...] | None = None):
    """The export's queryset reading only what its columns print: the model's own columns (or only ``own``),
    and of each related object (``{"postdoc": ("name",)}``, paths as in ``select_related``) only the named
    columns. The list's selector joins more for its pages; an export of many rows pays for every column it
    reads. (A column reading a field left out would cost a query per row: the exports' query-count tests
    catch that.)"""
    wanted = set(own) if own is not None else {f.name for f in queryset.model._meta.concrete_fields}
    for path, names in related.items():
        parts = path.split("__")
        wanted.update("__".join(parts[:i]) for i in range(1, len(parts) + 1))  # the links on the way
        wanted.update(f"{path}__{name}" for name in names)
    return queryset.select_related(None).select_related(*related).only(*sorted(wanted))


def write_rows(
    sheet, columns: Sequence[Column], rows: Iterable, progress: Callable[[int], None] | None = None
) -> int:
    """The header, then one row per object; ``progress`` hears the count after each row. Returns the count."""
    append_row(sheet, [str(title) for title, _get in columns])
    count = 0
    for row in rows:
        append_row(sheet, [get(row) for _title, get in columns])
        count += 1
        if progress is not None:
            progress(count)
    return count


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


def export_filename(prefix: str) -> str:
    return f"{prefix}-{timezone.localdate():%Y%m%d}.xlsx"


def write_workbook(out, queryset, columns: Sequence[Column], *, sheet, progress=None) -> int:
    """The queryset as one .xlsx sheet into the binary file ``out`` (openpyxl write-only, the rows read in
    chunks, so memory stays flat however long the list). Returns the number of rows."""
    workbook = Workbook(write_only=True)
    count = write_rows(
        workbook.create_sheet(str(sheet)), columns, queryset.iterator(chunk_size=2000), progress
    )
    workbook.save(out)
    return count


def xlsx_response(queryset, columns: Sequence[Column], *, sheet, filename_prefix: str) -> FileResponse:
    """The queryset as a downloaded .xlsx file, written now (small exports; large ones are background jobs,
    see ``postdoc_base.exports``)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after streaming
    write_workbook(out, queryset, columns, sheet=sheet)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=export_filename(filename_prefix), content_type=XLSX_TYPE
    )
