"""One establishment application from draft to the bureau's recommendation at the region, in Chromium.

Accounts, the registry and the round are made with factories; everything the three people do after that
goes through the web pages: the unit administrator fills in and submits the application (Art. 9, 11(1)),
the competent department consents (Art. 11(1)) and the 呼和浩特市 bureau reviews, recommends, ranks
and forwards it to the region (Art. 11(2)).
"""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.models import BaseApplication
from postdoc_base.kernel.audit import subject_key, verify_chain
from postdoc_base.kernel.models import AuditEvent
from tests.factories import (
    PDF_BYTES,
    ApplicationFactory,
    DepartmentFactory,
    RoundFactory,
    StationFactory,
    UnitFactory,
    bureau,
    user_with_role,
)

# Transactional so the live server thread sees the committed rows; the seeded bureaus that the flush
# removes are put back by ``_reference_data`` in tests/conftest.py.
pytestmark = pytest.mark.django_db(transaction=True)

UNIT_NAME = "中国测试能源集团内蒙古分公司"
RESEARCHER = "巴特尔·朝鲁"


def state_badge(page):
    return page.locator("h1 [data-state]")


def expect_state(page, label: str) -> None:
    expect(state_badge(page)).to_have_text(label)


def action_form(page, action: str):
    return page.locator(f'[data-testid="action-panel"] form[data-action="{action}"]')


@pytest.fixture
def registry():
    hohhot = bureau("呼和浩特市")
    dept = DepartmentFactory(name="自治区能源局")
    unit = UnitFactory(name=UNIT_NAME, bureau=hohhot, affiliation="central", department=dept)
    station = StationFactory(university="内蒙古大学", discipline="化学")
    round_ = RoundFactory(name="2026年度设立批次")
    return {
        "unit": unit,
        "station": station,
        "round": round_,
        "unit_admin": user_with_role(Role.UNIT_ADMIN, unit, username="unit_admin", display_name="单位管理员"),
        "dept_officer": user_with_role(
            Role.DEPT_OFFICER, dept, username="dept_officer", display_name="能源局"
        ),
        "bureau_officer": user_with_role(
            Role.BUREAU_OFFICER, hohhot, username="hohhot_officer", display_name="呼和浩特人社局"
        ),
    }


