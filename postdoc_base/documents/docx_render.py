"""DOCX from templates the office can edit (docxtpl: Jinja tags inside an ordinary Word document).

Each kind's default template is ``docx_templates/<kind>.docx``, kept in the repository and made by
``manage.py build_document_templates`` (``default_template``); the region administrator may replace it with
an edited copy (``DocumentTemplate``). A template is untrusted text, so it is rendered in Jinja's sandbox with
undefined names refused. The names a template may use are those of ``OfficialDocument.context`` plus
``tables`` (the document's tables as one block), listed on the templates page.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docxtpl import DocxTemplate
from jinja2 import StrictUndefined, TemplateError
from jinja2.sandbox import SandboxedEnvironment

from .content import OfficialDocument

DEFAULT_DIR = Path(__file__).resolve().parent / "docx_templates"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# GB/T 9704-2012: A4; 天头 37 mm, 订口 28 mm, 下白边 35 mm, right 26 mm; 三号 (16 pt) body at a fixed line
# of 28.9 pt; 二号 (22 pt) title; 4号 (14 pt) page numbers. The fonts are those of a Chinese office's Word;
# where one is missing Word substitutes it (the PDF names free fonts, see pdf_render).
TITLE_FONT = "方正小标宋简体"
BODY_FONT = "仿宋_GB2312"
NUMBER_FONT = "宋体"
RED = RGBColor(0xFF, 0x00, 0x00)
BODY_SIZE = Pt(16)
LINE = Pt(28.9)
INDENT = Pt(32)  # two characters of 三号


def _fonts(run_or_style, name: str, size=None, bold: bool | None = None, color=None) -> None:
    font = run_or_style.font
    font.name = name
    if size is not None:
        font.size = size
    if bold is not None:
        font.bold = bold
    if color is not None:
        font.color.rgb = color
    element = run_or_style.element
    rpr = element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), name)


def _paragraph(doc, text: str = "", *, align=None, indent: bool = False, font=BODY_FONT, size=BODY_SIZE,
               bold: bool = False, color=None):  # fmt: skip
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = INDENT
    if text:
        _fonts(p.add_run(text), font, size, bold, color)
    return p


def _bottom_border(paragraph, color: str = "FF0000", size: int = 12) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "4"), ("w:color", color)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    ppr.append(borders)


def _page_number(footer, align) -> None:
    """``— 1 —``: 4号 宋体 Arabic numerals between two 一字线, at the outer corner (GB/T 9704 7.5)."""
    p = footer.paragraphs[0]
    p.alignment = align
    _fonts(p.add_run("— "), NUMBER_FONT, Pt(14))
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    p._p.append(field)
    _fonts(p.add_run(" —"), NUMBER_FONT, Pt(14))


def default_template(form: bool = False) -> bytes:
    """The default template, GB/T 9704 laid out, with the Jinja tags of every field (same for every kind of
    公文). ``form``: the template of a form (表), without the 版头 (no issuing organ's mark, no number): the
    title, the tables, and the issuing unit and date where its seal goes."""
    doc = Document()
    section = doc.sections[0]
    section.start_type = WD_SECTION.NEW_PAGE
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    section.footer_distance = Mm(28)
    doc.settings.odd_and_even_pages_header_footer = True
    _page_number(section.footer, WD_ALIGN_PARAGRAPH.RIGHT)
    _page_number(section.even_page_footer, WD_ALIGN_PARAGRAPH.LEFT)

    normal = doc.styles["Normal"]
    _fonts(normal, BODY_FONT, BODY_SIZE)
    fmt = normal.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE
    fmt.space_before = fmt.space_after = Pt(0)

    if not form:
        _letterhead(section)
    title = _paragraph(doc, "{{ title }}", align=WD_ALIGN_PARAGRAPH.CENTER, font=TITLE_FONT, size=Pt(22))
    title.paragraph_format.line_spacing = Pt(36)
    title.paragraph_format.space_after = Pt(28.9)
    if form:
        _table_loop(doc)
        _paragraph(doc, "{%p for para in body %}")
        _paragraph(doc, "{{ para }}", indent=True)
        _paragraph(doc, "{%p endfor %}")
        _loops(doc)
        _signature(doc)
    else:
        _paragraph(doc, "{{ addressees }}")
        _paragraph(doc, "{%p for para in body %}")
        _paragraph(doc, "{{ para }}", indent=True)
        _paragraph(doc, "{%p endfor %}")
        _table_loop(doc)
        _loops(doc)
        _signature(doc)
        _paragraph(doc, "{%p if public %}")
        _paragraph(doc, "（此件主动公开）", indent=True)
        _paragraph(doc, "{%p endif %}")
        _paragraph(doc, "{%p if cc %}")
        cc = _paragraph(doc, "抄送：{{ cc }}。", font=BODY_FONT, size=Pt(14))
        cc.paragraph_format.left_indent = Pt(14)
        _bottom_border(cc, color="000000", size=4)
        _paragraph(doc, "{%p endif %}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _letterhead(section) -> None:
    """版头 (the issuing organ's mark in red, the number, the red line) on the first page only: it sits in the
    first page's header, which Word lets grow into the page, so the body starts with the title."""
    section.different_first_page_header_footer = True
    section.header_distance = Mm(25)
    head = section.first_page_header
    mark = head.paragraphs[0]
    mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
    mark.paragraph_format.line_spacing = Pt(40)
    _fonts(mark.add_run("{{ issuer_mark }}"), TITLE_FONT, Pt(24), color=RED)
    _paragraph(head)
    number = _paragraph(head, "{{ number }}", align=WD_ALIGN_PARAGRAPH.CENTER)
    _bottom_border(number)
    _paragraph(head)
    _page_number(section.first_page_footer, WD_ALIGN_PARAGRAPH.RIGHT)


def _loops(doc) -> None:
    """The closing paragraphs and the attachments (a form's come after its tables and notes)."""
    _paragraph(doc, "{%p for para in closing %}")
    _paragraph(doc, "{{ para }}", indent=True)
    _paragraph(doc, "{%p endfor %}")
    _paragraph(doc, "{%p for item in attachments %}")
    _paragraph(doc, "{{ item }}", indent=True)
    _paragraph(doc, "{%p endfor %}")


def _signature(doc) -> None:
    _paragraph(doc)
    _paragraph(doc)
    signature = _paragraph(doc, "{{ signature }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    signature.paragraph_format.right_indent = INDENT
    dated = _paragraph(doc, "{{ date }}", align=WD_ALIGN_PARAGRAPH.RIGHT)
    dated.paragraph_format.right_indent = INDENT


def default_path(kind: str) -> Path:
    return DEFAULT_DIR / f"{kind}.docx"


def _cell(cell, text: str, bold: bool = False) -> None:
    para = cell.paragraphs[0]
    para.alignment = WD_ALIGN_PARAGRAPH.CENTER
    para.paragraph_format.line_spacing = Pt(20)
    _fonts(para.add_run(text), BODY_FONT, Pt(12), bold)


def _table_loop(doc) -> None:
    """Each of the document's tables: a caption, a header row and one row per record, as docxtpl loops
    (``{%tc %}`` over columns, ``{%tr %}`` over rows), so the office may restyle the table in Word."""
    _paragraph(doc, "{%p for table in tables %}")
    _paragraph(doc, "{%p if table.caption %}")
    _paragraph(doc, "{{ table.caption }}", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    _paragraph(doc, "{%p endif %}")
    grid = doc.add_table(rows=4, cols=3)
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    _cell(grid.cell(0, 0), "{%tc for head in table.headers %}")
    _cell(grid.cell(0, 1), "{{ head }}", bold=True)
    _cell(grid.cell(0, 2), "{%tc endfor %}")
    _cell(grid.cell(1, 0), "{%tr for row in table.rows %}")
    _cell(grid.cell(2, 0), "{%tc for value in row %}")
    _cell(grid.cell(2, 1), "{{ value }}")
    _cell(grid.cell(2, 2), "{%tc endfor %}")
    _cell(grid.cell(3, 0), "{%tr endfor %}")
    _paragraph(doc, "{%p endfor %}")


def _environment() -> SandboxedEnvironment:
    return SandboxedEnvironment(undefined=StrictUndefined, autoescape=True)


def render_docx(template: bytes, content: OfficialDocument) -> bytes:
    """``content`` rendered into ``template``. Raises jinja2's ``TemplateError`` for a broken template."""
    tpl = DocxTemplate(io.BytesIO(template))
    tpl.render(content.context(), jinja_env=_environment(), autoescape=True)
    out = io.BytesIO()
    tpl.save(out)
    return out.getvalue()


def docx_text(data: bytes) -> str:
    """The first page's header (the 版头), every paragraph's and every table cell's text, one a line."""
    doc = Document(io.BytesIO(data))
    lines = [p.text for section in doc.sections for p in section.first_page_header.paragraphs]
    lines += [p.text for p in doc.paragraphs]
    for table in doc.tables:
        lines.extend(cell.text for row in table.rows for cell in row.cells)
    return "\n".join(lines)


def check_template(template: bytes, sample: OfficialDocument) -> None:
    """Refuse a template that is not a DOCX, does not render ``sample``, or leaves out its title or number,
    with a message in Chinese."""
    try:
        rendered = render_docx(template, sample)
    except TemplateError as error:
        raise ValidationError(
            _("模板中的占位符有误，无法生成公文：%(error)s") % {"error": error}, code="bad_placeholder"
        ) from error
    except (zipfile.BadZipFile, KeyError, ValueError, PackageNotFoundError) as error:
        raise ValidationError(_("不是有效的 Word 文档（.docx）。"), code="not_docx") from error
    text = docx_text(rendered)
    missing = [
        name for name, value in (("title", sample.title), ("number", sample.number)) if value not in text
    ]
    if missing:
        raise ValidationError(
            _("模板缺少必需的占位符：%(names)s。") % {"names": "、".join(f"{{{{ {n} }}}}" for n in missing)},
            code="missing_placeholder",
        )
