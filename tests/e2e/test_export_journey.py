"""A large export in the browser: the officer clicks 导出Excel on a list too long to answer at once, lands on
the job's progress page, sees it finished (the worker runs at commit in tests) and downloads the file, which
holds the rows the list showed; the job is listed under 我的导出 (issue 14, issue 13 item 2)."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from postdoc_base.accounts.enums import Role
from postdoc_base.exports.models import ExportJob
from tests.factories import UnitFactory, bureau, user_with_role
from tests.factories.pages import xlsx_rows

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_officer_exports_a_long_list_in_the_background_and_downloads_it(
    page, login, shot, settings, tmp_path
):
    settings.EXPORT_INLINE_MAX_ROWS = 2
    settings.MEDIA_ROOT = tmp_path
    baotou = bureau("包头市")
    names = sorted(f"包头稀土{i}号有限公司" for i in range(3))
    for name in names:
        UnitFactory(name=name, bureau=baotou)
    user_with_role(Role.BUREAU_OFFICER, baotou, username="baotou_officer", display_name="包头市人社局")

    login(page, "baotou_officer")
    page.goto("/registry/units/")
    page.get_by_test_id("export").click()
    page.wait_for_url("**/exports/*/")
    expect(page.get_by_test_id("job-status")).to_have_text("已完成")
    expect(page.get_by_test_id("job-progress")).to_have_attribute("value", "100")
    expect(page.locator("body")).to_contain_text("已写 3 / 3 行（100%）")
    shot(page, "job-done")

    with page.expect_download() as download:
        page.get_by_test_id("job-download").click()
    # One file-name style, in the page's language: the list, whose rows, the day (the UTF-8 name is the one
    # a browser takes; an ASCII one is sent for older clients).
    assert download.value.suggested_filename == f"单位名录_包头市_{timezone.localdate():%Y%m%d}.xlsx"
    with open(download.value.path(), "rb") as saved:
        rows = xlsx_rows(saved.read())
    assert sorted(r[0] for r in rows[1:]) == names

    page.get_by_role("link", name="我的导出").first.click()
    expect(page.get_by_test_id("job-row")).to_have_count(1)
    job = ExportJob.objects.get()
    assert (job.user.username, job.name, job.total) == ("baotou_officer", "units", 3)
