"""Spreadsheets ready to send (issue 13 item 2): every export, answered at once or written by the worker, goes
through one writer (web.exports) and opens as a finished sheet: a title row with the list and the asker's
scope and the time of export, a bold header frozen below it with an auto-filter, columns wide enough for
Chinese text, real date and number cells in Chinese formats, text that cannot become a formula, and one
file-name style (the list, the scope, the day; an ASCII fallback). A bureau's export holds only its bureau."""

import io
from datetime import date, datetime
from decimal import Decimal
from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.exports.models import ExportJob, ExportJobStatus
from postdoc_base.tenure.stay.enums import AppointmentState
from postdoc_base.web import exports as writer
from tests.factories import StationFactory, UnitFactory, bureau, ready_application, user_with_role
from tests.factories.appointments import make_appointment, partner
from tests.factories.pages import xlsx_bytes, xlsx_rows
from tests.factories.people import ID_1985, ID_1988, ID_1990, ID_X, make_postdoc
from tests.factories.tenure import make_base
from tests.factories.world import put_in_state

pytestmark = pytest.mark.django_db

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_WIDTH = 8.43  # Excel's width of a column nobody sized


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def sheet_of(raw: bytes, index: int = 0):
    """The sheet with its styles (not read-only: widths, fonts, panes and merged cells are read)."""
    return load_workbook(io.BytesIO(raw)).worksheets[index]


def today_stamp() -> str:
    now = timezone.localtime()
    return f"导出时间：{now.year}年{now.month}月{now.day}日"


def disposition(title: str, scope: str, fallback_stem: str) -> str:
    day = f"{timezone.localdate():%Y%m%d}"
    return f"attachment; filename=\"{fallback_stem}_{day}.xlsx\"; filename*=UTF-8''" + quote(
        f"{title}_{scope}_{day}.xlsx", safe=""
    )


def assert_laid_out(ws, heading: str, columns: int, rows: int) -> None:
    """The title rows, the bold frozen header and the auto-filter over header and data."""
    last = chr(ord("A") + columns - 1)
    assert ws["A1"].value == heading and ws["A1"].font.b
    assert ws["A2"].value.startswith(today_stamp())
    assert {str(r) for r in ws.merged_cells.ranges} == {f"A1:{last}1", f"A2:{last}2"}
    assert all(ws.cell(row=3, column=c).font.b for c in range(1, columns + 1))
    assert ws.freeze_panes == "A4"
    assert ws.auto_filter.ref == f"A3:{last}{3 + rows}"


# --- a small export, answered at once: the application list --------------------------------------------
@pytest.fixture
def two_bureaus():
    hohhot, baotou = bureau("呼和浩特市"), bureau("包头市")
    for unit in (
        UnitFactory(name="=1+1", bureau=hohhot),
        UnitFactory(name="包头稀土新材料有限公司", bureau=baotou),
    ):
        put_in_state(ready_application(unit=unit), ApplicationState.BUREAU_REVIEW)
    return {
        "hohhot": user_with_role(Role.BUREAU_OFFICER, hohhot),
        "baotou": user_with_role(Role.BUREAU_OFFICER, baotou),
        "region": user_with_role(Role.REGION_ADMIN),
    }


