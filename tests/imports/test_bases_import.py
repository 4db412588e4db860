"""Historical filed bases (历史备案基地) imported by the region from its paper filing notices: the unit found by its
统一社会信用代码 (units are imported first), each row checked by the historical filing's form and service (the
same messages), nothing written by a check or by a refused import, the filing number as natural key."""

import io
from datetime import date

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from postdoc_base.imports.models import ImportJob
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.oversight.models import FilingSequence, PracticeBase
from tests.factories import UnitFactory, bureau
from tests.factories.tenure import make_base

from .helpers import run, upload, workbook_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["统一社会信用代码*", "基地名称", "备案号*", "备案日期*", "备案通知文号*"]
NOTICE = "内人社发〔2019〕45号"
NEXT_YEAR = timezone.localdate().year + 1


def base_row(unit, number="内基备字第12号", filed_on="2019-06-01", name="", notice=NOTICE):
    return [unit.uscc if hasattr(unit, "uscc") else unit, name, number, filed_on, notice]


def counts() -> tuple:
    return (
        PracticeBase.objects.count(),
        AuditEvent.objects.count(),
        list(FilingSequence.objects.values_list("year", "last_number")),
    )


def upload_job(client, rows) -> ImportJob:
    response = client.post(
        "/imports/bases/", {"file": upload(workbook_bytes(rows, headers=HEADERS), "bases.xlsx")}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("id")


def errors_of(job) -> set:
    return {(e["row"], err["col"], err["message"]) for e in job.report["rows"] for err in e["errors"]}


@pytest.fixture
def units():
    return [UnitFactory(name=f"历史基地单位{i}", bureau=bureau("包头市")) for i in range(3)]


def test_the_template_has_the_columns_and_says_to_import_units_first(region_client, units):
    response = region_client.get("/imports/bases/template.xlsx")
    assert response.status_code == 200
    data, notes, lists = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets
    assert data.title == "历史备案基地"
    assert [c.value for c in data[1]] == HEADERS
    assert "请先用“单位”导入单位" in data["A1"].comment.text
    assert "蒙博基备〔2023〕012号" in data["C1"].comment.text
    assert [notes.cell(row=r, column=1).value for r in range(2, 7)] == [
        "统一社会信用代码", "基地名称", "备案号", "备案日期", "备案通知文号",
    ]  # fmt: skip
    assert {u.uscc for u in units} <= {c.value for c in lists["A"]}


def test_a_good_file_imports_every_base_through_the_service(region_client, region, units):
    rows = [
        base_row(units[0], name="稀土创新基地"),
        # a code in lower case is the same code; a system-format number in another spelling is the same number
        base_row(
            f" {units[1].uscc.lower()} ",
            number="蒙博基备[2021]5号",
            filed_on="2021/9/30",
            notice="内人社发〔2021〕88号",
        ),
    ]
    before = counts()
    job = upload_job(region_client, rows)
    assert (job.state, job.total, job.valid, job.invalid, job.existing) == ("validated", 2, 2, 0, 0), (
        job.report
    )
    assert counts() == before  # checking writes nothing

    assert run(region_client, job).status_code == 302
    job.refresh_from_db()
    assert (job.state, job.imported) == ("done", 2), job.message
    first, second = PracticeBase.objects.filter(unit__in=units[:2]).order_by("unit__name")
    assert (first.name, first.filing_number, first.filed_on, first.notice_number, first.application) == (
        "稀土创新基地", "内基备字第12号", date(2019, 6, 1), NOTICE, None,
    )  # fmt: skip
    assert (second.name, second.filing_number, second.filing_year, second.filing_serial) == (
        "历史基地单位1博士后创新实践基地", "蒙博基备〔2021〕005号", 2021, 5,
    )  # fmt: skip
    assert dict(FilingSequence.objects.values_list("year", "last_number")) == {2019: 1, 2021: 5}
    created = AuditEvent.objects.filter(subject_type="oversight.practicebase", action="record_historical")
    assert created.count() == 2 and set(created.values_list("actor_id", flat=True)) == {region.pk}
    assert AuditEvent.objects.filter(subject_type="imports.importjob", action="import").count() == 1


def _unit_with_workstation():
    return UnitFactory(name="已设站单位", has_workstation=True)


# Each bad row, alone in a file with one good row: its Chinese message on its cell, and nothing written.
BAD_ROWS = {
    "unknown_uscc": (
        lambda: "91150200MA0UNKNOWN", {}, "A",
        "统一社会信用代码“91150200MA0UNKNOWN”不在单位名录中：请先用“单位”导入该单位，再导入其历史备案基地。",
    ),
    "bad_date": (None, {"filed_on": "2019-13-01"}, "D", "“2019-13-01”不是有效的日期，应写成 2026-01-31 这样的日期。"),
    "missing_number": (None, {"number": ""}, "C", "这个字段是必填项。"),
    "unit_with_workstation": (
        _unit_with_workstation, {}, "A",
        "不符合第二条：申报单位“已设站单位”已设立博士后科研工作站，不能设立为博士后创新实践基地，"
        "本申请不能继续办理（第二十四条：基地获批设立博士后科研工作站的，其基地资格自动注销）。",
    ),
    "unit_with_a_base": (
        lambda: make_base("已备案单位").unit, {}, "A",
        "单位“已备案单位有限公司”已有博士后创新实践基地（备案号蒙博基备〔2026〕001号，已备案），不能再登记历史备案基地。",
    ),
    "filed_in_the_future": (
        None, {"filed_on": f"{NEXT_YEAR}-01-01", "notice": f"内人社发〔{NEXT_YEAR}〕1号"}, "D", "备案日期不能晚于今天。",
    ),
    "bad_notice_number": (
        None, {"notice": "备案通知"}, "E",
        "请按“机关代字〔年份〕序号号”填写备案通知文号，例如：内人社发〔2023〕12号。",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_each_bad_row_gives_its_message_and_nothing_is_written(region_client, units, case):
    make_unit, overrides, column, message = BAD_ROWS[case]
    unit = make_unit() if make_unit else units[1]
    rows = [base_row(units[0]), base_row(unit, **{"number": "内基备字第13号", **overrides})]
    before = counts()
    job = upload_job(region_client, rows)
    assert (job.valid, job.invalid) == (1, 1)
    assert errors_of(job) == {(3, column, message)}
    assert counts() == before
    response = run(region_client, job)
    assert response.status_code == 400
    assert (
        "文件中有 1 行错误，不能全部导入。请修改后重新上传，或选择仅导入有效行。" in response.content.decode()
    )
    assert counts() == before


def test_duplicate_filing_numbers_inside_the_file_and_against_the_database(region_client, units):
    existing = make_base("已备案单位")
    rows = [
        base_row(units[0], number="蒙博基备〔2019〕012号"),
        base_row(units[1], number="蒙博基备（2019）12号"),  # the same number, spelled otherwise
        base_row(
            units[2], number=existing.filing_number, filed_on="2026-12-01", notice="内人社发〔2026〕3号"
        ),
    ]
    before = counts()
    job = upload_job(region_client, rows)
    assert (job.valid, job.invalid, job.existing) == (1, 1, 1)
    assert errors_of(job) == {
        (3, "C", "与第 2 行重复（备案号 相同）。"),
        (4, "", "已存在，跳过"),
    }
    assert counts() == before

    assert run(region_client, job, only_valid=True).status_code == 302
    job.refresh_from_db()
    assert (job.state, job.imported) == ("done", 1)
    assert list(PracticeBase.objects.filter(unit__in=units).values_list("unit", "filing_number")) == [
        (units[0].pk, "蒙博基备〔2019〕012号")
    ]


def test_reimporting_the_same_file_creates_nothing_new(region_client, units):
    rows = [base_row(units[0]), base_row(units[1], number="蒙博基备〔2019〕002号")]
    first = upload_job(region_client, rows)
    run(region_client, first)
    first.refresh_from_db()
    assert first.imported == 2
    before = counts()

    again = upload_job(region_client, rows)
    assert (again.valid, again.invalid, again.existing) == (0, 0, 2)
    assert {e["errors"][0]["message"] for e in again.report["rows"]} == {"已存在，跳过"}
    assert "没有可导入的有效行。" in run(region_client, again).content.decode()
    assert counts() == before
