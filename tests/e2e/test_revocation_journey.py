"""Art. 24 in the browser: the sweep has opened a revocation case for a base empty for 2 years; its bureau officer
reads the base file and sees the case; the region administrator opens it from 基地监管, is refused a malformed
document number with the reason, revokes with a proper one, and the base leaves the public directory; the
unit's new application in an open round is refused with Art. 24's reason."""

from datetime import date

import pytest
from playwright.sync_api import expect

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment.models import BaseApplication, Round
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.revocations.sweeps import empty_base_sweep
from tests.factories import RoundFactory, user_with_role
from tests.factories.tenure import make_base

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_region_revokes_an_empty_base_found_by_the_sweep(page, login, shot):
    base = make_base("草原乳业", "呼和浩特市", filed_on=date(2024, 1, 10))
    user_with_role(
        Role.BUREAU_OFFICER, base.unit.bureau, username="hohhot_officer", display_name="呼和浩特市人社局"
    )
    user_with_role(Role.REGION_ADMIN, username="region_admin", display_name="自治区人社厅")
    user_with_role(Role.UNIT_ADMIN, base.unit, username="unit_admin", display_name="草原乳业管理员")
    Round.objects.filter(pk=base.application.round_id).update(state="closed")  # the 2024 round, long over
    round_ = RoundFactory(name="2026年度设立批次", state="open")
    [case] = empty_base_sweep(date(2026, 1, 10))

    login(page, "hohhot_officer")
    page.goto(f"/bases/{base.pk}/file/")
    expect(page.get_by_test_id("art24")).to_contain_text("连续2年无在站博士后研究人员")
    expect(page.get_by_test_id("revocation-cases")).to_contain_text("待自治区决定")
    expect(page.get_by_test_id("revoke-form")).to_have_count(0)
    shot(page, "bureau-base-file")
    page.context.clear_cookies()

    login(page, "region_admin")
    page.get_by_role("button", name="基地监管").click()
    page.get_by_role("link", name="取消基地备案案件").click()
    page.wait_for_url("**/bases/revocations/")
    page.get_by_role("link", name=base.name).click()
    page.wait_for_url(f"**/bases/revocations/{case.pk}/")
    page.get_by_label("取消备案日期").fill("2026-01-10")
    page.get_by_label("文号").fill("十二号")
    page.get_by_test_id("revoke-form").get_by_role("button", name="取消基地备案").click()
    expect(page.get_by_test_id("revoke-errors")).to_contain_text("请按“机关代字〔年份〕序号号”填写文号")
    page.get_by_label("文号").fill("内人社发〔2026〕12号")
    page.get_by_test_id("revoke-form").get_by_role("button", name="取消基地备案").click()
    expect(page.get_by_test_id("state")).to_have_text("已取消备案")
    expect(page.get_by_test_id("document-number")).to_have_text("内人社发〔2026〕12号")
    shot(page, "revoked")

    base.refresh_from_db()
    assert base.state == BaseState.REVOKED
    page.context.clear_cookies()
    response = page.goto(f"/public/bases/{base.pk}/")
    assert response.status == 404

    login(page, "unit_admin")
    page.get_by_role("link", name="设立批次").click()
    page.get_by_role("link", name=round_.name).click()
    page.get_by_role("link", name="申报", exact=True).click()
    page.get_by_role("button", name="创建申请草稿").click()
    expect(page.locator("body")).to_contain_text("不符合第二十四条")
    shot(page, "reapplication-refused")
    assert not BaseApplication.objects.filter(unit=base.unit).exclude(pk=base.application_id).exists()
