"""The one workbook writer of every Excel export: a scoped, filtered list as a sheet ready to send.

Each export passes the same rows its list page shows (the model's ``*_visible_to`` selector plus the page's
filters) and its columns; personal data goes out masked, as on the page. A column is ``(title, value)`` or
``(title, value, number format)``, and its value is one of:

- a field path, as in a query: ``"title"``, ``"appointment__postdoc__name"`` (the field's value; a path ends
  at a field that holds a value, not at a relation);
- ``choice_label(path)``: a choice field's label in the export's language (``"kind"`` -> 论文);
- a function of the row's object, for anything else (a masked ID number, a station's two names).

A sheet whose columns are all paths and labels is read as ``values_list`` tuples of those paths, without
building model instances; a sheet with a function among its columns reads objects (``narrowed`` keeps their
queries small). The labels are looked up once per sheet, in the language active when it is written.

Every sheet is laid out alike:

- row 1: the list's title and the asker's scope, "单位名录（呼和浩特市）", merged across the columns;
- row 2: the time of export, "导出时间：2026年12月4日 21:30";
- row 3: the header, bold, frozen below the title, with an auto-filter over it and the data;
- then one row per object: dates and times as real date cells in Chinese formats, integers and money as
  numbers with thousands separators, booleans as 是/否, text that a spreadsheet would run as a formula
  stored as text. Column widths fit the header and the first ``SAMPLE_ROWS`` rows (a CJK character counts
  twice), capped at ``MAX_WIDTH``.

The workbook is openpyxl's write-only one: rows go to disk as they are written and the queryset is read in
chunks, so memory stays flat however long the list (only the sample rows wait for the widths to be set).
How a column's values become cells is decided once per column (``_Cells``): text is appended as it is, and
only numbers and dates, which need a number format, are styled cells.
The file name is "<title>_<scope>_<YYYYMMDD>.xlsx", sent with an ASCII fallback (``content_disposition``).
"""

from __future__ import annotations

import numbers
import re
import tempfile
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from itertools import chain, islice
from operator import itemgetter
from typing import Any
from urllib.parse import quote

from django.http import FileResponse
from django.utils import dateformat, timezone, translation
from django.utils.translation import gettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.numbers import is_date_format
from openpyxl.utils import get_column_letter

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

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


# --- columns ----------------------------------------------------------------------------------------------
def _follow(obj, path: str):
    """``path``'s value on an object, "a__b" as ``obj.a.b``; None once a link on the way is empty."""
    for name in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, name)
    return obj


def _path_getter(path: str) -> Callable[[Any], Any]:
    return (lambda obj: _follow(obj, path)) if "__" in path else (lambda obj: getattr(obj, path))


def _field_at(model, path: str):
    """The model field ``path`` names, following the relations on the way."""
    *links, name = path.split("__")
    for link in links:
        model = model._meta.get_field(link).related_model
    return model._meta.get_field(name)


@dataclass(frozen=True)
class ChoiceLabel:
    """A column showing a choice field's label (``choice_label``). The writer reads the field's value (a path)
    and looks it up in ``labels``, made once per sheet; called on an object, it is that object's label (a
    page may show the same column)."""

    path: str
    blank: str = ""
    _tables: dict = field(default_factory=dict, compare=False, repr=False)

    def labels(self, model) -> dict:
        """The field's values and their labels in the active language."""
        return {key: str(text) for key, text in _field_at(model, self.path).flatchoices}

    def label(self, value, labels: dict):
        """The label of ``value``: itself outside the choices, ``blank`` when empty."""
        if value is None or value == "":
            return self.blank
        return labels.get(value, value)

    def __call__(self, obj):
        """The label on an object (a page may show the same column); a table per model and language."""
        key = (type(obj), translation.get_language() or "")
        labels = self._tables.get(key)
        if labels is None:
            labels = self._tables[key] = self.labels(type(obj))
        return self.label(_follow(obj, self.path), labels)


def choice_label(path: str, blank: str = "") -> ChoiceLabel:
    """A column that shows a choice field's label (``get_<field>_display`` without its per-cell cost), the
    field named by its path (``"state"``, ``"appointment__state"``). A value outside the choices shows as
    itself, an empty one as ``blank``."""
    return ChoiceLabel(path, blank)


