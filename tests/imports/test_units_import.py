"""Bulk import of units (issue 13 item 3): every bad row of every kind gives its Chinese message and writes
nothing; a valid file imports every row through the service (audited); only-valid writes exactly the valid
rows; re-importing creates nothing new; the marked workbook marks the right cells."""

import io

import pytest
from openpyxl import load_workbook

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.models import Unit
from postdoc_base.imports.models import ImportJob
from postdoc_base.kernel.models import AuditEvent
from tests.factories import UnitFactory, bureau, make_uscc, user_with_role

from .helpers import UNIT_HEADERS, bad_uscc, unit_row, upload, workbook_bytes

pytestmark = pytest.mark.django_db


def counts():
    return Unit.objects.count(), AuditEvent.objects.count()


def post_file(client, data, name="units.xlsx", kind="units"):
    return client.post(f"/imports/{kind}/", {"file": upload(data, name)})


def upload_job(client, rows, **kwargs):
    response = post_file(client, workbook_bytes(rows, **kwargs))
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImportJob.objects.latest("id")


def errors_of(job):
    return {(e["row"], err["col"], err["message"]) for e in job.report["rows"] for err in e["errors"]}


def test_template_has_headers_notes_and_lists(region_client):
    response = region_client.get("/imports/units/template.xlsx")
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    data, notes, lists = wb.worksheets
    # 所属行业 (optional, added after the others so that files made from the older template still import)
    assert [c.value for c in data[1]] == [*UNIT_HEADERS, "所属行业"]
    assert "校验码" in data["B1"].comment.text
    assert notes.title == "填写说明" and notes["A2"].value == "单位名称"
    assert lists.sheet_state == "hidden"
    assert "包头市" in [c.value for c in lists["A"]]
    refs = {str(v.sqref): v.formula1 for v in data.data_validations.dataValidation}
    assert any(ref.startswith("C2:") for ref in refs)


