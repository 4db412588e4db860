"""Issue 12 in the browser: a bureau officer's review of an application is two days past the round's review
deadline; the night's reminder rule tells the officer; the officer reads it in 消息, opens 期限监控, narrows it to
the overdue items, opens the application from there and returns it to the unit with reasons; the item leaves the
board and the to-do list, and the unit now owes the revision."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from postdoc_base.accounts.enums import Role
from postdoc_base.deadlines.reminders.rules import reminder_sweep
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.models import Round
from postdoc_base.establishment.workflow import application_workflow
from postdoc_base.kernel.models import Obligation, ObligationStatus
from tests.factories import RoundFactory, UnitFactory, bureau, ready_application, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

UNIT_NAME = "呼和浩特乳业科技有限公司"


def test_a_bureau_officer_is_reminded_opens_the_overdue_board_and_clears_the_item(page, login, shot):
    today = timezone.localdate()
    hohhot = bureau("呼和浩特市")
    unit = UnitFactory(name=UNIT_NAME, bureau=hohhot, affiliation="local")
    admin = user_with_role(Role.UNIT_ADMIN, unit, username="unit_admin", display_name="乳业管理员")
    user_with_role(Role.BUREAU_OFFICER, hohhot, username="hohhot_officer", display_name="呼和浩特市人社局")
    other = user_with_role(Role.BUREAU_OFFICER, bureau("包头市"), username="baotou_officer")
    app = ready_application(unit=unit, round=RoundFactory(name="2026年度设立批次"))
    app = application_workflow.apply(app, "submit", actor=admin)
    assert app.state == ApplicationState.BUREAU_REVIEW
    # The round's review deadline has passed two days ago: the bureau's recommendation is overdue.
    Round.objects.filter(pk=app.round_id).update(
        application_deadline=today - timedelta(days=20), review_deadline=today - timedelta(days=2)
    )
    app.round.refresh_from_db()
    application_workflow.sync_obligations(app, app.state)
    item = Obligation.objects.get(kind="bureau_recommendation", subject_id=str(app.pk))
    assert item.due_on == today - timedelta(days=2)
    [sent] = reminder_sweep(today)
    assert (sent.obligation_id, sent.stage) == (item.pk, "before:1")  # the day-before reminder, caught up
    assert not other.notifications.exists()

    login(page, "hohhot_officer")
    page.get_by_role("link", name="消息").click()
    notice = page.get_by_test_id("notification").first
    expect(notice).to_contain_text("逾期提醒：盟市初审、考察并报送推荐意见")
    expect(notice).to_contain_text("已逾期2天，请尽快办理")
    shot(page, "reminder-in-inbox")

    page.get_by_role("link", name="期限监控").first.click()
    page.wait_for_url("**/deadlines/")
    page.get_by_label("期限", exact=True).select_option("overdue")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/deadlines/?*window=overdue*")
    row = page.locator(f'[data-obligation="{item.pk}"]')
    expect(row).to_contain_text("盟市初审、考察并报送推荐意见")
    expect(row.get_by_test_id("countdown")).to_have_text("已逾期2天")
    shot(page, "overdue-board")

    row.get_by_role("link", name=item.subject_label).click()
    page.wait_for_url(f"**{app.get_absolute_url()}")
    form = page.locator('[data-testid="action-panel"] form[data-action="bureau_return"]')
    form.locator("textarea").fill("请补充研发场地证明。")
    form.get_by_role("button", name="退回修改").click()
    expect(page.locator("h1 [data-state]")).to_have_text("退回修改")

    page.get_by_role("link", name="期限监控").first.click()
    page.get_by_label("期限", exact=True).select_option("overdue")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url("**/deadlines/?*window=overdue*")
    expect(page.locator(f'[data-obligation="{item.pk}"]')).to_have_count(0)
    shot(page, "board-cleared")

    item.refresh_from_db()
    assert (item.status, item.met_late) == (ObligationStatus.MET, True)
    assert (
        Obligation.objects.get(
            kind="application_revise", subject_id=str(app.pk), status=ObligationStatus.OPEN
        ).scope_id
        == unit.pk
    )
