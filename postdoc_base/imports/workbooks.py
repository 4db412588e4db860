"""The workbooks of an import: the file check (an .xlsx by its content, bounded, without macros, not a zip
bomb), reading the rows of the first sheet in read-only mode (refusing merged cells and too many rows before
reading them), the template to fill in, and the uploaded workbook with its bad cells marked."""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from postdoc_base.kernel.uploads import MACRO_MARKERS

from .registry import BOOL, CHOICE, LOOKUP, TEXT, TYPE_LABELS, ImportSpec

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the old binary .xls (and other OLE files)
# A workbook of 20,000 rows of text inflates to a few tens of MB; far beyond that is a bomb.
XLSX_MAX_INFLATED = 300 * 1024 * 1024
XLSX_MAX_PARTS = 5000
XLSX_MAX_RATIO = 1000
ERROR_HEADER = "错误说明"
RED = PatternFill(fill_type="solid", start_color="FFFFC7CE", end_color="FFFFC7CE")
YELLOW = PatternFill(fill_type="solid", start_color="FFFFEB9C", end_color="FFFFEB9C")
HEADER_FILL = PatternFill(fill_type="solid", start_color="FFDDEBF7", end_color="FFDDEBF7")
_ROW_RE = re.compile(rb"<(?:\w+:)?row[\s>]")
_MERGE_RE = re.compile(rb"<(?:\w+:)?mergeCell\s+ref=\"([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)\"")


def max_rows() -> int:
    return getattr(settings, "IMPORT_MAX_ROWS", 20000)


def inline_max_rows() -> int:
    """Files with more data rows than this are validated and imported by the worker, with a progress page."""
    return getattr(settings, "IMPORT_INLINE_MAX_ROWS", 2000)


def _refuse(message, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def check_xlsx(uploaded) -> None:
    """An Excel workbook by its content (not its name): bounded in size, without macros, not a zip bomb."""
    if uploaded.size > settings.UPLOAD_MAX_BYTES:
        raise _refuse(
            _("文件过大：最大 %(mb)d MB。") % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)}, "too_large"
        )
    if uploaded.size == 0:
        raise _refuse(_("文件为空。"), "empty")
    uploaded.seek(0)
    data = uploaded.read()
    uploaded.seek(0)
    if data.startswith(OLE_MAGIC):
        raise _refuse(_("这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 格式后上传。"), "xls")
    not_excel = _refuse(_("文件不是 Excel 工作簿（.xlsx），请下载模板填写后上传。"), "not_xlsx")
    if not data.startswith(b"PK\x03\x04"):
        raise not_excel
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            parts = zf.infolist()
            names = {p.filename for p in parts}
            if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
                raise not_excel
            # Sizes from the zip directory first, so a bomb is refused without inflating anything.
            if (
                len(parts) > XLSX_MAX_PARTS
                or sum(p.file_size for p in parts) > XLSX_MAX_INFLATED
                or any(p.compress_size and p.file_size / p.compress_size > XLSX_MAX_RATIO for p in parts)
            ):
                raise _refuse(_("文件解压后过大，可能是压缩炸弹，已拒绝。"), "xlsx_bomb")
            content_types = zf.read("[Content_Types].xml")
            if any(m.lower() in name.lower().encode() for name in names for m in MACRO_MARKERS) or any(
                m in content_types for m in MACRO_MARKERS
            ):
                raise _refuse(
                    _("文件含有宏或控件，已拒绝。请另存为不含宏的 Excel 工作簿（.xlsx）后上传。"),
                    "xlsx_macro",
                )
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, KeyError, ValueError, OSError, EOFError):
        raise _refuse(_("文件已损坏，无法读取。"), "corrupt") from None


@dataclass
class Sheet:
    """The first sheet of an uploaded workbook, checked: its data columns found by header."""

    workbook: object
    sheet: object
    columns: dict[int, object]  # 0-based index in the row -> Column
    declared_rows: int  # data rows by the sheet's dimension or row tags (an estimate: empty rows count)

    def close(self) -> None:
        self.workbook.close()


def _normal_header(value) -> str:
    text = str(value or "").strip().replace("（必填）", "").replace("(必填)", "")
    return text.rstrip("*＊ ").strip()


