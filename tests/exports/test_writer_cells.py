"""What the one workbook writer (web.exports) puts in each cell, read back with openpyxl: dates and times as
real date cells in the Chinese formats, integers and money as numbers with their formats (a column's own
format first), formula-like text inert, control characters dropped, empty values as empty cells, booleans
as 是/否 and choice fields as their labels, both in the export's language. A sheet whose columns are all field
paths and labels is read as values (no model instances, one query) and gives the same cells as the same
columns read from objects. The outputs export, declared so, writes exactly these cells."""

import io
import zipfile
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from postdoc_base.accounts.enums import Role
from postdoc_base.exports import services
from postdoc_base.exports.models import ExportJob, ExportJobStatus
from postdoc_base.exports.specs import ExportRequest, export_spec
from postdoc_base.tenure.outputs.enums import OutputKind as K
from postdoc_base.tenure.outputs.enums import OutputState as O
from postdoc_base.tenure.outputs.models import Output
from postdoc_base.tenure.stay.enums import AppointmentState
from postdoc_base.web import exports as writer
from tests.factories import StationFactory, user_with_role
from tests.factories.appointments import make_appointment, partner, station_supervisor
from tests.factories.outputs import make_output
from tests.factories.people import make_postdoc
from tests.factories.tenure import make_base

DATE = 'yyyy"年"m"月"d"日"'
DATETIME = 'yyyy"年"m"月"d"日" hh:mm'
FIRST = writer.HEADER_ROW + 1  # the first data row


class Row:
    def __init__(self, **values):
        self.__dict__.update(values)


def write(columns, rows, **kwargs) -> bytes:
    out = io.BytesIO()
    writer.write_workbook(
        out, [writer.Sheet("测试", columns, rows)], title="测试清单", scope="包头市", **kwargs
    )
    return out.getvalue()


def data_cells(raw: bytes) -> list[list]:
    """The data rows' cells (below the title rows and the header), with their styles."""
    ws = load_workbook(io.BytesIO(raw)).worksheets[0]
    return [list(row) for row in ws.iter_rows(min_row=FIRST, max_col=ws.max_column)]


def shown(raw: bytes) -> list[list]:
    """Each data cell as (value, data type, number format); an empty cell as None."""
    return [[None if c.value is None else (c.value, c.data_type, c.number_format) for c in row]
            for row in data_cells(raw)]  # fmt: skip


