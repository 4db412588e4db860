"""The filing notice (备案名单通知) of a round's new bases, as DOCX (第十一条第（三）项 / Art. 11(3): 予以备案并公布).

Built with python-docx so the office can edit, stamp and archive it.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from datetime import date

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

ISSUER = "内蒙古自治区人力资源和社会保障厅"
HEADERS = ("序号", "备案号", "基地名称", "所在盟市")
REGION_LEVEL = "自治区本级"


def chinese_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def title_for(year: int) -> str:
    return f"关于公布{year}年度内蒙古自治区博士后创新实践基地备案名单的通知"


def _bureau_name(base) -> str:
    bureau = base.unit.bureau
    return bureau.name if bureau is not None else REGION_LEVEL


def _font(run, size: int, bold: bool = False) -> None:
    run.font.size = Pt(size)
    run.bold = bold
    run.font.name = "仿宋"
    run._element.rPr.rFonts.set(qn("w:eastAsia"), "仿宋")


def render_filing_notice(*, year: int, bases: Iterable, issued_on: date) -> bytes:
    """The notice listing ``bases`` (PracticeBase rows with ``unit__bureau`` loaded) as DOCX bytes."""
    bases = list(bases)
    doc = Document()
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(heading.add_run(title_for(year)), 18, bold=True)

    doc.add_paragraph().add_run("各盟市人力资源和社会保障局，自治区各有关单位：")
    body = doc.add_paragraph()
    body.paragraph_format.first_line_indent = Pt(28)
    body.add_run(
        "根据《内蒙古自治区博士后创新实践基地管理办法》（内人社办发〔2025〕196号）第十一条规定，"
        f"经单位申报、盟市初审推荐、专家论证评议和公示，公示期内无异议，现将{year}年度"
        f"{len(bases)}家内蒙古自治区博士后创新实践基地予以备案。名单如下："
    )

    table = doc.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADERS, strict=True):
        cell.text = text
    for i, base in enumerate(bases, start=1):
        row = table.add_row().cells
        for cell, text in zip(row, (str(i), base.filing_number, base.name, _bureau_name(base)), strict=True):
            cell.text = text

    closing = doc.add_paragraph()
    closing.paragraph_format.first_line_indent = Pt(28)
    closing.add_run("请各基地按照管理办法要求，健全管理制度，做好博士后研究人员招收、培养和管理工作。")

    for text in (ISSUER, chinese_date(issued_on)):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.add_run(text)

    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
