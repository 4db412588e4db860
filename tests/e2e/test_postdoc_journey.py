"""One postdoc from a published topic to exit and the Art. 22 title route, in Chromium (issue 4).

What a real deployment already holds is made with factories: a filed base of an enterprise unit, a partner
mobile station with an active cooperation agreement (Art. 8), a published research topic (Arts. 3, 12), the
accounts of the base's unit administrator, the station contact and the region administrator, three experts
for the joint panel (Art. 17: one of the base unit, one of the station's university, one outside who chairs)
and the two co-supervisors (Art. 15), the station-side one also an expert (he sits on the panel, never as
its chair), the base-side one with an account.

Everything else goes through the web pages, each step by the person the measures name: an anonymous PhD
expresses interest (Art. 12); the base records the postdoc and drafts and signs the tripartite agreement
(Art. 13(1)); the station completes entry (Art. 13(2)); the base submits the entry filing and the region
accepts it; the postdoc enters a CPSF grant and a supervisor confirms it (Art. 17); the mid-term and exit
assessments run on joint panels (Arts. 17, 18); the station completes the exit (Arts. 18, 21); the region
sees the postdoc eligible for the Art. 22 title route. The full ID number never appears on a page.
"""

import re
from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone
from playwright.sync_api import expect

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.policy.tenure import DEFAULT_ASSESSMENT_INDICATORS
from postdoc_base.tenure.assessments.enums import AssessmentState
from postdoc_base.tenure.assessments.models import Assessment
from postdoc_base.tenure.outputs.models import Output
from postdoc_base.tenure.recruitment.enums import AgreementState, TopicState
from postdoc_base.tenure.recruitment.models import CooperationAgreement, ResearchTopic
from postdoc_base.tenure.stay.enums import AppointmentState
from postdoc_base.tenure.stay.models import Appointment
from tests.factories import (
    PASSWORD,
    PDF_BYTES,
    ApplicationFactory,
    StationFactory,
    UnitFactory,
    bureau,
    user_with_role,
)
from tests.factories.people import ID_X, birth_of, make_supervisor, supervisor_user
from tests.factories.review import expert_with_account

# Transactional so the live server thread sees the committed rows (see test_filing_journey.py).
pytestmark = pytest.mark.django_db(transaction=True)

UNIT_NAME = "草原乳业有限公司"
BASE_NAME = f"{UNIT_NAME}博士后创新实践基地"
UNIVERSITY = "内蒙古农业大学"
DISCIPLINE = "食品科学与工程"
TOPIC_TITLE = "乳酸菌发酵工艺优化研究"
POSTDOC = "额尔敦·巴特尔"  # a Mongolian-origin name with the middle dot (U+00B7)
MASKED_ID = "15***************X"
APPOINTMENT = f"{POSTDOC} — {BASE_NAME}"
CPSF_TITLE = "第76批中国博士后科学基金面上资助"
INDICATORS = [str(i.label) for i in DEFAULT_ASSESSMENT_INDICATORS]


