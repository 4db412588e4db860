"""The one workbook writer of every Excel export: a scoped, filtered list as a sheet ready to send.

Each export passes the same rows its list page shows (the model's ``*_visible_to`` selector plus the page's
filters) and its columns, as (title, getter) pairs or (title, getter, number format) triples; personal data
goes out masked, as on the page. Every sheet is laid out alike:

- row 1: the list's title and the asker's scope, "单位名录（呼和浩特市）", merged across the columns;
- row 2: the time of export, "导出时间：2026年12月4日 21:30";
- row 3: the header, bold, frozen below the title, with an auto-filter over it and the data;
- then one row per object: dates and times as real date cells in Chinese formats, integers and money as
  numbers with thousands separators, booleans as 是/否, text that a spreadsheet would run as a formula
  stored as text. Column widths fit the header and the first ``SAMPLE_ROWS`` rows (a CJK character counts
  twice), capped at ``MAX_WIDTH``.

The workbook is openpyxl's write-only one: rows go to disk as they are written and the queryset is read in
chunks, so memory stays flat however long the list (only the sample rows wait for the widths to be set).
The file name is "<title>_<scope>_<YYYYMMDD>.xlsx", sent with an ASCII fallback (``content_disposition``).
"""

from __future__ import annotations

import numbers
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from typing import Any
from urllib.parse import quote

from django.http import FileResponse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# (title, getter) or (title, getter, number format): the format overrides the one the value's type gives
# (a year is an integer shown without a thousands separator: ``YEAR``).
Column = tuple[Any, Callable[[Any], Any]] | tuple[Any, Callable[[Any], Any], str]

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
DATETIME_FORMAT = 'yyyy"年"m"月"d"日" hh:mm'
INTEGER_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0.00"
YEAR = "0"

# The rows above the header: the title and the time of export. The header is row HEADER_ROW.
TITLE_ROWS = 2
HEADER_ROW = TITLE_ROWS + 1
# The rows read before the first is written, to size the columns (write-only sheets take widths first).
SAMPLE_ROWS = 200
MIN_WIDTH, MAX_WIDTH = 8, 50
CHUNK_SIZE = 2000

# A text cell starting with one of these is a formula (or a DDE call) to a spreadsheet program.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TITLE_FONT = Font(bold=True, size=14)
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE5F0")
HEADER_BORDER = Border(bottom=Side(style="thin"))
WRAP = Alignment(vertical="center", wrap_text=True)
SHEET_NAME_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
FILENAME_FORBIDDEN = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')


@dataclass(frozen=True)
class Sheet:
    """One sheet of a workbook: its name, columns and rows (a queryset, read in chunks, or any iterable)."""

    name: Any
    columns: Sequence[Column]
    rows: Iterable


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


# --- cells ------------------------------------------------------------------------------------------------
def _plain(value):
    """The value as a workbook stores it: booleans as 是/否, aware times in local time (a workbook has no
    time zones), lazy strings and labels as text without control characters; dates and numbers as they are."""
    if value is None:
        return None
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, numbers.Number | date):
        return value
    # Control characters cannot be stored in a workbook at all (openpyxl refuses the whole file).
    return ILLEGAL_CHARACTERS_RE.sub("", str(value))


def _number_format(value) -> str | None:
    if isinstance(value, datetime):
        return DATETIME_FORMAT
    if isinstance(value, date):
        return DATE_FORMAT
    if isinstance(value, numbers.Integral):
        return INTEGER_FORMAT
    if isinstance(value, numbers.Number):
        return MONEY_FORMAT
    return None


def _cell(sheet, value, number_format: str | None = None):
    """One data cell: dates and numbers with their format (the column's, if it has one), formula-like text
    as a text cell, other text as it is."""
    if value is None:
        return None
    if isinstance(value, str):
        if value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
            return cell
        return value
    cell = WriteOnlyCell(sheet, value=value)
    cell.number_format = number_format or _number_format(value) or "General"
    return cell


def append_row(sheet, values: Iterable, formats: Sequence[str | None] = ()) -> None:
    """Append one row of values to a write-only sheet; every export writes its data rows through here."""
    values = [_plain(v) for v in values]
    formats = list(formats) + [None] * (len(values) - len(formats))
    sheet.append([_cell(sheet, v, f) for v, f in zip(values, formats, strict=False)])


def _styled(sheet, value, *, font=None, fill=None, border=None, alignment=None):
    cell = WriteOnlyCell(sheet, value=_plain(value))
    if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
        cell.data_type = "s"
    for name, style in (("font", font), ("fill", fill), ("border", border), ("alignment", alignment)):
        if style is not None:
            setattr(cell, name, style)
    return cell


# --- widths -----------------------------------------------------------------------------------------------
def text_width(text: str) -> int:
    """Display width in Excel's units: a wide (CJK) character counts 2, any other 1."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _value_width(value, number_format: str | None) -> int:
    if value is None:
        return 0
    if isinstance(value, datetime):
        return 20  # 2026年12月31日 23:59
    if isinstance(value, date):
        return 14  # 2026年12月31日
    if isinstance(value, numbers.Number):
        if number_format == YEAR or not isinstance(value, int | float | Decimal):
            return len(str(value))
        return len(f"{value:,.2f}" if _number_format(value) == MONEY_FORMAT else f"{value:,}")
    return max((text_width(line) for line in str(value).splitlines()), default=0)


def column_widths(
    titles: Sequence[str], rows: Sequence[Sequence], formats: Sequence[str | None]
) -> list[int]:
    """Each column's width: the widest of its header and values, plus a margin, within the bounds."""
    widths = []
    for i, title in enumerate(titles):
        seen = max((_value_width(row[i], formats[i]) for row in rows), default=0)
        widths.append(max(MIN_WIDTH, min(MAX_WIDTH, max(text_width(title), seen) + 2)))
    return widths