def _scan(workbook, sheet) -> tuple[list[str], int]:
    """The merged ranges and the number of rows of a read-only sheet (openpyxl's read-only mode loads neither
    before reading every row): the sheet's XML scanned in chunks for the tags, no cell parsed."""
    merged: list[str] = []
    rows = 0
    tail = b""
    with workbook._archive.open(sheet._worksheet_path) as handle:
        while chunk := handle.read(1024 * 1024):
            data = tail + chunk
            # a match ending inside the carried-over tail was counted with the previous chunk
            merged.extend(m.group(1).decode() for m in _MERGE_RE.finditer(data) if m.end() > len(tail))
            rows += sum(1 for m in _ROW_RE.finditer(data) if m.end() > len(tail))
            tail = data[-200:]
    return list(dict.fromkeys(merged)), rows


def open_sheet(source, spec: ImportSpec) -> Sheet:
    """Open the workbook read-only and check the sheet as a whole before any row is read: merged cells, the
    declared size against the row limit, and the header row (every required column present, none twice)."""
    try:
        workbook = load_workbook(source, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on a damaged file
        raise _refuse(_("文件已损坏，无法读取。"), "corrupt") from exc
    try:
        if not workbook.worksheets:
            raise _refuse(_("工作簿中没有工作表。"), "no_sheet")
        sheet = workbook.worksheets[0]
        merged, row_tags = _scan(workbook, sheet)
        if merged:
            raise _refuse(
                _("工作表中有合并单元格（%(ranges)s），请取消合并、每个单元格只填一个值后重新上传。")
                % {"ranges": "、".join(merged[:5]) + ("……" if len(merged) > 5 else "")},
                "merged_cells",
            )
        # Rows by the sheet's dimension, or by its row tags when it declares none (both count formatted
        # empty rows too: a generous estimate, refined while reading).
        declared = max(sheet.max_row or 0, row_tags) - 1
        if declared > max_rows():
            raise too_many_rows()
        header = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), None) or ()
        by_title = {_normal_header(c.title): c for c in spec.columns}
        columns, seen = {}, set()
        for index, value in enumerate(header):
            column = by_title.get(_normal_header(value))
            if column is None:
                continue
            if column.field in seen:
                raise _refuse(_("表头中“%(header)s”出现了两次。") % {"header": column.title}, "header_twice")
            seen.add(column.field)
            columns[index] = column
        missing = [c.title for c in spec.columns if c.required and c.field not in seen]
        if missing:
            raise _refuse(
                _("缺少必填列：%(columns)s。请使用下载的模板，第一行为表头，不要修改表头文字。")
                % {"columns": "、".join(missing)},
                "missing_columns",
            )
    except ValidationError:
        workbook.close()
        raise
    except Exception as exc:
        workbook.close()
        raise _refuse(_("文件已损坏，无法读取。"), "corrupt") from exc
    return Sheet(workbook, sheet, columns, declared)


def too_many_rows() -> ValidationError:
    return _refuse(
        _("数据行数超过上限（最多 %(max)d 行），请拆分为多个文件分别导入。") % {"max": max_rows()},
        "too_many_rows",
    )


def data_rows(sheet: Sheet) -> Iterator[tuple[int, dict]]:
    """(row number, {field: raw value}) for each data row that is not wholly empty; refuses (``too_many_rows``)
    as soon as more rows than allowed have been read, for a sheet that did not declare its size."""
    count = 0
    limit = max_rows()
    for number, row in enumerate(sheet.sheet.iter_rows(min_row=2, values_only=True), start=2):
        values = {}
        for index, column in sheet.columns.items():
            value = row[index] if index < len(row) else None
            if isinstance(value, str):
                value = value.strip()
            values[column.field] = value
        if all(v in (None, "") for v in values.values()):
            continue
        count += 1
        if count > limit:
            raise too_many_rows()
        yield number, values