@pytest.fixture(autouse=True)
def _fresh_content_types():
    """A transactional test's flush recreates content types under new ids; drop the stale cache."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


@pytest.fixture
def deployment():
    """What exists before the journey: the base, its partner station and topic, the people with accounts."""
    today = timezone.localdate()
    unit = UnitFactory(name=UNIT_NAME, bureau=bureau("呼和浩特市"), nature="enterprise")
    base = PracticeBase.objects.create(
        unit=unit, application=ApplicationFactory(unit=unit, state="filed"), name=BASE_NAME,
        filing_number="蒙博基备〔2025〕001号", filing_year=2025, filing_serial=1, filed_on=date(2025, 12, 1),
    )  # fmt: skip
    station = StationFactory(university=UNIVERSITY, discipline=DISCIPLINE)
    CooperationAgreement.objects.create(
        base=base, station=station, starts_on=today - timedelta(days=365), ends_on=today + timedelta(days=3 * 365),
        supervisors_offered=3, state=AgreementState.ACTIVE,
    )  # fmt: skip
    topic = ResearchTopic.objects.create(
        base=base, station=station, title=TOPIC_TITLE, fields="食品科学", annual_pay_yuan=220000, term_months=24,
        description="面向奶酪和酸奶生产，优化乳酸菌发酵工艺，提高产品稳定性。", state=TopicState.PUBLISHED,
        published_at=timezone.now(),
    )  # fmt: skip
    user_with_role(Role.UNIT_ADMIN, unit, username="base_admin", display_name="草原乳业博士后管理员")
    user_with_role(Role.STATION_CONTACT, station, username="station_contact", display_name="农大流动站")
    user_with_role(Role.REGION_ADMIN, username="region_admin", display_name="自治区人社厅")
    experts = {
        "zhang": expert_with_account("张立新", UNIT_NAME, username="expert_zhang"),  # base academic committee
        "wang": expert_with_account("王建华", UNIVERSITY, username="expert_wang"),  # station; also supervisor
        "zhao": expert_with_account("赵海峰", "内蒙古大学", username="expert_zhao"),  # outside: the chair
    }
    station_supervisor = make_supervisor(
        base, name="王建华", title="教授", employer=UNIVERSITY, side="station", station=station,
        expert=experts["wang"][0],
    )  # fmt: skip
    base_supervisor = make_supervisor(
        base, name="李明", title="正高级工程师", employer=UNIT_NAME, side="base"
    )
    supervisor_user(base_supervisor, username="supervisor_li", display_name="李明")
    return {"topic": topic, "station_supervisor": station_supervisor, "base_supervisor": base_supervisor}


# --- helpers ---------------------------------------------------------------------------------------------
def chinese_date(day: date) -> str:
    """Dates as the pages show them in Chinese: 2026年11月26日."""
    return f"{day.year}年{day.month}月{day.day}日"


def alert(page, text: str):
    return page.get_by_role("alert").filter(has_text=text)


def expect_state(page, label: str) -> None:
    expect(page.get_by_test_id("state")).to_have_text(label)


def action_form(page, action: str):
    return page.locator(f'[data-testid="action-panel"] form[data-action="{action}"]')


def assert_no_plain_id(page) -> None:
    """The ID number is stored encrypted and shown masked; the plain number is never in a page."""
    assert ID_X not in page.content()


def pdf(tmp_path, name: str):
    path = tmp_path / name
    path.write_bytes(PDF_BYTES)
    return path


def todo(page, title: str, subject: str | None = None):
    rows = page.get_by_test_id("todo-row").filter(has_text=title)
    return rows.filter(has_text=subject) if subject else rows


def open_my_appointment(page) -> None:
    """Through the menu: 博士后在站 → 进基地 → the postdoc's row."""
    page.get_by_role("button", name="博士后在站").click()
    page.get_by_role("link", name="进基地", exact=True).click()
    expect(page.get_by_role("heading", name="进基地", exact=True)).to_be_visible()
    page.get_by_test_id("appointment-list").get_by_role("link", name=POSTDOC).click()
    expect(page.get_by_role("heading", name=APPOINTMENT)).to_be_visible()


def form_panel(page, due_on: date) -> None:
    """The base's joint panel: base unit, station university, an outside chair (Art. 17)."""
    form = page.get_by_test_id("panel-form")
    form.get_by_label("考核专家").select_option(
        label=[f"张立新 · 教授 · {UNIT_NAME}", f"王建华 · 教授 · {UNIVERSITY}", "赵海峰 · 教授 · 内蒙古大学"]
    )
    form.get_by_label("组长").select_option(label="赵海峰 · 教授 · 内蒙古大学")
    form.get_by_label("评分截止日期").fill(due_on.isoformat())
    form.get_by_role("button", name="组建考核专家组").click()
    expect(alert(page, "已组建考核专家组，专家可在“我的评审任务”中评分。")).to_be_visible()
    expect_state(page, "专家组考核中")
    panel = page.get_by_test_id("panel")
    expect(panel.locator("tbody tr")).to_have_count(3)
    # The outside expert chairs; 王建华 (the station-side supervisor) sits but does not chair.
    expect(panel.get_by_test_id("chair")).to_have_count(1)
    expect(panel.locator("tr", has=page.get_by_test_id("chair"))).to_contain_text("赵海峰")
    expect(panel.locator("tr", has_text="王建华")).to_contain_text(UNIVERSITY)
    expect(panel.locator("tr", has_text="王建华").get_by_test_id("chair")).to_have_count(0)