def test_a_valid_file_imports_every_row_through_the_service_and_audits_it(region_client, region):
    rows = [unit_row(name=f"包头单位{i}") for i in range(3)]
    units, events = counts()
    job = upload_job(region_client, rows)
    assert (job.state, job.total, job.valid, job.invalid, job.existing) == ("validated", 3, 3, 0, 0)
    assert counts() == (units, events)  # checking writes nothing
    response = region_client.post(f"/imports/jobs/{job.pk}/run/", {"only_valid": "0"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert (job.state, job.imported) == ("done", 3)
    assert Unit.objects.count() == units + 3
    created = AuditEvent.objects.filter(subject_type="directory.unit", action="create")
    assert created.count() == 3 and set(created.values_list("actor_id", flat=True)) == {region.pk}
    assert AuditEvent.objects.filter(subject_type="imports.importjob", action="import").count() == 1
    unit = Unit.objects.get(name="包头单位0")
    assert (unit.bureau, unit.nature, unit.affiliation, unit.independent_legal_person) == (
        bureau("包头市"), "enterprise", "local", True,
    )  # fmt: skip


# Each bad row, alone in a file with one good row: its message on its cell, and nothing written.
BAD_ROWS = {
    "wrong_type": (dict(c6="也许"), "G", "应填写“是”或“否”，不能是“也许”。"),
    "bad_choice": (dict(c3="国企"), "D", "“国企”不是可选的值，可选：企业、事业单位、其他。"),
    "unknown_bureau": (dict(bureau="火星市"), "C", "盟市“火星市”不存在，请从下拉列表中选择，如“呼和浩特市”。"),
    "missing_required": (dict(name=""), "A", "这个字段是必填项。"),
    "route_rule": (
        dict(c4="自治区本级单位"), "F", "中央驻区单位和自治区本级单位须填写主管部门（第十一条第（一）项）。"
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BAD_ROWS))
def test_each_bad_row_gives_its_message_and_nothing_is_written(region_client, case):
    overrides, column, message = BAD_ROWS[case]
    before = counts()
    job = upload_job(region_client, [unit_row(name="好单位"), unit_row(name=overrides.pop("name", "坏单位"),
                                                                         **overrides)])  # fmt: skip
    assert (job.valid, job.invalid) == (1, 1)
    assert errors_of(job) == {(3, column, message)}
    assert counts() == before
    response = region_client.post(f"/imports/jobs/{job.pk}/run/", {"only_valid": "0"})
    assert response.status_code == 400
    assert (
        "文件中有 1 行错误，不能全部导入。请修改后重新上传，或选择仅导入有效行。" in response.content.decode()
    )
    assert counts() == before


def test_a_bad_check_digit_gives_the_policy_message(region_client):
    code = bad_uscc()
    before = counts()
    job = upload_job(region_client, [unit_row(uscc=code)])
    (entry,) = job.report["rows"]
    (error,) = entry["errors"]
    assert error["col"] == "B" and error["header"] == "统一社会信用代码"
    assert error["message"].startswith("统一社会信用代码无效（GB 32100-2015）：校验码应为 ")
    assert counts() == before


def test_duplicates_inside_the_file_and_against_the_database(region_client):
    existing = UnitFactory(name="已有单位", bureau=bureau("包头市"))
    code = make_uscc("150200")
    rows = [
        unit_row(name="甲", uscc=code),
        unit_row(name="乙", uscc=code.lower()),
        unit_row(uscc=existing.uscc),
    ]
    before = counts()
    job = upload_job(region_client, rows)
    assert (job.valid, job.invalid, job.existing) == (1, 1, 1)
    assert errors_of(job) == {
        (3, "B", "与第 2 行重复（统一社会信用代码 相同）。"),
        (4, "", "已存在，跳过"),
    }
    assert counts() == before


def test_empty_rows_are_skipped(region_client):
    job = upload_job(region_client, [unit_row(name="甲"), [None] * 12, ["", "  "], unit_row(name="乙")])
    assert (job.total, job.valid, job.invalid) == (2, 2, 0)


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"%PDF-1.7 not a workbook %%EOF", "units.xlsx", "文件不是 Excel 工作簿（.xlsx），请下载模板填写后上传。"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "units.xls",
         "这是旧版 Excel 文件（.xls），请在 Excel 中另存为 .xlsx 格式后上传。"),
        ("name,uscc\r\n甲,123\r\n".encode(), "units.csv",
         "文件不是 Excel 工作簿（.xlsx），请下载模板填写后上传。"),
        (b"", "units.xlsx", "文件为空。"),
    ],
)  # fmt: skip
def test_a_file_that_is_not_excel_is_refused(region_client, data, name, message):
    before = counts()
    response = post_file(region_client, data, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert counts() == before and not ImportJob.objects.exists()


def test_a_docx_is_not_a_workbook(region_client):
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr("word/document.xml", "<w:document/>")
    response = post_file(region_client, out.getvalue())
    assert "文件不是 Excel 工作簿（.xlsx），请下载模板填写后上传。" in response.content.decode()


def test_merged_cells_are_refused(region_client):
    before = counts()
    response = post_file(region_client, workbook_bytes([unit_row(), unit_row()], merge="C2:C3"))
    assert response.status_code == 400
    assert (
        "工作表中有合并单元格（C2:C3），请取消合并、每个单元格只填一个值后重新上传。"
        in response.content.decode()
    )
    assert counts() == before and not ImportJob.objects.exists()


def test_missing_columns_are_refused(region_client):
    response = post_file(region_client, workbook_bytes([["甲"]], headers=["单位名称"]))
    assert response.status_code == 400
    assert "缺少必填列：统一社会信用代码、单位性质、隶属关系。" in response.content.decode()


def test_a_huge_file_is_refused_without_reading_its_rows(region_client, monkeypatch):
    from openpyxl import Workbook

    from postdoc_base.imports import registry

    def never(*args, **kwargs):
        raise AssertionError("a row was read")

    monkeypatch.setattr(registry.Column, "parse", never)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet()
    ws.append(UNIT_HEADERS)
    row = unit_row(uscc="91150200MA0000000X")
    for _ in range(20001):
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    before = counts()
    response = post_file(region_client, out.getvalue())
    assert response.status_code == 400
    assert "数据行数超过上限（最多 20000 行），请拆分为多个文件分别导入。" in response.content.decode()
    assert counts() == before and not ImportJob.objects.exists()


def test_a_sheet_without_its_size_is_stopped_at_the_limit(region_client, settings):
    """A workbook whose sheet does not declare its size: its rows are counted (not read) and it is refused."""
    settings.IMPORT_MAX_ROWS = 3
    data = workbook_bytes([unit_row(name=f"单位{i}") for i in range(5)])
    import re
    import zipfile

    src, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            body = src.read(item)
            if item.filename.startswith("xl/worksheets/sheet"):
                body = re.sub(rb"<dimension [^>]*/>", b"", body)
            dst.writestr(item, body)
    before = counts()
    response = post_file(region_client, out.getvalue())
    assert response.status_code == 400
    assert "数据行数超过上限（最多 3 行），请拆分为多个文件分别导入。" in response.content.decode()
    assert counts() == before and not ImportJob.objects.exists()


def test_only_valid_rows_writes_exactly_the_valid_rows(region_client):
    rows = [unit_row(name="甲"), unit_row(name="乙", uscc=bad_uscc()), unit_row(name="丙", bureau="火星市")]
    rows.append(unit_row(name="丁"))
    job = upload_job(region_client, rows)
    assert (job.valid, job.invalid) == (2, 2)
    units = Unit.objects.count()
    region_client.post(f"/imports/jobs/{job.pk}/run/", {"only_valid": "1"})
    job.refresh_from_db()
    assert (job.state, job.imported) == ("done", 2)
    assert Unit.objects.count() == units + 2
    assert set(Unit.objects.filter(name__in=["甲", "乙", "丙", "丁"]).values_list("name", flat=True)) == {
        "甲",
        "丁",
    }
    assert AuditEvent.objects.filter(subject_type="directory.unit", action="create").count() == 2


def test_reimporting_the_same_file_creates_nothing_new(region_client):
    data = workbook_bytes([unit_row(name="甲"), unit_row(name="乙")])
    job = ImportJob.objects.get(pk=_upload_and_run(region_client, data))
    assert job.imported == 2
    units, unit_events = (
        Unit.objects.count(),
        AuditEvent.objects.filter(subject_type="directory.unit").count(),
    )
    post_file(region_client, data)
    again = ImportJob.objects.latest("id")
    assert (again.valid, again.invalid, again.existing) == (0, 0, 2)
    assert {e["errors"][0]["message"] for e in again.report["rows"]} == {"已存在，跳过"}
    response = region_client.post(f"/imports/jobs/{again.pk}/run/", {"only_valid": "0"})
    assert "没有可导入的有效行。" in response.content.decode()
    assert Unit.objects.count() == units
    assert AuditEvent.objects.filter(subject_type="directory.unit").count() == unit_events


def _upload_and_run(client, data) -> int:
    post_file(client, data)
    job = ImportJob.objects.latest("id")
    client.post(f"/imports/jobs/{job.pk}/run/", {"only_valid": "0"})
    return job.pk


def test_the_marked_workbook_shows_each_error_on_its_cell(region_client):
    existing = UnitFactory(bureau=bureau("包头市"))
    rows = [
        unit_row(name="甲"),
        unit_row(name="乙", bureau="火星市", c6="也许"),
        unit_row(uscc=existing.uscc),
    ]
    job = upload_job(region_client, rows)
    response = region_client.get(f"/imports/jobs/{job.pk}/marked.xlsx")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert ws["M1"].value == "错误说明"
    assert ws["C3"].fill.start_color.rgb == "FFFFC7CE" and ws["G3"].fill.start_color.rgb == "FFFFC7CE"
    assert ws["C3"].comment.text == "盟市“火星市”不存在，请从下拉列表中选择，如“呼和浩特市”。"
    assert ws["G3"].comment.text == "应填写“是”或“否”，不能是“也许”。"
    assert ws["A3"].fill.fill_type is None and ws["C2"].fill.fill_type is None and ws["M2"].value is None
    assert ws["M3"].value == (
        "注册地盟市：盟市“火星市”不存在，请从下拉列表中选择，如“呼和浩特市”。；具有独立法人资格：应填写“是”或“否”，不能是“也许”。"
    )
    assert ws["M4"].value == "已存在，跳过"
    # the page lists the same
    page = region_client.get(f"/imports/jobs/{job.pk}/").content.decode()
    assert "盟市“火星市”不存在" in page and "仅导入有效行（1 行）" in page


def test_a_marked_copy_uploaded_again_after_fixing_imports(region_client):
    job = upload_job(region_client, [unit_row(name="甲", bureau="火星市")])
    marked = b"".join(region_client.get(f"/imports/jobs/{job.pk}/marked.xlsx").streaming_content)
    wb = load_workbook(io.BytesIO(marked))
    wb.active["C2"] = "包头市"
    out = io.BytesIO()
    wb.save(out)
    again = ImportJob.objects.get(pk=_upload_and_run(region_client, out.getvalue()))
    assert (again.invalid, again.imported) == (0, 1)
    assert Unit.objects.filter(name="甲", bureau=bureau("包头市")).exists()


@pytest.mark.parametrize("role", [Role.BUREAU_OFFICER, Role.UNIT_ADMIN, Role.EXPERT])
def test_only_the_region_imports(client, role):
    from tests.factories import ExpertFactory

    scope = {Role.BUREAU_OFFICER: lambda: bureau("包头市"), Role.UNIT_ADMIN: UnitFactory,
             Role.EXPERT: ExpertFactory}[role]()  # fmt: skip
    client.force_login(user_with_role(role, scope))
    assert client.get("/imports/").status_code == 403
    assert client.get("/imports/units/template.xlsx").status_code == 403
    assert post_file(client, workbook_bytes([unit_row()])).status_code == 403
    assert not ImportJob.objects.exists()


def test_a_job_is_seen_by_its_uploader_only(region_client):
    job = upload_job(region_client, [unit_row()])
    other = user_with_role(Role.REGION_ADMIN, username="another_region")
    region_client.force_login(other)
    assert region_client.get(f"/imports/jobs/{job.pk}/").status_code == 404
    assert region_client.get(f"/imports/jobs/{job.pk}/marked.xlsx").status_code == 404
    assert region_client.post(f"/imports/jobs/{job.pk}/run/", {"only_valid": "1"}).status_code == 404
    assert not Unit.objects.filter(name="内蒙古稀土新材料有限公司").exists()


def test_an_unknown_kind_is_404(region_client):
    assert region_client.get("/imports/planets/").status_code == 404
    assert region_client.get("/imports/planets/template.xlsx").status_code == 404