# A column: (title, value) or (title, value, number format). The value is a field path, a ``choice_label``
# or a function of the row's object (see above); the format overrides the one the value's type gives (a year
# is an integer shown without a thousands separator: ``YEAR``).
ColumnValue = str | ChoiceLabel | Callable[[Any], Any]
Column = tuple[Any, ColumnValue] | tuple[Any, ColumnValue, str]


def narrowed(queryset, related: dict[str, tuple[str, ...]], own: tuple[str, ...] | None = None):
    """The export's queryset reading only what its columns print: the model's own columns (or only ``own``),
    and of each related object (``{"postdoc": ("name",)}``, paths as in ``select_related``) only the named
    columns. For an export whose columns are functions of the object: the list's selector joins more for its
    pages, and an export of many rows pays for every column it reads. (A column reading a field left out
    would cost a query per row: the exports' query-count tests catch that.) An export whose columns are all
    paths needs none of it: it reads exactly those paths."""
    wanted = set(own) if own is not None else {f.name for f in queryset.model._meta.concrete_fields}
    for path, names in related.items():
        parts = path.split("__")
        wanted.update("__".join(parts[:i]) for i in range(1, len(parts) + 1))  # the links on the way
        wanted.update(f"{path}__{name}" for name in names)
    return queryset.select_related(None).select_related(*related).only(*sorted(wanted))


def _readers(columns: Sequence[Column], rows) -> tuple[Iterable, list[Callable[[Any], Any]]]:
    """The rows as the sheet reads them and, per column, the function from a row to the column's value.

    A queryset whose columns are all paths and labels is read as tuples of those paths (``values_list``);
    anything else as objects. A label column's table is made here, once for the sheet."""
    values = [column[1] for column in columns]
    if hasattr(rows, "values_list") and all(isinstance(v, str | ChoiceLabel) for v in values):
        paths = list(dict.fromkeys(v if isinstance(v, str) else v.path for v in values))
        readers = []
        for value in values:
            get = itemgetter(paths.index(value if isinstance(value, str) else value.path))
            readers.append(get if isinstance(value, str) else _labelled(value, get, rows.model))
        return rows.values_list(*paths).iterator(chunk_size=CHUNK_SIZE), readers
    readers = []
    for value in values:
        if isinstance(value, str):
            readers.append(_path_getter(value))
        elif isinstance(value, ChoiceLabel) and hasattr(rows, "model"):
            readers.append(_labelled(value, _path_getter(value.path), rows.model))
        else:
            readers.append(value)  # a function of the object (or a label read from the object's own model)
    return _iterate(rows), readers


def _labelled(column: ChoiceLabel, get: Callable[[Any], Any], model) -> Callable[[Any], Any]:
    labels, label = column.labels(model), column.label
    return lambda row: label(get(row), labels)


def _iterate(rows: Iterable):
    iterator = getattr(rows, "iterator", None)
    return iter(iterator(chunk_size=CHUNK_SIZE)) if iterator is not None else iter(rows)


# --- cells ------------------------------------------------------------------------------------------------
# What a value is to the writer, by its class (found once per class: ``_kind``).
TEXT, BOOL, DATETIME, DATE, INTEGER, NUMBER, OTHER = range(1, 8)
_KINDS: dict[type, int] = {str: TEXT}
_DEFAULT_FORMATS = {
    DATETIME: DATETIME_FORMAT,
    DATE: DATE_FORMAT,
    INTEGER: INTEGER_FORMAT,
    NUMBER: MONEY_FORMAT,
}


def _kind(value) -> int:
    kind = _KINDS.get(type(value))
    if kind is None:
        if isinstance(value, bool):
            kind = BOOL
        elif isinstance(value, datetime):
            kind = DATETIME
        elif isinstance(value, date):
            kind = DATE
        elif isinstance(value, numbers.Integral):
            kind = INTEGER
        elif isinstance(value, numbers.Number):
            kind = NUMBER
        else:
            kind = OTHER  # lazy text, a choice member, anything else: written as its text
        _KINDS[type(value)] = kind
    return kind