def experts_score(page, login, shot, kind: str, slug: str, scores: dict[str, int]) -> None:
    """Each expert opens the scoring task from the to-do list, scores every indicator and submits."""
    for n, (username, score) in enumerate(scores.items()):
        login(page, username)
        row = todo(page, "专家评分", f"{POSTDOC}：{kind}")
        expect(row).to_have_count(1)
        if n == 0:
            shot(page, f"expert-todo-{slug}")
        row.get_by_role("link").click()
        expect(page.get_by_role("heading", name=re.compile("专家评分"))).to_contain_text(f"{POSTDOC}：{kind}")
        scoring = page.get_by_test_id("scoring")
        for label in INDICATORS:
            scoring.get_by_label(label, exact=True).fill(str(score))
        scoring.get_by_label("评审意见").fill(f"{kind}材料齐全，成果与计划相符。")
        if n == 0:
            shot(page, f"expert-scoring-{slug}")
        scoring.get_by_role("button", name="保存并提交").click()
        expect(alert(page, "评分已提交。")).to_be_visible()
        # Ten indicators of weight 10 and full score 100: the weighted total is the score itself.
        expect(page.get_by_test_id("total")).to_have_text(f"{score}.00")
        assert_no_plain_id(page)


def grade_pass(page, result: str) -> None:
    form = page.get_by_test_id("grade-form")
    form.get_by_label("合格", exact=True).check()
    form.get_by_label("书面考核意见").fill(result)
    form.get_by_role("button", name="评定考核结果").click()
    expect(alert(page, "已评定考核结果。")).to_be_visible()
    expect_state(page, "已评定")
    expect(page.get_by_test_id("grade")).to_have_text("合格")
    expect(page.get_by_test_id("result")).to_have_text(result)