# --- the template ----------------------------------------------------------------------------------------
def template_workbook(spec: ImportSpec, context: dict | None = None) -> bytes:
    """The kind's template: the data sheet (the header, each header's note as a comment, drop-down lists
    where the values are fixed, text columns formatted as text), a sheet explaining every column, and the
    hidden sheet of the lists. ``context`` is the importing user's (``ImportSpec.context``), so the lists
    are the values that user may pick (a base's own stations); without it, the lists that depend on no user
    (the region's kinds, e.g. for the benchmark's workbook)."""
    if context is None:
        context = spec.context(None)
    workbook = Workbook()
    data = workbook.active
    data.title = str(spec.title)[:31]
    notes = workbook.create_sheet(_("填写说明"))
    lists = workbook.create_sheet(_("可选值"))
    lists.sheet_state = "hidden"
    notes.append([_("列名"), _("是否必填"), _("格式"), _("说明")])
    list_column = 0
    for index, column in enumerate(spec.columns, start=1):
        letter = get_column_letter(index)
        cell = data.cell(row=1, column=index, value=column.title + ("*" if column.required else ""))
        cell.font = Font(bold=True, color="FFC00000" if column.required else "FF000000")
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center")
        if column.note:
            cell.comment = Comment(str(column.note), str(_("系统")))
        data.column_dimensions[letter].width = max(14, len(column.title) * 2 + 4)
        if column.type == TEXT:
            # Excel keeps only 15 digits of a number: an 18-digit ID or credit code typed into a General cell
            # loses its last digits; a text cell keeps them.
            data.column_dimensions[letter].number_format = "@"
        notes.append([column.title, _("必填") if column.required else _("选填"), str(TYPE_LABELS[column.type]),
                      str(column.note)])  # fmt: skip
        options = column.options(context)
        if column.type in (BOOL, CHOICE, LOOKUP) and options:
            list_column += 1
            list_letter = get_column_letter(list_column)
            lists.cell(row=1, column=list_column, value=column.title)
            for row, option in enumerate(options, start=2):
                lists.cell(row=row, column=list_column, value=option)
            ref = f"{quote_sheetname(lists.title)}!${list_letter}$2:${list_letter}${len(options) + 1}"
            validation = DataValidation(type="list", formula1=ref, allow_blank=True, showErrorMessage=True)
            validation.error = _("请从下拉列表中选择。")
            validation.errorTitle = _("输入有误")
            data.add_data_validation(validation)
            validation.add(f"{letter}2:{letter}{max_rows() + 1}")
    data.freeze_panes = "A2"
    notes.append([])
    for line in (
        _("第一行为表头，请勿修改或删除；带 * 的列必填。每行填写一条记录，从第二行开始。"),
        _("不要合并单元格；空行会被跳过。"),
        _(
            "“%(key)s”相同的记录视为同一条：文件中重复的行会被标出，系统中已存在的记录会跳过，重复导入同一文件不会产生重复数据。"
        )
        % {"key": spec.key_label()},
        _("每个文件最多 %(max)d 行数据。") % {"max": max_rows()},
        *(str(note) for note in spec.notes),
    ):
        notes.append([line])
    notes.column_dimensions["A"].width = 24
    notes.column_dimensions["C"].width = 22
    notes.column_dimensions["D"].width = 80
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


# --- the marked copy ---------------------------------------------------------------------------------
def marked_workbook(source, report: dict) -> bytes:
    """The uploaded workbook with every bad cell filled red and commented with its message, and a last column
    错误说明 giving each bad row's messages (an existing row: 已存在，跳过, in yellow)."""
    workbook = load_workbook(source)
    sheet = workbook.worksheets[0]
    note_column = None
    for cell in sheet[1]:
        if str(cell.value or "").strip() == ERROR_HEADER:
            note_column = cell.column
    if note_column is None:
        note_column = sheet.max_column + 1
        header = sheet.cell(row=1, column=note_column, value=ERROR_HEADER)
        header.font = Font(bold=True, color="FFC00000")
    else:  # a marked copy uploaded again: its old notes go
        for row in range(2, sheet.max_row + 1):
            old = sheet.cell(row=row, column=note_column)
            old.value, old.fill = None, PatternFill()
    sheet.column_dimensions[get_column_letter(note_column)].width = 60
    author = str(_("系统"))
    for entry in report.get("rows", []):
        number = entry["row"]
        lines = []
        for error in entry.get("errors", []):
            if error.get("col"):
                cell = sheet[f"{error['col']}{number}"]
                cell.fill = RED
                text = (
                    error["message"] if cell.comment is None else f"{cell.comment.text}\n{error['message']}"
                )
                cell.comment = Comment(text, author)
                lines.append(f"{error['header']}：{error['message']}")
            else:
                lines.append(error["message"])
        note = sheet.cell(row=number, column=note_column, value="；".join(lines))
        note.fill = YELLOW if entry.get("status") == "exists" else RED
        note.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