def test_a_small_export_is_a_finished_sheet_of_the_officers_bureau_only(two_bureaus):
    response = login(two_bureaus["hohhot"]).get(reverse("establishment:application_export"))
    assert response.status_code == 200 and response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == disposition("设立申请", "呼和浩特市", "applications")
    raw = xlsx_bytes(response)
    ws = sheet_of(raw)
    assert ws.title == "设立申请"
    assert_laid_out(ws, "设立申请（呼和浩特市）", columns=8, rows=1)
    assert [c.value for c in ws[3]] == ["申报单位", "统一社会信用代码", "盟市", "申报路径", "批次", "状态",
                                        "提交时间", "更新时间"]  # fmt: skip

    name, *_rest, submitted_at, updated_at = ws[4]
    # A unit named like a formula stays the text it is.
    assert (name.value, name.data_type) == ("=1+1", "s")
    # A time is a real date cell in the Chinese format, not text.
    assert isinstance(submitted_at.value, datetime) and submitted_at.is_date
    assert submitted_at.number_format == 'yyyy"年"m"月"d"日" hh:mm'
    # Columns fit their Chinese text: "统一社会信用代码" is 8 wide characters, 16 units (+ a margin).
    assert ws.column_dimensions["B"].width >= 18 > DEFAULT_WIDTH
    assert ws.column_dimensions["G"].width >= 20  # 2026年12月4日 21:30

    # Baotou's officer gets Baotou's application, under Baotou's title; the region sees both.
    baotou = xlsx_bytes(login(two_bureaus["baotou"]).get(reverse("establishment:application_export")))
    assert sheet_of(baotou)["A1"].value == "设立申请（包头市）"
    assert [r[0] for r in xlsx_rows(baotou)[1:]] == ["包头稀土新材料有限公司"]
    response = login(two_bureaus["region"]).get(reverse("establishment:application_export"))
    assert "filename*=UTF-8''" + quote("设立申请_全区_") in response["Content-Disposition"]
    region = xlsx_bytes(response)
    assert sheet_of(region)["A1"].value == "设立申请（全区）"
    assert sorted(r[0] for r in xlsx_rows(region)[1:]) == ["=1+1", "包头稀土新材料有限公司"]


# --- a large export, written by the worker: the appointment list ----------------------------------------
@pytest.fixture
def appointments():
    hohhot_base, baotou_base = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    station = StationFactory(university="内蒙古大学", discipline="生物学")
    partner(hohhot_base, station), partner(baotou_base, station)
    for i, number in enumerate((ID_1990, ID_1988, ID_X)):
        postdoc = make_postdoc(hohhot_base, number, name=f"呼和浩特博士后{i}")
        make_appointment(hohhot_base, station, postdoc, state=AppointmentState.IN_BASE, complete=True,
                         term_months=24, entry_date=date(2026, 1, 31))  # fmt: skip
    make_appointment(baotou_base, station, make_postdoc(baotou_base, ID_1985, name="包头博士后"),
                     state=AppointmentState.IN_BASE, complete=True, term_months=24)  # fmt: skip
    return {
        "hohhot": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "baotou": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
    }


def run_in_background(client, url, capture) -> ExportJob:
    with capture(execute=True):  # the worker runs the job at commit (Huey immediate in tests)
        response = client.get(url)
    assert response.status_code == 302
    job = ExportJob.objects.latest("id")
    job.refresh_from_db()
    assert job.status == ExportJobStatus.DONE
    return job


