"""The filing notice DOCX (Art. 11(3)): title, issuer, article, table rows and the date in Chinese."""

import io
from datetime import date
from types import SimpleNamespace

from docx import Document

from postdoc_base.documents.filing_notice import chinese_date, render_filing_notice


def _base(number, name, bureau):
    return SimpleNamespace(
        filing_number=number,
        name=name,
        unit=SimpleNamespace(bureau=SimpleNamespace(name=bureau) if bureau else None),
    )


def test_filing_notice_lists_the_bases_in_a_table():
    data = render_filing_notice(
        year=2026,
        bases=[
            _base("蒙博基备〔2026〕001号", "甲公司博士后创新实践基地", "包头市"),
            _base("蒙博基备〔2026〕002号", "乙公司博士后创新实践基地", None),
        ],  # fmt: skip
        issued_on=date(2026, 12, 1),
    )
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "关于公布2026年度内蒙古自治区博士后创新实践基地备案名单的通知"
    assert any("第十一条" in t for t in texts)
    assert texts[-2:] == ["内蒙古自治区人力资源和社会保障厅", "2026年12月1日"]
    assert [[c.text for c in row.cells] for row in doc.tables[0].rows] == [
        ["序号", "备案号", "基地名称", "所在盟市"],
        ["1", "蒙博基备〔2026〕001号", "甲公司博士后创新实践基地", "包头市"],
        ["2", "蒙博基备〔2026〕002号", "乙公司博士后创新实践基地", "自治区本级"],
    ]


def test_chinese_date_has_no_leading_zeros():
    assert chinese_date(date(2027, 1, 5)) == "2027年1月5日"
