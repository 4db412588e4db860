"""An evaluation in the browser from campaign to rectification (issue 11; Arts. 5, 6, 25): the region opens a
campaign from 基地监管 → 评估批次, which covers the base filed 3 years before the reference date and not the one
filed a year before; the base's unit administrator fills the self-evaluation with low scores and submits it; the
base's bureau officer forwards it with a comment (Art. 6); the region grades it 不合格 with a rectification
deadline; the base reports its rectification and submits it; the region passes the re-check, the evaluation ends
整改合格 and the base file shows it in its evaluation section."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from postdoc_base.accounts.enums import Role
from postdoc_base.oversight.evaluations.enums import EvaluationState, ScoreSource
from postdoc_base.oversight.evaluations.models import Evaluation, EvaluationScore
from postdoc_base.policy.oversight.evaluation import DEFAULT_INDICATORS, EvaluationGrade
from tests.factories import user_with_role
from tests.factories.tenure import make_base

pytestmark = pytest.mark.django_db(transaction=True)

CAMPAIGN = "2026年度基地评估"


def _open_menu(page, entry: str) -> None:
    page.get_by_role("button", name="基地监管").click()
    page.get_by_role("link", name=entry, exact=True).click()


def _open_evaluation(page, base_name: str) -> None:
    """From 基地监管 → 基地评估与整改 to the base's evaluation."""
    _open_menu(page, "基地评估与整改")
    page.wait_for_url("**/bases/evaluations/")
    page.get_by_test_id("evaluation-list").get_by_role("link", name=base_name).click()
    page.wait_for_url("**/bases/evaluations/*/")