# --- workbook ---------------------------------------------------------------------------------------------
def export_heading(title, scope: str) -> str:
    """The title row: the list's title and whose rows it holds, 单位名录（呼和浩特市）."""
    if not scope:
        return str(title)
    return gettext("%(title)s（%(scope)s）") % {"title": title, "scope": scope}


def export_stamp(now: datetime) -> str:
    """The second row: 导出时间：2026年12月4日 21:30."""
    return gettext("导出时间：%(time)s") % {"time": dateformat.format(now, gettext("Y年n月j日 H:i"))}


def _sheet_name(name, taken: set[str]) -> str:
    """A name Excel accepts (at most 31 characters, none of []:*?/\\), unique in the workbook."""
    base = SHEET_NAME_FORBIDDEN.sub("", str(name)).strip("'")[:31] or "Sheet"
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base[: 31 - len(str(n)) - 1]}-{n}"
    taken.add(candidate)
    return candidate


def _iterate(rows: Iterable):
    iterator = getattr(rows, "iterator", None)
    return iter(iterator(chunk_size=CHUNK_SIZE)) if iterator is not None else iter(rows)


def _write_sheet(
    workbook, sheet: Sheet, heading: str, stamp: str, taken: set[str], progress, done: int
) -> int:
    ws = workbook.create_sheet(_sheet_name(sheet.name, taken))
    titles = [str(column[0]) for column in sheet.columns]
    getters = [column[1] for column in sheet.columns]
    formats = [column[2] if len(column) > 2 else None for column in sheet.columns]
    objects = _iterate(sheet.rows)
    sample = [[_plain(get(obj)) for get in getters] for obj in islice(objects, SAMPLE_ROWS)]

    # Everything that precedes the rows in the file: widths, the frozen pane, the merged title cells.
    for i, width in enumerate(column_widths(titles, sample, formats), 1):
        ws.column_dimensions[get_column_letter(i)].width = width
    last = get_column_letter(max(len(titles), 1))
    ws.freeze_panes = f"A{HEADER_ROW + 1}"
    if len(titles) > 1:
        for row in range(1, TITLE_ROWS + 1):
            ws.merged_cells.add(f"A{row}:{last}{row}")

    ws.append([_styled(ws, heading, font=TITLE_FONT)])
    ws.append([_styled(ws, stamp)])
    ws.append([
        _styled(ws, t, font=HEADER_FONT, fill=HEADER_FILL, border=HEADER_BORDER, alignment=WRAP) for t in titles
    ])  # fmt: skip
    count = 0
    rest = ([get(obj) for get in getters] for obj in objects)
    for values in chain(sample, rest):
        append_row(ws, values, formats)
        count += 1
        if progress is not None:
            progress(done + count)
    ws.auto_filter.ref = f"A{HEADER_ROW}:{last}{HEADER_ROW + count}"
    return count


def write_workbook(out, sheets: Sequence[Sheet], *, title, scope: str, progress=None) -> int:
    """The sheets as one .xlsx into the binary file ``out``, each under the title row of ``title`` and
    ``scope``; ``progress`` hears the count of rows written so far after each row. Returns the count."""
    workbook = Workbook(write_only=True)
    heading, stamp = export_heading(title, scope), export_stamp(timezone.localtime())
    taken: set[str] = set()
    count = 0
    for sheet in sheets:
        count += _write_sheet(workbook, sheet, heading, stamp, taken, progress, count)
    workbook.save(out)
    return count


# --- file names -------------------------------------------------------------------------------------------
def export_filename(title, scope: str, day: date | None = None) -> str:
    """Every export's file name, in the asker's language: 单位名录_呼和浩特市_20261204.xlsx."""
    day = day or timezone.localdate()
    parts = [FILENAME_FORBIDDEN.sub("", str(part)).strip() for part in (title, scope)]
    stem = "_".join(p for p in parts if p)[:100]
    return f"{stem}_{day:%Y%m%d}.xlsx"


def ascii_filename(stem: str, day: date | None = None) -> str:
    """The file name for clients that cannot read a UTF-8 one: "units_20261204.xlsx"."""
    day = day or timezone.localdate()
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", stem).strip("-.") or "export"
    return f"{stem}_{day:%Y%m%d}.xlsx"


def content_disposition(filename: str, fallback: str) -> str:
    """An attachment named ``filename`` (RFC 5987/6266 ``filename*``), with the ASCII ``fallback`` first."""
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def xlsx_file_response(filelike, *, filename: str, fallback: str) -> FileResponse:
    """A finished workbook file as a download named ``filename``."""
    response = FileResponse(filelike, as_attachment=True, filename=fallback, content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition(filename, fallback)
    return response


def xlsx_response(sheets: Sequence[Sheet], *, title, scope: str, fallback_stem: str) -> FileResponse:
    """The sheets as a downloaded .xlsx file, written now (small exports; large ones are background jobs,
    see ``postdoc_base.exports``)."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it after streaming
    write_workbook(out, sheets, title=title, scope=scope)
    out.seek(0)
    return xlsx_file_response(
        out, filename=export_filename(title, scope), fallback=ascii_filename(fallback_stem)
    )