def _plain(value, yes: str | None = None, no: str | None = None):
    """The value as a workbook stores it: booleans as 是/否 (or ``yes``/``no``), aware times in local time (a
    workbook has no time zones), lazy strings and labels as text without control characters; dates and
    numbers as they are."""
    if value is None:
        return None
    kind = _kind(value)
    if kind == TEXT:
        # Control characters cannot be stored in a workbook at all (openpyxl refuses the whole file).
        return ILLEGAL_CHARACTERS_RE.sub("", value)
    if kind == BOOL:
        return (yes or gettext("是")) if value else (no or gettext("否"))
    if kind == DATETIME:
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if kind == OTHER:
        return ILLEGAL_CHARACTERS_RE.sub("", str(value))
    return value


def _text_cell(sheet, value: str) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl would otherwise write "=..." as a formula
    return cell


class _Cells:
    """How one column's values become cells, decided once per column: text as it is (formula-like text as a
    text cell), numbers and dates as cells with the column's number format or their type's. A column keeps
    one styled cell per format and gives it each row's value: openpyxl writes a row before the next is
    appended, so the cell is free again, and no cell is made or styled per value."""

    def __init__(self, sheet, number_format: str | None = None):
        self.sheet = sheet
        self.yes, self.no = gettext("是"), gettext("否")  # the export's language, looked up once
        self.formats = {kind: number_format or default for kind, default in _DEFAULT_FORMATS.items()}
        # A date under a column's own format that is not a date format (a year's "0") would get openpyxl's
        # date format on a shared cell: each such value gets a cell of its own, as every value once did.
        self.unshared = {k for k in (DATE, DATETIME) if not is_date_format(self.formats[k])}
        self.styled: dict[str, WriteOnlyCell] = {}

    def plain(self, value):
        return _plain(value, self.yes, self.no)

    def __call__(self, value):
        """The cell for a value, plain or not yet (``plain`` of a plain value is itself)."""
        if value is None:
            return None
        kind = _KINDS.get(type(value)) or _kind(value)
        if kind == TEXT:
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        elif kind in (BOOL, OTHER):
            value = self.plain(value)
        else:
            return self._formatted(kind, value)
        return _text_cell(self.sheet, value) if value.startswith(FORMULA_STARTS) else value

    def _formatted(self, kind: int, value) -> WriteOnlyCell:
        if kind == DATETIME and value.tzinfo is not None:
            value = self.plain(value)
        number_format = self.formats[kind]
        if kind in self.unshared:
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = number_format
            return cell
        cell = self.styled.get(number_format)
        if cell is None:
            cell = self.styled[number_format] = WriteOnlyCell(self.sheet)
            cell.number_format = number_format
        cell.value = value
        return cell


def append_row(sheet, values: Iterable, formats: Sequence[str | None] = ()) -> None:
    """Append one row of values to a write-only sheet as an export writes it (a sheet's rows go through
    ``_Cells``, one per column, made once per sheet)."""
    values = list(values)
    formats = list(formats) + [None] * (len(values) - len(formats))
    sheet.append([_Cells(sheet, f)(v) for v, f in zip(values, formats, strict=False)])


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
        return len(f"{value:,.2f}" if _kind(value) == NUMBER else f"{value:,}")
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


def _write_sheet(
    workbook, sheet: Sheet, heading: str, stamp: str, taken: set[str], progress, done: int
) -> int:
    ws = workbook.create_sheet(_sheet_name(sheet.name, taken))
    titles = [str(column[0]) for column in sheet.columns]
    formats = [column[2] if len(column) > 2 else None for column in sheet.columns]
    cells = [_Cells(ws, number_format) for number_format in formats]
    rows, readers = _readers(sheet.columns, sheet.rows)
    columns = list(zip(readers, cells, strict=True))
    sample = [[make.plain(read(row)) for read, make in columns] for row in islice(rows, SAMPLE_ROWS)]

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
    sampled = ([make(value) for make, value in zip(cells, values, strict=True)] for values in sample)
    rest = ([make(read(row)) for read, make in columns] for row in rows)
    for row in chain(sampled, rest):
        ws.append(row)
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