def test_an_evaluation_runs_from_campaign_to_rectification(page, login, shot):
    today = timezone.localdate()
    base = make_base("草原乳业", "呼和浩特市", filed_on=date(today.year - 3, 3, 15))
    young = make_base("稀土新材料", "呼和浩特市", filed_on=today - timedelta(days=365))
    user_with_role(Role.REGION_ADMIN, username="region_admin", display_name="自治区人社厅")
    user_with_role(
        Role.BUREAU_OFFICER, base.unit.bureau, username="hohhot_officer", display_name="呼和浩特市人社局"
    )
    user_with_role(Role.UNIT_ADMIN, base.unit, username="unit_admin", display_name="草原乳业管理员")

    # 1. The region opens the campaign (Art. 5) with the default indicators and thresholds.
    login(page, "region_admin")
    _open_menu(page, "评估批次")
    page.wait_for_url("**/bases/evaluations/campaigns/")
    expect(page.get_by_test_id("campaign-list")).to_contain_text("暂无评估批次。")
    page.get_by_test_id("open-campaign").click()
    page.wait_for_url("**/bases/evaluations/campaigns/new/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("开展基地评估")
    expect(page.get_by_label("评估指标1", exact=True)).to_have_value(DEFAULT_INDICATORS[0].label)
    expect(page.get_by_label("备案满年数")).to_have_value("2")
    page.get_by_label("评估批次名称").fill(CAMPAIGN)
    page.get_by_label("评估年度").fill(str(today.year))
    page.get_by_label("评估基准日").fill(today.isoformat())
    page.get_by_label("自评截止日期").fill((today + timedelta(days=30)).isoformat())
    page.get_by_label("盟市审核截止日期").fill((today + timedelta(days=60)).isoformat())
    page.get_by_label("自治区评定截止日期").fill((today + timedelta(days=90)).isoformat())
    shot(page, "campaign-form")
    page.get_by_role("button", name="提交").click()
    page.wait_for_url("**/bases/evaluations/campaigns/*/")
    expect(page.locator("body")).to_contain_text("已开展评估，已为1个基地开启自评。")
    expect(page.get_by_role("heading", level=1)).to_contain_text(CAMPAIGN)
    expect(page.get_by_test_id("indicators")).to_contain_text("管理与制度建设")
    rows = page.get_by_test_id("evaluation-list")
    expect(rows).to_contain_text(base.name)
    expect(rows).to_contain_text("待基地自评")
    expect(rows).not_to_contain_text(young.name)
    shot(page, "campaign-opened")
    evaluation = Evaluation.objects.get(campaign__name=CAMPAIGN)
    assert evaluation.base_id == base.pk

    # 2. The base sees why it cannot submit yet (no scores), then saves
    #    a score for every indicator and the statement, and submits (Art. 25).
    login(page, "unit_admin")
    _open_evaluation(page, base.name)
    expect(page.get_by_test_id("state")).to_have_text("待基地自评")
    expect(page.locator('[data-action="submit"][data-refused="1"]')).to_contain_text(
        "还有5项评估指标未自评打分。"
    )
    fill = page.get_by_test_id("fill-form")
    for indicator in DEFAULT_INDICATORS:
        fill.get_by_label(f"{indicator.label}（权重{indicator.weight}）自评分").fill("40")
    fill.get_by_label("自评报告").fill("管理制度尚不健全，招收博士后人数偏少，科研项目和成果转化不足。")
    fill.get_by_role("button", name="保存自评").click()
    expect(page.locator("body")).to_contain_text("已保存自评。")
    expect(page.get_by_test_id("scores")).to_contain_text("管理与制度建设")
    expect(page.get_by_test_id("scores").get_by_role("cell", name="40.00", exact=True)).to_have_count(5)
    page.locator('form[data-action="submit"]').get_by_role("button", name="提交自评").click()
    expect(page.get_by_test_id("state")).to_have_text("待盟市审核")
    expect(page.get_by_test_id("fill-form")).to_have_count(0)
    shot(page, "self-evaluation-submitted")

    # 3. The base's bureau forwards it to the region with its opinion (Art. 6).
    login(page, "hohhot_officer")
    _open_evaluation(page, base.name)
    expect(page.get_by_test_id("state")).to_have_text("待盟市审核")
    check = page.get_by_test_id("check-form")
    check.get_by_label("审核通过并报自治区").check()
    check.get_by_label("审核意见").fill("经审核，自评材料属实，同意报自治区评定。")
    check.get_by_role("button", name="提交审核意见").click()
    expect(page.locator("body")).to_contain_text("已办理审核。")
    expect(page.get_by_test_id("state")).to_have_text("待自治区评定")
    expect(page.get_by_test_id("check-comment")).to_contain_text("经审核，自评材料属实，同意报自治区评定。")
    shot(page, "forwarded")

    # 4. The region grades it 不合格 from the self-scores and sets the rectification deadline (Art. 5).
    due = today + timedelta(days=60)
    login(page, "region_admin")
    _open_evaluation(page, base.name)
    expect(page.get_by_test_id("grade-preview")).to_have_text("按当前评分，综合得分40.00，等次为“不合格”。")
    grade = page.get_by_test_id("grade-form")
    grade.get_by_label("整改期限").fill(due.isoformat())
    grade.get_by_label("评定意见").fill("综合得分低于合格分数线，限期整改。")
    grade.get_by_role("button", name="评定").click()
    expect(page.locator("body")).to_contain_text("已评定：不合格。")
    expect(page.get_by_test_id("state")).to_have_text("整改中")
    expect(page.get_by_test_id("grade")).to_contain_text("不合格")
    expect(page.locator("body")).to_contain_text(f"{due.year}年{due.month}月{due.day}日")
    shot(page, "graded-unqualified")

    # 5. The base reports its rectification and submits it (Art. 25).
    login(page, "unit_admin")
    _open_evaluation(page, base.name)
    expect(page.get_by_test_id("state")).to_have_text("整改中")
    rectification = page.get_by_test_id("rectification-form")
    rectification.get_by_label("整改情况").fill("已修订管理制度，新招收博士后2名，新立项科研项目3项。")
    rectification.get_by_role("button", name="保存整改情况").click()
    expect(page.locator("body")).to_contain_text("已保存整改情况，请提交整改报告。")
    page.locator('form[data-action="submit_rectification"]').get_by_role(
        "button", name="提交整改报告"
    ).click()
    expect(page.get_by_test_id("state")).to_have_text("整改待复核")
    shot(page, "rectification-submitted")

    # 6. The region passes the re-check: the evaluation ends 整改合格.
    login(page, "region_admin")
    _open_evaluation(page, base.name)
    expect(page.get_by_test_id("state")).to_have_text("整改待复核")
    recheck = page.locator('form[data-action="pass_recheck"]')
    recheck.get_by_label("意见或理由").fill("整改措施落实到位，复核通过。")
    recheck.get_by_role("button", name="整改复核通过").click()
    expect(page.get_by_test_id("state")).to_have_text("整改合格")
    expect(page.get_by_test_id("final-grade")).to_have_text("合格")
    expect(page.get_by_test_id("timeline")).to_contain_text("整改措施落实到位，复核通过。")
    shot(page, "rectified")

    # The base file lists the evaluation in its Arts. 5, 6 section.
    page.goto(f"/bases/{base.pk}/file/")
    section = page.locator('[data-section="evaluation"]')
    expect(section.get_by_role("heading", level=2)).to_contain_text("评估（第五条、第六条）")
    row = section.locator(f'tr[data-evaluation="{evaluation.pk}"]')
    expect(row).to_contain_text(CAMPAIGN)
    expect(row).to_contain_text("整改合格")
    expect(row).to_contain_text("不合格")
    expect(row.locator("td").last).to_have_text("合格")
    shot(page, "base-file")

    evaluation.refresh_from_db()
    assert evaluation.state == EvaluationState.RECTIFIED
    assert (evaluation.grade, evaluation.final_grade) == (
        EvaluationGrade.UNQUALIFIED,
        EvaluationGrade.QUALIFIED,
    )
    assert (evaluation.score, evaluation.score_source) == (40, ScoreSource.SELF)
    assert evaluation.rectification_due_on == due
    assert evaluation.check_comment == "经审核，自评材料属实，同意报自治区评定。"
    assert evaluation.rectification_report.startswith("已修订管理制度")
    assert evaluation.closed_on == today
    assert EvaluationScore.objects.filter(evaluation=evaluation, self_score=40).count() == 5
    assert not Evaluation.objects.filter(base=young).exists()
