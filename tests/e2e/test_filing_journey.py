"""One application from the region's desk to a filed base in the public directory, in Chromium (Art. 11(3)).

Accounts, the registry, the round and the application's way to the region (submitted, reviewed, recommended
and forwarded by the 呼和浩特市 bureau) are made with factories and services; everything after that goes
through the web pages: the region administrator forms a blind panel (the expert employed by the applicant
is excluded for the conflict of interest), two experts score, the region passes the application and
publishes the notice, an anonymous visitor objects, the region dismisses the objection and files, and the
base appears in the public directory.
"""

import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment import services
from postdoc_base.establishment.enums import ApplicationState, ObjectionState
from postdoc_base.establishment.models import BaseApplication, Objection, PublicNotice
from postdoc_base.establishment.workflow import application_workflow
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.policy.establishment import filing_number as expected_filing_number
from postdoc_base.review.enums import AssignmentState
from postdoc_base.review.models import Assignment, Exclusion
from tests.factories import (
    RoundFactory,
    StationFactory,
    UnitFactory,
    bureau,
    ready_application,
    user_with_role,
)
from tests.factories.review import expert_with_account

# Transactional so the live server thread sees the committed rows, like test_application_journey.py; the
# seeded reference data that the flush removes (bureaus, parameters, the holiday calendar) is put back by
# ``_reference_data`` in tests/conftest.py. Not serialized_rollback: after another transactional test's
# flush has recreated the content types, reloading the serialized ones fails on their unique constraint.
pytestmark = pytest.mark.django_db(transaction=True)

UNIT_NAME = "中国测试能源集团内蒙古分公司"
UNIVERSITY = "内蒙古大学"
ROUND_NAME = "2026年度设立批次"
PANEL_NAME = "2026年度基地设立论证评议专家组"
NOTICE_TITLE = "2026年度拟备案博士后创新实践基地名单公示"
OBJECTION_TEXT = "该单位研发场地面积与申报材料不符，请核实。"


def cn_date(day: date) -> str:
    """Django's zh-hans DATE_FORMAT."""
    return f"{day.year}年{day.month}月{day.day}日"


def alert(page, text: str):
    return page.get_by_role("alert").filter(has_text=text)


def action_form(page, action: str):
    return page.locator(f'[data-testid="action-panel"] form[data-action="{action}"]')


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """A transactional test's flush recreates content types under new ids; drop the stale cache."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def at_region():
    """An application forwarded to the region through the bureau's services, and the people of Art. 11(3)."""
    hohhot = bureau("呼和浩特市")
    unit = UnitFactory(name=UNIT_NAME, bureau=hohhot)
    round_ = RoundFactory(name=ROUND_NAME)
    unit_admin = user_with_role(Role.UNIT_ADMIN, unit, username="unit_admin", display_name="单位管理员")
    officer = user_with_role(
        Role.BUREAU_OFFICER, hohhot, username="hohhot_officer", display_name="呼和浩特人社局"
    )
    user_with_role(Role.REGION_ADMIN, username="region_admin", display_name="自治区人社厅")

    app = ready_application(round=round_, unit=unit, station=StationFactory(university=UNIVERSITY))
    application_workflow.apply(app, "submit", actor=unit_admin)
    app = BaseApplication.objects.get(pk=app.pk)
    services.preliminary_review_save(
        actor=officer, app=app, condition_checks={k: True for k in "12345"}, condition_comments={},
        inspection="实地考察研发中心和中试平台，条件属实。", inspected_on=timezone.localdate() - timedelta(days=3),
        recommendation="同意推荐设立博士后创新实践基地。",
    )  # fmt: skip
    application_workflow.apply(app, "bureau_recommend", actor=officer)
    services.recommendation_rank_set(actor=officer, round_=round_, bureau_id=hohhot.pk, ranks={app.pk: 1})
    services.bureau_batch_submit(actor=officer, round_=round_, bureau_id=hohhot.pk, comment="推荐1家。")
    app = BaseApplication.objects.get(pk=app.pk)
    assert app.state == ApplicationState.AT_REGION

    experts = {
        "王敏": expert_with_account("王敏", "内蒙古农业大学", username="wangmin"),
        "李强": expert_with_account("李强", "内蒙古师范大学", username="liqiang"),
        # Works at the applicant: excluded for the conflict of interest (Art. 11(3)).
        "张伟": expert_with_account("张伟", UNIT_NAME, username="zhangwei"),
    }
    return {"app": app, "round": round_, "experts": experts}