def test_a_background_export_is_the_same_finished_sheet_streamed_by_a_write_only_writer(
    appointments, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT, settings.EXPORT_INLINE_MAX_ROWS = tmp_path, 2
    created = []
    original = writer.Workbook

    def recording_workbook(*args, **kwargs):
        book = original(*args, **kwargs)
        created.append(book)
        return book

    monkeypatch.setattr(writer, "Workbook", recording_workbook)
    c = login(appointments["hohhot"])
    job = run_in_background(c, "/tenure/appointments/export/", django_capture_on_commit_callbacks)

    # Streamed: the writer's workbook is write-only, its sheets write rows as they come.
    assert [book.write_only for book in created] == [True]
    assert all(isinstance(ws, WriteOnlyWorksheet) for ws in created[0].worksheets)

    day = f"{timezone.localdate():%Y%m%d}"
    assert job.filename == f"进基地_呼和浩特市_{day}.xlsx" and job.total == job.done == 3
    download = c.get(f"/exports/{job.pk}/download/")
    assert download.status_code == 200 and download["Content-Type"] == XLSX
    assert download["Content-Disposition"] == disposition("进基地", "呼和浩特市", "appointments")

    ws = sheet_of(xlsx_bytes(download))
    assert_laid_out(ws, "进基地（呼和浩特市）", columns=16, rows=3)
    header = [c.value for c in ws[3]]
    months, entry = header.index("在基地期限（月）") + 1, header.index("进基地日期") + 1
    for row in range(4, 7):
        assert (ws.cell(row, months).value, ws.cell(row, months).number_format) == (24, "#,##0")
        cell = ws.cell(row, entry)
        assert cell.is_date and cell.value.date() == date(2026, 1, 31)  # a date cell, not "2026-01-31"
        assert cell.number_format == 'yyyy"年"m"月"d"日"'
    # Only the officer's bureau: the Baotou postdoc is not in Hohhot's file.
    names = sorted(ws.cell(row, 1).value for row in range(4, 7))
    assert names == ["呼和浩特博士后0", "呼和浩特博士后1", "呼和浩特博士后2"]
    assert ws.max_row == 6
    # The ID number is masked as on the page.
    assert all("*" in ws.cell(row, 2).value for row in range(4, 7))
    assert ws.column_dimensions["C"].width > DEFAULT_WIDTH  # the base's long Chinese name


# --- the writer's cells ---------------------------------------------------------------------------------
class Row:
    def __init__(self, **values):
        self.__dict__.update(values)


def test_the_writer_types_and_formats_every_kind_of_value():
    aware = timezone.make_aware(datetime(2026, 12, 4, 21, 30))
    rows = [Row(day=date(2026, 12, 4), at=aware, count=12345, money=Decimal("1234.5"), year=2026, flag=True,
                text="=1+1", tab="\t@x", label="一个很长很长的中文单元格内容" * 5)]  # fmt: skip
    columns = (
        ("日期", lambda r: r.day),
        ("时间", lambda r: r.at),
        ("人数", lambda r: r.count),
        ("金额（元）", lambda r: r.money),
        ("年度", lambda r: r.year, writer.YEAR),
        ("是否", lambda r: r.flag),
        ("公式", lambda r: r.text),
        ("制表符", lambda r: r.tab),
        ("说明", lambda r: r.label),
    )
    out = io.BytesIO()
    assert (
        writer.write_workbook(out, [writer.Sheet("测试", columns, rows)], title="测试清单", scope="包头市")
        == 1
    )
    ws = sheet_of(out.getvalue())
    assert ws["A1"].value == "测试清单（包头市）"
    cells = {ws.cell(3, c).value: ws.cell(4, c) for c in range(1, len(columns) + 1)}
    assert (
        cells["日期"].value == datetime(2026, 12, 4) and cells["日期"].number_format == 'yyyy"年"m"月"d"日"'
    )
    # An aware time is written in local time (a workbook has no time zones).
    assert cells["时间"].value == datetime(2026, 12, 4, 21, 30)
    assert (cells["人数"].value, cells["人数"].number_format) == (12345, "#,##0")
    assert (cells["金额（元）"].value, cells["金额（元）"].number_format) == (1234.5, "#,##0.00")
    assert (cells["年度"].value, cells["年度"].number_format) == (2026, "0")  # not 2,026
    assert cells["是否"].value == "是"
    assert (cells["公式"].value, cells["公式"].data_type) == ("=1+1", "s")
    assert (cells["制表符"].value, cells["制表符"].data_type) == ("\t@x", "s")
    assert ws.column_dimensions["I"].width == writer.MAX_WIDTH  # long text: capped
    assert ws.column_dimensions["D"].width == writer.text_width("金额（元）") + 2  # 12: the header is widest
    assert writer.text_width("呼和浩特a") == 9


def test_file_names_follow_one_style_with_an_ascii_fallback():
    day = date(2026, 12, 4)
    assert writer.export_filename("单位名录", "呼和浩特市", day) == "单位名录_呼和浩特市_20261204.xlsx"
    assert writer.export_filename("a/b:c", "", day) == "abc_20261204.xlsx"
    assert writer.ascii_filename("funding-totals", day) == "funding-totals_20261204.xlsx"
    header = writer.content_disposition("单位名录_全区_20261204.xlsx", "units_20261204.xlsx")
    assert header == (
        "attachment; filename=\"units_20261204.xlsx\"; filename*=UTF-8''"
        "%E5%8D%95%E4%BD%8D%E5%90%8D%E5%BD%95_%E5%85%A8%E5%8C%BA_20261204.xlsx"
    )
