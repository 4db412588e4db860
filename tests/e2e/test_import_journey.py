"""Bulk import in the browser (issue 13 item 3): the region administrator downloads the units template, fills
it in, uploads it with an error, sees the report, downloads the workbook with the error marked, fixes it,
uploads it again and imports; the units exist, each created through the registry's service."""

import io

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.models import Unit
from postdoc_base.kernel.models import AuditEvent
from tests.factories import bureau, make_uscc, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def _read(download) -> bytes:
    with open(download.value.path(), "rb") as saved:
        return saved.read()


def test_the_region_imports_units_fixing_a_bad_row(page, login, shot, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    user_with_role(Role.REGION_ADMIN, username="region_admin", display_name="自治区人社厅")
    login(page, "region_admin")

    page.goto("/imports/units/")
    with page.expect_download() as template:
        page.get_by_test_id("template").click()
    workbook = load_workbook(io.BytesIO(_read(template)))
    sheet = workbook.worksheets[0]
    assert sheet["B1"].value == "统一社会信用代码*"
    sheet.append(
        ["包头稀土新材料有限公司", make_uscc("150200"), "包头市", "企业", "地方单位", None, "是", "否", "否"]
    )
    sheet.append(["乌海化工有限公司", make_uscc("150300"), "乌海", "企业", "地方单位"])  # not a bureau's name
    first = tmp_path / "units.xlsx"
    workbook.save(first)

    page.set_input_files("input[name=file]", str(first))
    page.get_by_test_id("upload").click()
    page.wait_for_url("**/imports/jobs/*/")
    expect(page.get_by_test_id("job-state")).to_have_text("已校验")
    expect(page.get_by_test_id("has-errors")).to_contain_text("文件中有 1 行错误，不能全部导入")
    expect(page.get_by_test_id("report")).to_contain_text(
        "盟市“乌海”不存在，请从下拉列表中选择，如“呼和浩特市”。"
    )
    expect(page.get_by_test_id("import-all")).to_have_count(0)
    shot(page, "report")
    assert not Unit.objects.filter(name__in=["包头稀土新材料有限公司", "乌海化工有限公司"]).exists()

    with page.expect_download() as marked:
        page.get_by_test_id("marked").click()
    workbook = load_workbook(io.BytesIO(_read(marked)))
    sheet = workbook.worksheets[0]
    assert sheet["C3"].comment.text.startswith("盟市“乌海”不存在")
    sheet["C3"] = "乌海市"
    fixed = tmp_path / "units-fixed.xlsx"
    workbook.save(fixed)

    page.get_by_test_id("upload-again").click()
    page.set_input_files("input[name=file]", str(fixed))
    page.get_by_test_id("upload").click()
    page.wait_for_url("**/imports/jobs/*/")
    expect(page.get_by_test_id("job-invalid")).to_have_text("0")
    page.get_by_test_id("import-all").click()
    expect(page.get_by_test_id("job-state")).to_have_text("已导入")
    expect(page.get_by_test_id("job-imported")).to_have_text("2")
    shot(page, "imported")

    assert Unit.objects.get(name="乌海化工有限公司").bureau == bureau("乌海市")
    assert Unit.objects.get(name="包头稀土新材料有限公司").bureau == bureau("包头市")
    assert AuditEvent.objects.filter(subject_type="directory.unit", action="create").count() == 2
