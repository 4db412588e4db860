"""The units import's 所属行业 column: optional, last in the template with the 20 sections as its drop-down list; a
section's name is stored as its letter, an unknown name gives the Chinese message on its cell and writes nothing,
and a file without the column (the earlier template) still imports, leaving the industry blank."""

import io

import pytest
from openpyxl import load_workbook

from postdoc_base.directory.enums import Industry
from postdoc_base.directory.models import Unit
from postdoc_base.imports.models import ImportJob

from .helpers import UNIT_HEADERS, unit_row, upload, workbook_bytes

pytestmark = pytest.mark.django_db

HEADERS = [*UNIT_HEADERS, "所属行业"]  # the column is the template's last (column M)


def import_rows(client, rows, headers=HEADERS) -> ImportJob:
    response = client.post("/imports/units/", {"file": upload(workbook_bytes(rows, headers=headers))})
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("id")


def run(client, job) -> ImportJob:
    assert client.post(f"/imports/jobs/{job.pk}/run/", {"only_valid": "0"}).status_code == 302
    job.refresh_from_db()
    return job


def test_the_template_ends_with_the_optional_industry_column_and_its_list(region_client):
    response = region_client.get("/imports/units/template.xlsx")
    data, notes, lists = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets
    assert data["M1"].value == "所属行业"  # no *: optional
    assert "GB/T 4754-2017" in data["M1"].comment.text
    note = next(row for row in notes.iter_rows(values_only=True) if row[0] == "所属行业")
    assert note[1:3] == ("选填", "从下拉列表中选择")
    column = next(col for col in lists.iter_cols(values_only=True) if col[0] == "所属行业")
    assert [v for v in column[1:] if v is not None] == [str(label) for label in Industry.labels]
    assert any(str(v.sqref).startswith("M2:") for v in data.data_validations.dataValidation)


def test_a_sections_name_is_stored_as_its_letter_and_a_blank_cell_as_none(region_client):
    rows = [
        [*unit_row(name="甲乳业有限公司"), "制造业"],
        [*unit_row(name="乙研究院"), "科学研究和技术服务业"],
        [*unit_row(name="丙电力有限公司"), "电力、热力、燃气及水生产和供应业"],
        [*unit_row(name="丁数据有限公司"), "I"],  # the section's letter is taken as well
        [*unit_row(name="戊有限公司"), None],
    ]
    job = import_rows(region_client, rows)
    assert (job.valid, job.invalid) == (5, 0)
    assert run(region_client, job).imported == 5
    assert dict(Unit.objects.values_list("name", "industry")) == {
        "甲乳业有限公司": "C", "乙研究院": "M", "丙电力有限公司": "D", "丁数据有限公司": "I", "戊有限公司": "",
    }  # fmt: skip


def test_an_unknown_name_gives_the_chinese_message_on_its_cell_and_writes_nothing(region_client):
    job = import_rows(region_client, [[*unit_row(name="甲乳业有限公司"), "制造业"],
                                      [*unit_row(name="乙有限公司"), "乳制品"]])  # fmt: skip
    assert (job.valid, job.invalid) == (1, 1)
    options = "、".join(str(label) for label in Industry.labels)
    (entry,) = [e for e in job.report["rows"] if e["errors"]]
    assert entry["row"] == 3
    assert entry["errors"] == [
        {"col": "M", "header": "所属行业", "message": f"“乳制品”不是可选的值，可选：{options}。"}
    ]
    assert region_client.post(f"/imports/jobs/{job.pk}/run/", {"only_valid": "0"}).status_code == 400
    assert not Unit.objects.exists()


def test_a_file_from_the_earlier_template_still_imports_with_no_industry(region_client):
    job = import_rows(region_client, [unit_row(name="甲乳业有限公司")], headers=UNIT_HEADERS)
    assert (job.valid, job.invalid) == (1, 0)
    assert run(region_client, job).imported == 1
    assert Unit.objects.get(name="甲乳业有限公司").industry == ""