# --- the journey -----------------------------------------------------------------------------------------
def test_postdoc_from_topic_to_exit_and_title_route(page, login, shot, deployment, tmp_path):
    today = timezone.localdate()
    entry_date = today - timedelta(days=31)
    grant_date = entry_date + timedelta(days=10)

    # --- 1. an anonymous PhD finds the topic on the public board and expresses interest (Art. 12) ----
    page.context.clear_cookies()
    page.goto("/public/topics/")
    expect(page.get_by_role("heading", name="博士后课题")).to_be_visible()
    card = page.get_by_test_id("topic-board").locator(f'[data-topic="{deployment["topic"].pk}"]')
    expect(card).to_contain_text(f"科研课题 · {BASE_NAME} · 呼和浩特市")
    shot(page, "public-topic-board")
    card.get_by_role("link", name=TOPIC_TITLE).click()
    expect(page.get_by_role("heading", name=TOPIC_TITLE)).to_be_visible()
    interest = page.get_by_test_id("interest-form")
    interest.get_by_label("姓名").fill(POSTDOC)
    interest.get_by_label("联系方式").fill("13904710000")
    interest.get_by_label("留言").fill("本人2025年获内蒙古大学食品科学博士学位，研究方向为乳酸菌发酵。")
    interest.get_by_label(re.compile("^简历")).set_input_files(pdf(tmp_path, "简历.pdf"))
    shot(page, "public-interest-filled")
    interest.get_by_role("button", name="提交").click()
    expect(alert(page, "您的意向已提交，基地将与您联系。")).to_be_visible()
    expect(page.get_by_test_id("whoami")).to_have_count(0)
    shot(page, "public-interest-sent")

    # --- 2. the base contacts the PhD, records the postdoc and an account --------------------------------
    login(page, "base_admin")
    row = todo(page, "回复课题意向")
    expect(row).to_have_count(1)
    shot(page, "base-todo-interest")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name=f"{TOPIC_TITLE}：{POSTDOC}")).to_be_visible()
    expect_state(page, "待处理")
    expect(page.get_by_role("link", name="简历.pdf")).to_be_visible()
    action_form(page, "contact").get_by_label("意见或理由").fill("已电话联系，约定面谈。")
    action_form(page, "contact").get_by_role("button", name="已联系").click()
    expect(alert(page, "“已联系”已办理，当前状态：已联系。")).to_be_visible()
    expect_state(page, "已联系")
    shot(page, "base-interest-contacted")

    page.get_by_role("link", name="录入博士后信息").click()
    expect(page.get_by_role("heading", name="录入博士后研究人员")).to_be_visible()
    page.get_by_label("录入基地").select_option(label=BASE_NAME)
    page.get_by_label("姓名").fill(POSTDOC)
    page.get_by_label("性别").select_option(label="男")
    page.get_by_label("出生日期").fill(birth_of(ID_X).isoformat())
    page.get_by_label("证件类型").select_option(label="居民身份证")
    page.get_by_label("证件号码").fill(ID_X)
    page.get_by_label("博士毕业院校").fill("内蒙古大学")
    page.get_by_label("博士学科").fill("食品科学")
    page.get_by_label("博士学位授予日期").fill("2025-06-30")
    page.get_by_label("博士学位证书编号").fill("1012632025000456")
    page.get_by_label("在站方式").select_option(label="全职")
    shot(page, "base-postdoc-form")
    page.get_by_role("button", name="提交").click()
    expect(alert(page, "博士后研究人员信息已保存。")).to_be_visible()
    expect(page.get_by_role("heading", name=POSTDOC)).to_be_visible()
    expect(page.get_by_test_id("masked-id")).to_have_text(MASKED_ID)
    assert_no_plain_id(page)
    shot(page, "base-postdoc-recorded")

    page.get_by_role("link", name="开通账号").click()
    expect(page.get_by_role("heading", name=f"开通账号：{POSTDOC}")).to_be_visible()
    page.get_by_label("用户名").fill("erdun")
    page.get_by_label("电子邮箱").fill("erdun@example.org")
    page.get_by_label("临时密码").fill(PASSWORD)
    page.get_by_role("button", name="提交").click()
    expect(alert(page, "账号已创建。")).to_be_visible()
    expect(page.get_by_role("heading", name=POSTDOC)).to_be_visible()

    # --- 2b. the tripartite agreement from the topic, with the partner station (Arts. 13(1), 14, 15) ----
    page.goto("/tenure/interests/")
    page.get_by_test_id("interest-list").get_by_role("link", name=POSTDOC).click()
    page.get_by_role("link", name="按本课题新建进基地").click()
    expect(page.get_by_role("heading", name="新建进基地")).to_be_visible()
    expect(page.get_by_label("课题")).to_have_value(str(deployment["topic"].pk))
    page.get_by_label("基地", exact=True).select_option(label=BASE_NAME)
    page.get_by_label("博士后研究人员").select_option(label=POSTDOC)
    page.get_by_label("合作流动站").select_option(label=f"{UNIVERSITY}·{DISCIPLINE}")
    page.get_by_role("button", name="提交").click()
    expect(alert(page, "三方协议已草拟。")).to_be_visible()
    expect(page.get_by_role("heading", name=APPOINTMENT)).to_be_visible()
    expect_state(page, "三方协议草拟")
    expect(page.get_by_test_id("contract-type")).to_have_text("劳动合同")  # an enterprise unit (Art. 14)
    appointment_url = page.url
    appointment_pk = int(re.search(r"/appointments/(\d+)/", appointment_url).group(1))
    # Not all of Art. 13(1) yet: signing is refused with the reasons.
    refused = page.get_by_test_id("action-panel").locator('[data-action="sign"][data-refused="1"]')
    expect(refused.get_by_role("button", name="确认三方协议已签署")).to_be_disabled()
    shot(page, "base-appointment-drafted")

    page.get_by_role("link", name="编辑三方协议").click()
    expect(page.get_by_role("heading", name="三方协议")).to_be_visible()
    for clause in ("三方权利", "三方义务", "工作目标", "工作期限", "产权成果归属", "违约责任"):
        page.get_by_label(clause, exact=True).check()
    for party in ("基地", "博士后科研流动站", "博士后研究人员"):
        page.get_by_label(party, exact=True).check()
    page.get_by_label("三方协议文本").set_input_files(pdf(tmp_path, "三方协议.pdf"))
    expect(page.get_by_label("在基地期限（月）")).to_have_value("24")
    page.get_by_label("流动站合作导师").select_option(label="王建华")
    page.get_by_label("基地合作导师").select_option(label="李明")
    shot(page, "base-agreement-form")
    page.get_by_role("button", name="提交").click()
    expect(alert(page, "三方协议已保存。")).to_be_visible()
    expect(page.get_by_role("link", name="三方协议.pdf")).to_be_visible()
    action_form(page, "sign").get_by_role("button", name="确认三方协议已签署").click()
    expect(alert(page, "“确认三方协议已签署”已办理，当前状态：三方协议已签署。")).to_be_visible()
    expect_state(page, "三方协议已签署")
    shot(page, "base-agreement-signed")

    # --- 3. the partner station completes the entry (Art. 13(2)) -----------------------------------------
    login(page, "station_contact")
    page.goto(appointment_url)
    expect_state(page, "三方协议已签署")
    page.get_by_label("进基地日期").fill(entry_date.isoformat())
    shot(page, "station-entry")
    # The action panel lists the same step, disabled until the date is in; the entry form's button acts.
    page.locator("form", has=page.get_by_label("进基地日期")).get_by_role("button", name="办理进基地").click()
    expect(alert(page, "已办理进基地。")).to_be_visible()
    expect_state(page, "已进基地")
    filing_due = Appointment.objects.get(pk=appointment_pk).entry_filing_due
    expect(page.get_by_test_id("filing-due")).to_have_text(chinese_date(filing_due))
    shot(page, "station-entered")

    # --- 4. the base submits the entry filing within three months (Arts. 13(2), 15) ----------------------
    login(page, "base_admin")
    row = todo(page, "进站备案", POSTDOC)
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    page.wait_for_url(f"**/appointments/{appointment_pk}/")
    action_form(page, "submit_filing").get_by_role("button", name="报送进站备案").click()
    expect(alert(page, "“报送进站备案”已办理，当前状态：进站备案已报送。")).to_be_visible()
    expect_state(page, "进站备案已报送")
    shot(page, "base-filing-submitted")

    # --- 5. the region accepts the filing --------------------------------------------------------------
    login(page, "region_admin")
    row = todo(page, "进站备案", POSTDOC)
    expect(row).to_have_count(1)
    shot(page, "region-todo-filing")
    row.get_by_role("link").click()
    page.wait_for_url(f"**/appointments/{appointment_pk}/")
    action_form(page, "accept_filing").get_by_role("button", name="予以备案").click()
    expect(alert(page, "“予以备案”已办理，当前状态：在基地。")).to_be_visible()
    expect_state(page, "在基地")
    expect(page.get_by_test_id("filed-on")).to_have_text(chinese_date(today))  # on time: no 逾期 badge
    midterm = page.get_by_test_id("appointment-assessments").locator("tbody tr")
    expect(midterm).to_have_count(1)
    expect(midterm).to_contain_text("中期考核")
    expect(midterm).to_contain_text("待考核")
    assert_no_plain_id(page)
    shot(page, "region-filing-accepted")

    # --- 6. the postdoc enters a CPSF grant with its evidence (Art. 17) ---------------------------------
    login(page, "erdun")
    expect(page.get_by_test_id("whoami")).to_contain_text(POSTDOC)
    open_my_appointment(page)
    expect_state(page, "在基地")
    page.get_by_test_id("output-add").click()
    expect(page.get_by_role("heading", name=f"登记在站成果：{POSTDOC}")).to_be_visible()
    page.get_by_label("成果类型").select_option(label="中国博士后科学基金资助")
    page.get_by_label("名称", exact=True).fill(CPSF_TITLE)
    page.get_by_label("取得日期").fill(grant_date.isoformat())
    page.get_by_label("编号或出处").fill("2026M761234")
    page.get_by_label("金额（元）").fill("80000")
    page.get_by_label("证明材料").set_input_files(pdf(tmp_path, "资助通知.pdf"))
    shot(page, "postdoc-output-form")
    page.get_by_role("button", name="提交").click()
    expect(alert(page, "已登记在站成果，等待合作导师确认。")).to_be_visible()
    expect_state(page, "待导师确认")
    expect(page.get_by_test_id("evidence")).to_have_text("资助通知.pdf")
    output_pk = int(re.search(r"/outputs/(\d+)/", page.url).group(1))
    shot(page, "postdoc-output-submitted")

    # --- 7. the base-side supervisor confirms it from the to-do list (Art. 17) ---------------------------
    login(page, "supervisor_li")
    row = todo(page, "确认在站成果")
    expect(row).to_have_count(1)
    shot(page, "supervisor-todo")
    row.get_by_role("link").click()
    page.wait_for_url(f"**/outputs/{output_pk}/")
    action_form(page, "confirm").get_by_role("button", name="确认成果").click()
    expect(alert(page, "“确认成果”已办理，当前状态：导师已确认。")).to_be_visible()
    expect_state(page, "导师已确认")
    expect(page.get_by_test_id("confirmed-by")).to_have_text(f"李明（{chinese_date(today)}）")
    assert_no_plain_id(page)
    shot(page, "supervisor-confirmed")

    # --- 8-10. the mid-term assessment on a joint panel (Art. 17) ---------------------------------------
    login(page, "base_admin")
    row = todo(page, "组织博士后考核", f"{POSTDOC}：中期考核")
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile(f"中期考核：{POSTDOC}"))).to_be_visible()
    expect_state(page, "待考核")
    expect(page.get_by_test_id("outputs")).to_contain_text(CPSF_TITLE)
    form_panel(page, today + timedelta(days=14))
    midterm_url = page.url
    shot(page, "base-midterm-panel")

    experts_score(
        page, login, shot, "中期考核", "midterm", {"expert_zhang": 85, "expert_wang": 80, "expert_zhao": 90}
    )

    login(page, "base_admin")
    row = todo(page, "评定考核结果", f"{POSTDOC}：中期考核")
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    page.wait_for_url(midterm_url)
    expect(page.get_by_test_id("scores-summary")).to_contain_text("85.00")
    grade_pass(page, "中期考核合格：课题进展顺利，已获中国博士后科学基金资助。")
    expect(page.get_by_test_id("score")).to_have_text("85.00")
    shot(page, "base-midterm-graded")

    # --- 11. the postdoc uploads the exit materials and asks to exit (Art. 18) --------------------------
    login(page, "erdun")
    open_my_appointment(page)
    page.get_by_role("link", name="上传出基地材料").click()
    expect(page.get_by_role("heading", name=f"上传出基地材料：{POSTDOC}")).to_be_visible()
    page.get_by_label("研究报告").set_input_files(pdf(tmp_path, "博士后研究报告.pdf"))
    page.get_by_label("工作总结").set_input_files(pdf(tmp_path, "工作总结.pdf"))
    page.get_by_role("button", name="提交").click()
    expect(alert(page, "出基地材料已上传。")).to_be_visible()
    expect(page.get_by_test_id("research-report")).to_have_text("博士后研究报告.pdf")
    expect(page.get_by_test_id("work-summary")).to_have_text("工作总结.pdf")
    action_form(page, "request_exit").get_by_role("button", name="申请出基地").click()
    expect(alert(page, "“申请出基地”已办理，当前状态：已申请出基地。")).to_be_visible()
    expect_state(page, "已申请出基地")
    shot(page, "postdoc-exit-requested")

    # --- 12. the exit assessment (Art. 18) ---------------------------------------------------------------
    login(page, "base_admin")
    row = todo(page, "组织博士后考核", f"{POSTDOC}：出基地考核")
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile(f"出基地考核：{POSTDOC}"))).to_be_visible()
    form_panel(page, today + timedelta(days=7))
    exit_url = page.url
    shot(page, "base-exit-panel")

    experts_score(
        page, login, shot, "出基地考核", "exit", {"expert_zhang": 88, "expert_wang": 82, "expert_zhao": 85}
    )

    login(page, "base_admin")
    page.goto(exit_url)
    grade_pass(page, "出基地考核合格：完成研究报告，成果转化应用于企业生产。")
    shot(page, "base-exit-graded")
    page.get_by_role("link", name=APPOINTMENT).click()
    page.wait_for_url(f"**/appointments/{appointment_pk}/")
    expect_state(page, "出基地考核已通过")
    shot(page, "base-exit-assessed")

    # --- 13. the station completes the exit; the postdoc stays at the base unit (Arts. 18, 21) ----------
    login(page, "station_contact")
    row = todo(page, "办理出基地手续", POSTDOC)
    expect(row).to_have_count(1)
    row.get_by_role("link").click()
    page.wait_for_url(f"**/appointments/{appointment_pk}/")
    page.get_by_role("link", name="办理出基地").click()
    expect(page.get_by_role("heading", name=f"办理出基地：{POSTDOC}")).to_be_visible()
    page.get_by_label("出基地日期").fill(today.isoformat())
    page.get_by_label("出基地去向").select_option(label="留在设站（基地）单位")
    shot(page, "station-exit-form")
    page.get_by_role("button", name="提交").click()
    expect(alert(page, "已办理出基地。")).to_be_visible()
    expect_state(page, "已出基地")
    expect(page.get_by_test_id("exit-date")).to_have_text(chinese_date(today))
    expect(page.get_by_test_id("destination")).to_have_text("留在设站（基地）单位")
    shot(page, "station-exited")

    # --- 14. the region sees the Art. 22 title route and the masked ID -----------------------------------
    login(page, "region_admin")
    page.goto("/tenure/title-route/")
    expect(page.get_by_role("heading", name="第二十二条 职称申报")).to_be_visible()
    route = page.get_by_test_id("title-route-list").locator(f'tr[data-appointment="{appointment_pk}"]')
    expect(route).to_have_attribute("data-eligible", "1")
    expect(route).to_contain_text(f"留在设站（基地）单位（{UNIT_NAME}）")
    expect(route).to_contain_text(
        "符合第二十二条：在站期间获得中国博士后科学基金资助，经用人单位推荐可直接申报副高级职称。"
    )
    assert_no_plain_id(page)
    shot(page, "region-title-route")
    route.get_by_role("link", name=POSTDOC).click()
    page.wait_for_url(f"**/appointments/{appointment_pk}/")
    expect_state(page, "已出基地")
    card = page.get_by_test_id("title-route-card")
    expect(card.get_by_test_id("title-route-eligible")).to_have_text("可直接申报副高级职称")
    expect(card.locator(".finding-ok")).to_have_count(4)
    # Nothing re-typed at exit: the stay as it was recorded, each step by its own person.
    expect(page.get_by_test_id("timeline").locator("li > div:nth-child(2)")).to_have_text(
        [
            "草拟三方协议 （三方协议草拟）",
            "修改三方协议",  # a write that keeps the state shows no "A → A"
            "确认三方协议已签署 （三方协议草拟 → 三方协议已签署）",
            "办理进基地 （三方协议已签署 → 已进基地）",
            "报送进站备案 （已进基地 → 进站备案已报送）",
            "予以备案 （进站备案已报送 → 在基地）",
            "上传出基地材料",
            "申请出基地 （在基地 → 已申请出基地）",
            "出基地考核通过 （已申请出基地 → 出基地考核已通过）",
            "办理出基地 （出基地考核已通过 → 已出基地）",
        ]
    )
    assert_no_plain_id(page)
    shot(page, "region-appointment-exited")

    page.get_by_role("link", name="博士后与导师").click()
    person = page.locator("tr", has_text=POSTDOC)
    expect(person).to_contain_text(MASKED_ID)
    person.get_by_role("link", name=POSTDOC).click()
    expect(page.get_by_test_id("masked-id")).to_have_text(MASKED_ID)
    expect(page.get_by_test_id("full-id")).to_have_count(0)
    assert_no_plain_id(page)
    shot(page, "region-postdoc-masked-id")

    # --- what the database holds ------------------------------------------------------------------------
    appointment = Appointment.objects.get(pk=appointment_pk)
    assert appointment.state == AppointmentState.EXITED
    assert appointment.entry_date == entry_date and appointment.exit_date == today
    assert appointment.entry_filed_on == today and not appointment.entry_filing_late
    assert appointment.destination == "base_unit" and appointment.destination_employer == UNIT_NAME
    assert appointment.postdoc.name == POSTDOC and appointment.postdoc.id_number == ID_X
    assert appointment.station_supervisor == deployment["station_supervisor"]
    assert appointment.base_supervisor == deployment["base_supervisor"]
    assert list(Output.objects.values_list("kind", "state", "confirmed_by__name")) == [
        ("cpsf_grant", "confirmed", "李明")
    ]
    assert list(Assessment.objects.order_by("id").values_list("kind", "state", "grade", "score")) == [
        ("midterm", AssessmentState.GRADED, "pass", pytest.approx(85)),
        ("exit", AssessmentState.GRADED, "pass", pytest.approx(85)),
    ]
    assert verify_chain() == []