def test_recommended_application_to_filed_base_in_public_directory(page, login, shot, at_region):
    app, round_ = at_region["app"], at_region["round"]
    app_label = str(app)
    due_on = timezone.localdate() + timedelta(days=10)

    # --- 1. the region administrator forms a blind panel and assigns the application -------------------
    login(page, "region_admin")
    page.get_by_role("link", name="专家评审").click()
    expect(page.get_by_role("heading", name="评审专家组")).to_be_visible()
    page.get_by_role("link", name="组建专家组").click()
    expect(page.get_by_role("heading", name=re.compile("组建专家组"))).to_be_visible()
    page.get_by_label("专家组名称").fill(PANEL_NAME)
    page.get_by_label("批次").select_option(label=ROUND_NAME)
    page.get_by_label("评分截止日期").fill(due_on.isoformat())
    page.get_by_label("匿名评审").check()
    page.get_by_label("新评分标准名称").fill("2026年度基地设立评分标准")
    rubric = [("研发条件", "研发机构、场地和设备", "3", "100"), ("招收计划", "计划明确可行", "1", "10")]
    for i, (label, guidance, weight, max_score) in enumerate(rubric, start=1):
        page.fill(f"input[name=item_{i}_label]", label)
        page.fill(f"input[name=item_{i}_guidance]", guidance)
        page.fill(f"input[name=item_{i}_weight]", weight)
        page.fill(f"input[name=item_{i}_max]", max_score)
    page.get_by_role("button", name="创建专家组").click()
    expect(alert(page, f"已创建专家组“{PANEL_NAME}”，请添加专家。")).to_be_visible()
    expect(page.get_by_role("heading", name=PANEL_NAME)).to_contain_text("匿名评审")
    panel_url = page.url

    for name, employer in (("王敏", "内蒙古农业大学"), ("李强", "内蒙古师范大学"), ("张伟", UNIT_NAME)):
        members = page.get_by_test_id("members")
        members.get_by_label("专家", exact=True).select_option(label=f"{name} · {employer} · 材料科学")
        members.get_by_role("button", name="添加专家").click()
        expect(page.get_by_test_id("members").locator("li", has_text=name)).to_have_count(1)
    expect(page.get_by_test_id("members").locator("li")).to_have_text(
        [
            "专家A · 王敏 · 内蒙古农业大学",
            "专家B · 李强 · 内蒙古师范大学",
            f"专家C · 张伟 · {UNIT_NAME}",
        ]
    )

    assign = page.get_by_test_id("assign")
    expect(assign.get_by_label(re.compile(re.escape(UNIT_NAME)))).to_be_checked()
    assign.get_by_role("button", name="分配给全体专家").click()
    expect(alert(page, "已分配2项评审任务，1人次因利益冲突回避。")).to_be_visible()
    expect(
        alert(page, f"{app_label}：张伟回避，原因：专家工作单位为被评审单位（{UNIT_NAME}）")
    ).to_be_visible()
    exclusion_row = page.get_by_test_id("exclusions").locator("tbody tr")
    expect(exclusion_row).to_have_count(1)
    expect(exclusion_row).to_contain_text("张伟（专家C）")
    expect(exclusion_row).to_contain_text("专家工作单位为被评审单位")
    subject = page.get_by_test_id("subjects").locator(f'[data-subject="{app.pk}"]')
    expect(subject.locator("tbody tr td:first-child")).to_have_text(["王敏（专家A）", "李强（专家B）"])
    expect(subject).to_contain_text("专家论证评议中")
    shot(page, "panel-assigned-conflict-excluded")

    # --- 2. the two eligible experts score from their to-do lists -------------------------------------
    scores = {"wangmin": ("90", "8", "研发条件扎实，招收计划可行。"), "liqiang": ("80", "8", "同意设立。")}
    for n, (username, (research, plan, comment)) in enumerate(scores.items()):
        login(page, username)
        todo = page.get_by_test_id("todo-row").filter(has_text="专家评分")
        expect(todo).to_have_count(1)
        expect(todo).to_contain_text(UNIT_NAME)
        expect(todo.locator("td").nth(3)).to_have_text(f"截止 {cn_date(due_on)}")  # 截止: a deadline
        todo.get_by_role("link").click()
        expect(page.get_by_role("heading", name=re.compile("专家评分"))).to_contain_text(UNIT_NAME)
        scoring = page.get_by_test_id("scoring")
        scoring.get_by_label("研发条件").fill(research)
        scoring.get_by_label("招收计划").fill(plan)
        scoring.get_by_label("评审意见").fill(comment)
        scoring.get_by_role("button", name="保存并提交").click()
        expect(alert(page, "评分已提交。")).to_be_visible()
        # (3*research/100 + 1*plan/10) / 4, on a 100-point scale.
        expected = (Decimal(3) * Decimal(research) / 100 + Decimal(plan) / 10) / 4 * 100
        expect(page.get_by_test_id("total")).to_have_text(re.compile(rf"^{expected:.2f}"))
        expect(page.get_by_test_id("peers")).to_contain_text("独立评分阶段，其他专家的评分暂不可见。")
        if n == 0:
            shot(page, "expert-scored")
        # Blind: no expert's name on the scoring page.
        expect(page.locator("main")).not_to_contain_text("张伟")

    # --- 3. the region sees mean and median, passes the application and publishes the notice -----------
    login(page, "region_admin")
    page.goto(panel_url)
    subject = page.get_by_test_id("subjects").locator(f'[data-subject="{app.pk}"]')
    # totals 87.50 and 80.00 (see the formula above)
    aggregate = subject.get_by_test_id("aggregate")
    expect(aggregate).to_contain_text("平均分 83.75")
    expect(aggregate).to_contain_text("中位数 83.75")
    expect(subject.get_by_test_id("disagreement")).to_have_count(0)
    shot(page, "panel-mean-median")

    subject.get_by_role("link", name=app_label).click()
    page.wait_for_url(f"**/applications/{app.pk}/")
    expect(page.locator("h1 [data-state]")).to_have_text("专家论证评议中")
    expect(page.get_by_test_id("review-summary").get_by_test_id("aggregate")).to_contain_text("83.75")
    passing = action_form(page, "review_pass")
    passing.get_by_label("意见或理由").fill("专家论证评议通过，同意列入公示。")
    passing.get_by_role("button", name="论证评议通过").click()
    expect(alert(page, "“论证评议通过”已办理，当前状态：论证通过待公示。")).to_be_visible()
    expect(page.locator("h1 [data-state]")).to_have_text("论证通过待公示")

    page.get_by_role("link", name=ROUND_NAME).first.click()
    expect(page.get_by_role("heading", name=ROUND_NAME)).to_be_visible()
    page.get_by_role("link", name="发布公示").click()
    expect(page.get_by_test_id("passed-list")).to_contain_text(UNIT_NAME)
    form = page.get_by_test_id("notice-form")
    form.get_by_label("公示标题").fill(NOTICE_TITLE)
    form.get_by_label("受理异议联系方式").fill("0471-6960000")
    expect(form.get_by_label("公示期（工作日）")).to_have_value("5")
    expect(form.get_by_label("发布日期")).to_have_value(timezone.localdate().isoformat())
    form.get_by_role("button", name="发布公示").click()
    expect(alert(page, "公示已发布，截止日期：")).to_be_visible()
    notice = PublicNotice.objects.get(round=round_)
    assert notice.title == NOTICE_TITLE and notice.working_days == 5
    shot(page, "notice-published")

    # --- 4. an anonymous visitor objects ------------------------------------------------------------------
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="公示", exact=True).click()
    notice_link = page.get_by_test_id("notice-list").locator(f'[data-notice="{notice.pk}"]')
    expect(notice_link).to_contain_text("公示中")
    notice_link.click()
    expect(page.get_by_role("heading", name=NOTICE_TITLE)).to_be_visible()
    expect(page.get_by_test_id("notice-items")).to_contain_text(UNIT_NAME)
    objection_form = page.get_by_test_id("objection-form")
    objection_form.get_by_label("异议对象").select_option(label=UNIT_NAME)
    objection_form.get_by_label("真实姓名").fill("张三")
    objection_form.get_by_label("联系方式").fill("13812345678")
    objection_form.get_by_label("异议内容").fill(OBJECTION_TEXT)
    objection_form.get_by_role("button", name="提交异议").click()
    expect(alert(page, "您的异议已提交，自治区人力资源和社会保障厅将依法调查处理。")).to_be_visible()
    expect(page.get_by_test_id("whoami")).to_have_count(0)
    shot(page, "anonymous-objection-submitted")
    objection = Objection.objects.get()
    assert objection.state == ObjectionState.PENDING and objection.name == "张三"

    # --- 5. the region dismisses the objection and files -------------------------------------------------
    login(page, "region_admin")
    page.get_by_role("link", name="公示与异议").click()
    page.get_by_role("link", name="异议处理").click()
    objection_row = page.locator(f'tr[data-objection="{objection.pk}"]')
    expect(objection_row).to_contain_text("待处理")
    objection_row.get_by_role("link", name=UNIT_NAME).click()
    page.wait_for_url(f"**/objections/{objection.pk}/")
    details = page.get_by_test_id("objection")
    expect(details).to_contain_text(OBJECTION_TEXT)
    expect(page.get_by_test_id("objector-name")).to_have_text("张三")
    dismiss = action_form(page, "dismiss")
    dismiss.get_by_label(re.compile("意见或理由")).fill(
        "经实地核查，研发场地面积与申报材料一致，异议不成立。"
    )
    dismiss.get_by_role("button", name="异议不成立").click()
    expect(alert(page, "“异议不成立”已办理")).to_be_visible()
    expect(details.locator("dd").first).to_have_text("异议不成立")
    expect(details).to_contain_text("经实地核查，研发场地面积与申报材料一致，异议不成立。")
    shot(page, "objection-dismissed")

    # Filing needs the notice period to have ended (Art. 11(3)); the test cannot wait five working days, so
    # the notice window is moved into the past with the ORM here, between the browser steps.
    today = timezone.localdate()
    PublicNotice.objects.filter(pk=notice.pk).update(
        published_on=today - timedelta(days=14), ends_on=today - timedelta(days=7)
    )

    page.goto(f"/rounds/{round_.pk}/")
    page.get_by_role("link", name="备案", exact=True).click()
    preview_row = page.get_by_test_id("filing-preview").locator(f'tr[data-application="{app.pk}"]')
    expect(preview_row).to_contain_text("可以备案")
    expect(preview_row.get_by_role("checkbox")).to_be_checked()
    shot(page, "filing-preview")
    page.get_by_role("button", name="备案所选申请").click()
    expect(alert(page, "已备案1份，未备案0份。")).to_be_visible()
    result_row = page.get_by_test_id("filing-results").locator(f'tr[data-application="{app.pk}"]')
    expect(result_row).to_have_attribute("data-ok", "1")
    expect(result_row).to_contain_text("已备案")
    filing_number = result_row.locator("td").nth(2).inner_text().strip()
    # The first filing of the year, e.g. 蒙博基备〔2026〕001号.
    assert filing_number == expected_filing_number(timezone.localdate().year, 1)
    shot(page, "filing-results")

    page.get_by_role("link", name="返回备案页面").click()
    expect(page.get_by_test_id("filed-bases")).to_contain_text(filing_number)
    page.get_by_test_id("issue-filing_notice").click()
    number = page.get_by_test_id("document-number").first.inner_text().strip()
    assert number.startswith(f"内人社发〔{round_.year}〕")
    with page.expect_download() as download_info:
        page.get_by_test_id("download-docx").first.click()
    download = download_info.value
    assert download.suggested_filename == (
        f"{number}关于公布{round_.year}年度内蒙古自治区博士后创新实践基地备案名单的通知.docx"
    )
    with open(download.path(), "rb") as docx:
        assert docx.read(2) == b"PK"
    shot(page, "filing-page-with-docx")

    # --- 6. the public directory lists the new base ------------------------------------------------------
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name="基地名录").click()
    base_card = page.get_by_test_id("base-list").locator("[data-base]").filter(has_text=UNIT_NAME)
    expect(base_card).to_have_count(1)
    expect(base_card).to_contain_text(f"{UNIT_NAME}博士后创新实践基地")
    expect(base_card).to_contain_text(filing_number)
    shot(page, "public-directory")

    # --- 7. what the database holds ----------------------------------------------------------------------
    app.refresh_from_db()
    assert app.state == ApplicationState.FILED == "filed"
    base = PracticeBase.objects.get(application=app)
    assert base.filing_number == filing_number
    assert base.name == f"{UNIT_NAME}博士后创新实践基地"
    objection.refresh_from_db()
    assert objection.state == ObjectionState.DISMISSED == "dismissed"
    assert list(
        Assignment.objects.order_by("member__alias").values_list("member__alias", "state", "total")
    ) == [
        ("专家A", AssignmentState.SUBMITTED, Decimal("87.50")),
        ("专家B", AssignmentState.SUBMITTED, Decimal("80.00")),
    ]
    assert list(Exclusion.objects.values_list("expert__name", "cause", "organisation")) == [
        ("张伟", "employer_is_subject", UNIT_NAME)
    ]
    assert verify_chain() == []