def formulas(raw: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        return [n for n in zf.namelist() if n.startswith("xl/worksheets/") and b"<f>" in zf.read(n)]


# --- types and formats ----------------------------------------------------------------------------------------
def test_dates_and_times_are_date_cells_in_the_chinese_formats_row_after_row():
    aware = [timezone.make_aware(datetime(2026, 12, d, 21, 30)) for d in (1, 2, 3)]  # Asia/Shanghai
    rows = [Row(day=date(2026, 12, d), at=aware[d - 1], naive=datetime(2026, 1, d, 8, 5)) for d in (1, 2, 3)]
    columns = (("日期", "day"), ("时间", lambda r: r.at), ("本地时间", "naive"))
    assert shown(write(columns, rows)) == [
        [(datetime(2026, 12, d), "d", DATE), (datetime(2026, 12, d, 21, 30), "d", DATETIME),
         (datetime(2026, 1, d, 8, 5), "d", DATETIME)]
        for d in (1, 2, 3)
    ]  # fmt: skip
    # An aware time is written in local time, without a zone (a workbook has none).
    assert timezone.localtime(aware[0]).hour == 21


def test_numbers_are_numbers_with_their_format_and_a_columns_own_format_first():
    rows = [Row(count=12345, money=Decimal("1234.5"), ratio=0.25, year=2026),
            Row(count=0, money=Decimal("0.00"), ratio=1.0, year=2027)]  # fmt: skip
    columns = (("人数", "count"), ("金额（元）", "money"), ("比例", "ratio"), ("年度", "year", writer.YEAR))
    assert shown(write(columns, rows)) == [
        [(12345, "n", "#,##0"), (1234.5, "n", "#,##0.00"), (0.25, "n", "#,##0.00"), (2026, "n", "0")],
        [(0, "n", "#,##0"), (0, "n", "#,##0.00"), (1, "n", "#,##0.00"), (2027, "n", "0")],
    ]


def test_a_column_of_mixed_values_gives_each_value_its_own_types_format():
    """The writer keeps one styled cell per column and format: a value's format never leaks to the next."""
    values = [
        date(2026, 5, 4),
        7,
        Decimal("2.5"),
        "文本",
        datetime(2026, 5, 4, 9, 0),
        None,
        8,
        date(2026, 5, 5),
    ]
    assert [row[0] for row in shown(write((("混合", "v"),), [Row(v=v) for v in values]))] == [
        (datetime(2026, 5, 4), "d", DATE), (7, "n", "#,##0"), (2.5, "n", "#,##0.00"), ("文本", "s", "General"),
        (datetime(2026, 5, 4, 9, 0), "d", DATETIME), None, (8, "n", "#,##0"), (datetime(2026, 5, 5), "d", DATE),
    ]  # fmt: skip
    # Under a column's own non-date format (a year's), a date keeps that format and so do the values after it.
    rows = [Row(v=2026), Row(v=date(2026, 5, 4)), Row(v=2027)]
    assert [row[0][2] for row in shown(write((("年度", "v", writer.YEAR),), rows))] == ["0", "0", "0"]


def test_text_a_spreadsheet_would_run_is_written_inert_and_control_characters_are_dropped():
    payloads = ['=HYPERLINK("http://x","点击")', "+SUM(1,2)", "-2+3", "@SUM(1)", "\t=1+1", "\r=1+1"]
    rows = [Row(text=p) for p in payloads] + [Row(text="\x00=1+1"), Row(text="普通\x07文本")]
    raw = write((("文本", "text"), ("计算", lambda r: r.text)), rows)
    assert formulas(raw) == []
    expected = [(p, "s", "General") for p in [*payloads, "=1+1", "普通文本"]]
    assert shown(raw) == [[cell, cell] for cell in expected]


def test_booleans_are_yes_or_no_in_the_exports_language():
    rows = [Row(flag=True), Row(flag=False)]
    assert [r[0][0] for r in shown(write((("是否", "flag"),), rows))] == ["是", "否"]
    with translation.override("en"):
        assert [r[0][0] for r in shown(write((("是否", "flag"),), rows))] == ["Yes", "No"]


def test_empty_values_are_empty_cells():
    rows = [Row(text=None, day=None, number=None, blank="", link=None)]
    columns = (
        ("文本", "text"),
        ("日期", "day"),
        ("数字", "number"),
        ("空文本", "blank"),
        ("链接", "link__name"),
    )
    assert shown(write(columns, rows)) == [[None] * 5]


# --- the outputs export: paths and labels read as values ------------------------------------------------------
@pytest.fixture
def outputs(db):
    base = make_base("草原乳业", "呼和浩特市")
    station = StationFactory(university="内蒙古大学", discipline="生物学")
    partner(base, station)
    appointment = make_appointment(base, station, make_postdoc(base, name="=巴特尔"), state=AppointmentState.IN_BASE,
                                   complete=True)  # fmt: skip
    supervisor = station_supervisor(base, station)
    make_output(appointment, K.TECH_TRANSFER, state=O.CONFIRMED, occurred_on=date(2026, 6, 2),
                confirmed_by=supervisor, confirmed_on=date(2026, 6, 9))  # fmt: skip
    make_output(appointment, K.PROJECT, occurred_on=date(2026, 6, 1), reference="@项目")
    return {"region": user_with_role(Role.REGION_ADMIN), "base": base.name}


def outputs_export(user, language: str) -> bytes:
    spec = export_spec("outputs")
    request = ExportRequest(user=user, GET={})
    with translation.override(language):
        return write(spec.columns, spec.rows(request))


def expected_outputs(base: str, labels: dict) -> list[list]:
    """The two outputs as the export has always written them, in the order of the list (newest first)."""
    text = lambda v: (v, "s", "General")  # noqa: E731
    return [
        [text("=巴特尔"), text(base), text(labels["tech_transfer"]), text("发酵技术转让"),
         (datetime(2026, 6, 2), "d", DATE), None, None, None, (500000, "n", "#,##0"), (100000, "n", "#,##0"),
         text(labels["confirmed"]), text("李教授"), (datetime(2026, 6, 9), "d", DATE)],
        [text("=巴特尔"), text(base), text(labels["project"]), text("乳业关键技术攻关"),
         (datetime(2026, 6, 1), "d", DATE), text(labels["provincial"]), text(labels["led"]), text("@项目"), None,
         None, text(labels["submitted"]), None, None],
    ]  # fmt: skip


ZH = {"tech_transfer": "科技成果转化", "project": "科研项目", "provincial": "省部级", "led": "主持",
      "confirmed": "导师已确认", "submitted": "待导师确认"}  # fmt: skip
EN = {"tech_transfer": "Technology transfer", "project": "Research project", "provincial": "Provincial or ministerial",
      "led": "Lead", "confirmed": "Confirmed by the supervisor", "submitted": "Awaiting supervisor confirmation"}  # fmt: skip


def test_the_outputs_export_shows_labels_in_the_exports_language(outputs):
    for language, labels in (("zh-hans", ZH), ("en", EN)):
        raw = outputs_export(outputs["region"], language)
        assert shown(raw) == expected_outputs(outputs["base"], labels), language
        assert formulas(raw) == []


def test_a_sheet_of_paths_reads_values_in_one_query_without_model_instances(outputs, monkeypatch):
    def no_instances(*args, **kwargs):
        raise AssertionError("an export of paths built a model instance")

    monkeypatch.setattr(Output, "from_db", classmethod(no_instances))
    spec = export_spec("outputs")
    rows = spec.rows(ExportRequest(user=outputs["region"], GET={}))
    with CaptureQueriesContext(connection) as queries:
        raw = write(spec.columns, rows)
    assert len(queries) == 1
    assert '"evidence"' not in queries[0]["sql"]  # only the columns' paths are read
    assert shown(raw) == expected_outputs(outputs["base"], ZH)


def test_the_same_columns_read_from_objects_give_the_same_cells(outputs):
    spec = export_spec("outputs")
    rows = spec.rows(ExportRequest(user=outputs["region"], GET={}))
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert shown(write(spec.columns, list(rows))) == shown(write(spec.columns, rows)), language


def test_choice_label_is_still_a_getter_on_an_object(outputs):
    project = Output.objects.get(kind=K.PROJECT)
    assert writer.choice_label("kind")(project) == "科研项目"
    assert writer.choice_label("appointment__state")(project) == "在基地"
    assert writer.choice_label("confirmed_by__side", blank="—")(project) == "—"
    with translation.override("en"):
        assert writer.choice_label("kind")(project) == "Research project"


def test_the_worker_writes_the_same_cells_in_the_askers_language(outputs, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with translation.override("en"):
        job = services.export_job_create(user=outputs["region"], spec=export_spec("outputs"), params={})
    services.export_job_run(job.pk)
    job = ExportJob.objects.get(pk=job.pk)
    assert (job.status, job.total, job.done) == (ExportJobStatus.DONE, 2, 2)
    with job.file.open("rb") as f:
        raw = f.read()
    assert (
        load_workbook(io.BytesIO(raw)).worksheets[0]["A1"].value == "Outputs during the stay (Entire region)"
    )
    assert shown(raw) == expected_outputs(outputs["base"], EN)