def test_central_unit_application_from_draft_to_bureau_recommendation(page, login, shot, registry, tmp_path):
    round_ = registry["round"]

    # --- 1. the unit administrator drafts, completes and submits ------------------------------------
    login(page, "unit_admin")
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()
    shot(page, "unit-home")

    page.get_by_role("link", name="设立批次").click()
    expect(page.get_by_role("heading", name="设立批次")).to_be_visible()
    page.get_by_role("link", name=round_.name).click()
    expect(page.get_by_role("heading", name=round_.name)).to_be_visible()
    shot(page, "round-detail")

    page.get_by_role("link", name="申报", exact=True).click()
    expect(page.get_by_role("heading", name="新建设立申请")).to_be_visible()
    expect(page.get_by_label("批次")).to_have_value(str(round_.pk))
    expect(page.get_by_label("申报单位")).to_have_value(str(registry["unit"].pk))
    page.get_by_role("button", name="创建申请草稿").click()
    page.wait_for_url(re.compile(r"/applications/\d+/edit/$"))
    app_pk = int(re.search(r"/applications/(\d+)/edit/", page.url).group(1))
    expect(page.get_by_role("alert")).to_have_text("已创建申请草稿，请填写申报材料。")
    expect_state(page, "草稿")
    expect(page.get_by_test_id("eligibility").locator(".badge")).to_have_text("尚有条件不符合")

    # Art. 9 (1)-(5), field by field.
    page.get_by_label("运行或经营状况良好").check()
    page.get_by_label("运行或经营状况说明").fill("经营状况良好，近三年营业收入年均增长12%。")
    page.get_by_label("专门的科学研究开发机构及条件").fill("国家认定企业技术中心，研发场地3000平方米。")
    page.get_by_label("合作博士后科研流动站").select_option(label=str(registry["station"]))
    page.get_by_label("博士后招收计划").fill("每年招收博士后1至2名，从事煤基新材料研究。")
    page.get_by_label("计划招收人数").fill("2")
    page.get_by_label("博士后工作管理办法要点").fill("已制定《博士后工作管理办法》，明确导师职责与考核。")
    page.get_by_label("科研条件").fill("中试平台、分析测试中心。")
    page.get_by_label("生活条件").fill("提供人才公寓和餐补。")
    page.get_by_label("拟提供年薪（元）").fill("150000")
    page.get_by_label("联系人", exact=True).fill("乌云")
    page.get_by_label("联系电话").fill("0471-6000000")
    researchers = page.get_by_test_id("researchers")
    researchers.locator('input[name="researchers-0-name"]').fill(RESEARCHER)
    researchers.locator('input[name="researchers-0-title"]').fill("正高级工程师")
    researchers.locator('input[name="researchers-0-field"]').fill("煤化工")
    page.get_by_test_id("projects").locator('input[name="projects-0-title"]').fill("煤基新材料关键技术研究")
    shot(page, "edit-filled")

    page.get_by_role("button", name="保存", exact=True).click()
    # htmx swaps the form and the live eligibility panel in place.
    expect(page.get_by_role("status")).to_have_text("已保存。")
    expect(researchers.locator('input[name="researchers-0-name"]')).to_have_value(RESEARCHER)
    eligibility = page.get_by_test_id("eligibility")
    expect(eligibility.locator('[data-code="art9.3.ok"]')).to_have_class(re.compile(r"\bfinding-ok\b"))
    # Only the station's intention document is still missing (Art. 9(4)).
    expect(eligibility.locator(".finding-fail")).to_have_count(1)
    expect(eligibility.locator(".finding-fail")).to_contain_text("第九条第（四）项")
    shot(page, "edit-saved-eligibility")

    pdf = tmp_path / "合作意向书.pdf"
    pdf.write_bytes(PDF_BYTES)
    page.get_by_label("材料类别").select_option(label="与流动站合作意向书")
    page.get_by_label(re.compile(r"^文件( \*)?$")).set_input_files(pdf)
    page.get_by_role("button", name="上传", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("已上传“合作意向书.pdf”。")
    expect(page.get_by_test_id("attachments")).to_contain_text("与流动站合作意向书")
    shot(page, "edit-uploaded")

    page.get_by_role("link", name="查看申请并提交").click()
    page.wait_for_url(f"**/applications/{app_pk}/")
    eligibility = page.get_by_test_id("eligibility")
    expect(eligibility.locator(".badge").first).to_have_text("符合全部申报条件")
    expect(eligibility.locator(".finding-fail")).to_have_count(0)
    for item in range(1, 6):
        expect(eligibility.locator(f'[data-code="art9.{item}.ok"]')).to_have_class(
            re.compile(r"\bfinding-ok\b")
        )
    expect(page.get_by_test_id("evidence")).to_contain_text(RESEARCHER)
    shot(page, "detail-all-conditions-met")

    action_form(page, "submit").get_by_role("button", name="提交申请").click()
    expect(page.get_by_role("alert")).to_have_text("“提交申请”已办理，当前状态：待主管部门同意。")
    expect_state(page, "待主管部门同意")
    shot(page, "submitted")

    # --- 2. the competent department consents (Art. 11(1)) -----------------------------------------
    login(page, "dept_officer")
    todo = page.get_by_test_id("todo-row").filter(has_text="主管部门审核是否同意申报")
    expect(todo).to_have_count(1)
    shot(page, "dept-home-todo")
    todo.get_by_role("link", name=UNIT_NAME).click()
    page.wait_for_url(f"**/applications/{app_pk}/")
    expect_state(page, "待主管部门同意")
    consent = action_form(page, "dept_consent")
    consent.get_by_label("意见或理由").fill("同意该单位申报博士后创新实践基地。")
    shot(page, "dept-detail")
    consent.get_by_role("button", name="主管部门同意申报").click()
    expect(page.get_by_role("alert")).to_have_text("“主管部门同意申报”已办理，当前状态：盟市初审中。")
    expect_state(page, "盟市初审中")
    shot(page, "dept-consented")

    # --- 3. the bureau reviews, recommends, ranks and forwards (Art. 11(2)) ------------------------
    login(page, "hohhot_officer")
    todo = page.get_by_test_id("todo-row").filter(has_text="盟市初审、考察并报送推荐意见")
    expect(todo).to_have_count(1)
    shot(page, "bureau-home-todo")
    todo.get_by_role("link", name=UNIT_NAME).click()
    page.wait_for_url(f"**/applications/{app_pk}/")
    expect_state(page, "盟市初审中")
    page.get_by_role("link", name="填写初审意见").click()
    expect(page.get_by_role("heading", name=re.compile("盟市初审"))).to_be_visible()
    inspected_on = timezone.localdate() - timedelta(days=1)
    for item in ("一", "二", "三", "四", "五"):
        fieldset = page.locator("fieldset").filter(has_text=f"第九条第（{item}）项")
        fieldset.get_by_role("radio", name="符合", exact=True).check()
    page.get_by_label("综合考察情况").fill("实地考察研发中心和中试平台，条件属实。")
    page.get_by_label("考察日期").fill(inspected_on.isoformat())
    page.get_by_label("推荐意见").fill("同意推荐设立博士后创新实践基地。")
    shot(page, "bureau-preliminary-review")
    page.get_by_role("button", name="保存初审意见").click()
    page.wait_for_url(f"**/applications/{app_pk}/")
    expect(page.get_by_role("alert")).to_contain_text("已保存初审意见。")
    review = page.get_by_test_id("preliminary-review")
    expect(review.locator(".finding-ok")).to_have_count(5)
    expect(review).to_contain_text("实地考察研发中心和中试平台，条件属实。")

    action_form(page, "bureau_recommend").get_by_role("button", name="同意推荐").click()
    expect(page.get_by_role("alert")).to_have_text("“同意推荐”已办理，当前状态：盟市拟推荐。")
    expect_state(page, "盟市拟推荐")
    shot(page, "bureau-recommended")

    page.get_by_role("link", name=round_.name).click()
    page.get_by_role("link", name="本盟市推荐排序与报送").click()
    page.wait_for_url(re.compile(rf"/rounds/{round_.pk}/bureau-batch/"))
    batch_row = page.get_by_test_id("batch").locator(f'tr[data-application="{app_pk}"]')
    expect(batch_row.locator("[data-state]")).to_have_text("盟市拟推荐")
    batch_row.get_by_label("推荐排序").fill("1")
    page.get_by_role("button", name="保存排序").click()
    expect(page.get_by_role("alert")).to_have_text("已保存推荐排序。")
    expect(batch_row.get_by_label("推荐排序")).to_have_value("1")
    page.get_by_label("报送说明").fill("呼和浩特市2026年度推荐1家。")
    shot(page, "bureau-batch-ranked")
    page.get_by_role("button", name="报送自治区").click()
    expect(page.get_by_role("alert")).to_have_text("已将1份推荐申请报送自治区。")
    # Forwarded applications leave the bureau's batch and show up as 已报自治区 in the list.
    expect(page.get_by_test_id("batch")).to_contain_text("本批次没有等待本盟市推荐的申请。")
    shot(page, "bureau-batch-forwarded")

    page.get_by_role("link", name="设立申请", exact=True).click()
    list_row = page.locator(f'tr[data-application="{app_pk}"]')
    expect(list_row.locator("[data-state]")).to_have_text("已报自治区")
    list_row.get_by_role("link", name=UNIT_NAME).click()
    page.wait_for_url(f"**/applications/{app_pk}/")
    expect_state(page, "已报自治区")
    timeline = page.get_by_test_id("timeline")
    expect(timeline.locator("li > div:nth-child(2)")).to_have_text(
        [
            "创建 （草稿）",
            "修改",
            "上传附件",
            "提交申请 （草稿 → 待主管部门同意）",
            "主管部门同意申报 （待主管部门同意 → 盟市初审中）",
            "保存初审意见",
            "同意推荐 （盟市初审中 → 盟市拟推荐）",
            "设置推荐排序",
            "报送自治区 （盟市拟推荐 → 已报自治区）",
        ]
    )
    expect(timeline).to_contain_text("同意该单位申报博士后创新实践基地。")
    expect(timeline).to_contain_text("呼和浩特市2026年度推荐1家。")
    shot(page, "detail-at-region")

    # --- 4. what the database holds --------------------------------------------------------------------
    app = BaseApplication.objects.get(pk=app_pk)
    assert app.state == ApplicationState.AT_REGION == "at_region"
    assert app.affiliation == "central"
    assert app.submitted_at is not None and app.forwarded_at is not None
    assert app.preliminary_review.rank == 1
    assert app.preliminary_review.inspected_on == inspected_on
    assert list(app.researchers.values_list("name", flat=True)) == [RESEARCHER]
    assert list(app.projects.values_list("title", flat=True)) == ["煤基新材料关键技术研究"]
    assert list(app.attachments.values_list("kind", "original_name")) == [("intention", "合作意向书.pdf")]
    subject_type, subject_id = subject_key(app)
    transitions = list(
        AuditEvent.objects.filter(subject_type=subject_type, subject_id=subject_id, to_state__gt="")
        .order_by("seq")
        .values_list("action", "from_state", "to_state", "actor_name")
    )
    assert transitions == [
        ("create", "", "draft", "单位管理员"),
        ("submit", "draft", "dept_review", "单位管理员"),
        ("dept_consent", "dept_review", "bureau_review", "能源局"),
        ("bureau_recommend", "bureau_review", "recommended", "呼和浩特人社局"),
        ("bureau_forward", "recommended", "at_region", "呼和浩特人社局"),
    ]
    assert verify_chain() == []


def test_refused_action_explains_article(page, login, shot, registry):
    app = ApplicationFactory(round=registry["round"], unit=registry["unit"], station=registry["station"])

    login(page, "unit_admin")
    page.goto(f"/applications/{app.pk}/")
    expect_state(page, "草稿")
    refused = page.get_by_test_id("action-panel").locator('[data-action="submit"][data-refused="1"]')
    expect(refused.get_by_role("button", name="提交申请")).to_be_disabled()
    expect(refused.locator("li").first).to_contain_text("第九条")
    expect(refused).to_contain_text("第九条第（三）项")
    expect(action_form(page, "submit")).to_have_count(0)
    shot(page, "submit-refused")

    app.refresh_from_db()
    assert app.state == ApplicationState.DRAFT
    assert app.submitted_at is None
