"""Excel exports neutralise formula injection (issue 9 item 5): text starting with =, +, -, @ (or a tab or
carriage return) is written as a text cell, never as a formula, in every export (one writer: web.exports)."""

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from postdoc_base.accounts.enums import Role
from postdoc_base.web.exports import append_row
from tests.factories import UnitFactory, user_with_role
from tests.factories.pages import xlsx_rows

pytestmark = pytest.mark.django_db

PAYLOADS = ['=HYPERLINK("http://x","点击")', "+SUM(1,2)", "-2+3", "@SUM(1)", "\t=1+1", "\r=1+1"]


def _formulas(xlsx: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        return [n for n in zf.namelist() if n.startswith("xl/worksheets/") and b"<f>" in zf.read(n)]


def test_append_row_writes_formula_like_text_as_text_and_keeps_numbers_and_dates():
    from datetime import date
    from decimal import Decimal

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("s")
    append_row(sheet, [*PAYLOADS, 5, Decimal("2.5"), date(2026, 12, 3), None, "普通\x00文本\x07"])
    out = io.BytesIO()
    workbook.save(out)
    assert _formulas(out.getvalue()) == []
    cells = list(load_workbook(io.BytesIO(out.getvalue())).active.iter_rows(values_only=False))[0]
    assert [c.value for c in cells[: len(PAYLOADS)]] == PAYLOADS
    assert all(c.data_type == "s" for c in cells[: len(PAYLOADS)])
    assert [c.value for c in cells[len(PAYLOADS) :]][:2] == [5, 2.5]
    assert cells[len(PAYLOADS) + 2].is_date
    assert cells[-1].value == "普通文本"  # control characters dropped instead of failing the whole file


def test_unit_export_writes_a_formula_named_unit_as_text(client):
    for payload in PAYLOADS:
        UnitFactory(name=payload)
    client.force_login(user_with_role(Role.REGION_ADMIN))
    response = client.get("/registry/units/export.xlsx")
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    assert _formulas(body) == []
    names = [row[0] for row in xlsx_rows(body)[1:]]  # below the title rows and the header
    assert sorted(names) == sorted(PAYLOADS)
