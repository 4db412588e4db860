"""The establishment pages: rounds, applications, attachments, claims, preliminary review, bureau batch."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment.enums import ApplicationState, RoundState
from postdoc_base.establishment.models import (
    Attachment,
    BaseApplication,
    PriorityClaim,
    Round,
    SeniorResearcher,
)
from postdoc_base.establishment.workflow import application_workflow
from postdoc_base.kernel.models import AuditEvent
from tests.factories import (
    PDF_BYTES,
    RoundFactory,
    UnitFactory,
    bureau,
    ready_application,
    user_with_role,
)
from tests.factories.pages import assert_rows_shown
from tests.factories.world import complete_review, fresh, put_in_state

pytestmark = pytest.mark.django_db


# --- set-up ----------------------------------------------------------------------------------------------
@pytest.fixture
def hohhot():
    return bureau("呼和浩特市")


@pytest.fixture
def baotou():
    return bureau("包头市")


@pytest.fixture
def unit(hohhot):
    return UnitFactory(name="呼和浩特稀土新材料有限公司", bureau=hohhot)


@pytest.fixture
def unit_admin(unit):
    return user_with_role(Role.UNIT_ADMIN, unit, username="unit_admin")


@pytest.fixture
def region_admin():
    return user_with_role(Role.REGION_ADMIN, username="region")


@pytest.fixture
def hohhot_officer(hohhot):
    return user_with_role(Role.BUREAU_OFFICER, hohhot, username="hohhot")


@pytest.fixture
def baotou_officer(baotou):
    return user_with_role(Role.BUREAU_OFFICER, baotou, username="baotou")


@pytest.fixture
def open_round():
    return RoundFactory(name="2026年度第一批")


def login(client, user):
    client.force_login(user)
    return client


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def submitted(unit, round_=None, state=ApplicationState.BUREAU_REVIEW) -> BaseApplication:
    kwargs = {"unit": unit}
    if round_ is not None:
        kwargs["round"] = round_
    return put_in_state(ready_application(**kwargs), state)


def pdf(name="营业执照.pdf", data=PDF_BYTES):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def edit_payload(app, researchers, projects, **overrides) -> dict:
    data = {
        "app-operating_well": "on",
        "app-operating_status": "经营良好",
        "app-rnd_institution": "自治区企业技术中心",
        "app-station": str(app.station_id),
        "app-recruitment_plan": "每年招收1名",
        "app-planned_recruits": "1",
        "app-management_rules": "已制定管理办法",
        "app-research_conditions": "中试基地",
        "app-living_conditions": "人才公寓",
        "app-offered_annual_pay_yuan": "130000",
        "app-contact_name": "乌云",
        "app-contact_phone": "0471-1234567",
        "researchers-TOTAL_FORMS": str(len(researchers)),
        "researchers-INITIAL_FORMS": "0",
        "researchers-MIN_NUM_FORMS": "0",
        "researchers-MAX_NUM_FORMS": "1000",
        "projects-TOTAL_FORMS": str(len(projects)),
        "projects-INITIAL_FORMS": "0",
        "projects-MIN_NUM_FORMS": "0",
        "projects-MAX_NUM_FORMS": "1000",
    }
    for i, r in enumerate(researchers):
        data.update({f"researchers-{i}-{k}": v for k, v in r.items()})
    for i, p in enumerate(projects):
        data.update({f"projects-{i}-{k}": v for k, v in p.items()})
    data.update(overrides)
    return data


def assert_same_queries(client, url, django_assert_num_queries, add_rows):
    """The page costs the same number of queries at 1 row and after ``add_rows`` added 19 more."""
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    at_one = len(one)  # read now: every request clears the connection's query log
    add_rows()
    with django_assert_num_queries(at_one):
        response = client.get(url)
    assert response.status_code == 200
    return response


# --- rounds ---------------------------------------------------------------------------------------------
def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("establishment:round_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_round_list_shows_drafts_only_to_region_admin(client, region_admin, unit_admin):
    RoundFactory(name="筹备中的批次", state=RoundState.DRAFT)
    RoundFactory(name="申报中的批次")
    body = login(client, region_admin).get(reverse("establishment:round_list")).content.decode()
    assert "筹备中的批次" in body and "申报中的批次" in body and "原则上每两年组织一次（第十一条）" in body
    body = login(client, unit_admin).get(reverse("establishment:round_list")).content.decode()
    assert "筹备中的批次" not in body and "申报中的批次" in body


def test_draft_round_detail_is_404_for_unit_admin(client, unit_admin):
    draft = RoundFactory(state=RoundState.DRAFT)
    assert (
        login(client, unit_admin).get(reverse("establishment:round_detail", args=[draft.pk])).status_code
        == 404
    )


def test_only_region_admin_may_create_rounds(client, unit_admin, hohhot_officer):
    for user in (unit_admin, hohhot_officer):
        assert login(client, user).get(reverse("establishment:round_create")).status_code == 403


def test_region_admin_creates_and_edits_a_round(client, region_admin):
    today = timezone.localdate()
    login(client, region_admin)
    response = client.post(
        reverse("establishment:round_create"),
        {"name": "2027年度第一批", "year": "2027", "application_deadline": (today + timedelta(days=30)).isoformat(),
         "review_deadline": (today + timedelta(days=60)).isoformat(), "notes": "请按时申报"},
    )  # fmt: skip
    round_ = Round.objects.get(name="2027年度第一批")
    assert response.status_code == 302 and response["Location"] == round_.get_absolute_url()
    assert round_.state == RoundState.DRAFT
    response = client.post(
        reverse("establishment:round_edit", args=[round_.pk]),
        {"name": "2027年度第一批（调整）", "year": "2027", "application_deadline": (today + timedelta(days=40)).isoformat(),
         "review_deadline": (today + timedelta(days=70)).isoformat(), "notes": ""},
    )  # fmt: skip
    round_.refresh_from_db()
    assert round_.name == "2027年度第一批（调整）"
    assert round_.application_deadline == today + timedelta(days=40)
    assert list(
        AuditEvent.objects.filter(subject_type="establishment.round").values_list("action", flat=True)
    ) == [
        "create",
        "update",
    ]


def test_round_form_shows_service_validation_error(client, region_admin):
    today = timezone.localdate()
    response = login(client, region_admin).post(
        reverse("establishment:round_create"),
        {"name": "日期颠倒的批次", "year": "2027", "application_deadline": (today + timedelta(days=30)).isoformat(),
         "review_deadline": (today + timedelta(days=5)).isoformat()},
    )  # fmt: skip
    assert response.status_code == 200
    assert "盟市推荐截止日期不能早于单位申报截止日期。" in response.content.decode()
    assert not Round.objects.filter(name="日期颠倒的批次").exists()


def test_region_admin_opens_round_from_its_page(client, region_admin):
    draft = RoundFactory(state=RoundState.DRAFT)
    login(client, region_admin)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert 'data-action="open"' in page
    response = client.post(
        reverse("establishment:round_transition", args=[draft.pk]), {"action": "open"}, follow=True
    )
    draft.refresh_from_db()
    assert draft.state == RoundState.OPEN
    assert "“开始申报”已办理，当前状态：申报中。" in messages_of(response)
    timeline = response.content.decode().split('data-testid="timeline"')[1]
    assert "开始申报" in timeline and "筹备中 → 申报中" in timeline and "自治区人社厅管理员" in timeline


def test_refused_round_transition_shows_finding_and_changes_nothing(client, region_admin, open_round):
    draft = RoundFactory(state=RoundState.DRAFT)
    login(client, region_admin)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "已有正在申报的批次，同一时间只开放一个批次。" in page  # the refused action says why
    response = client.post(
        reverse("establishment:round_transition", args=[draft.pk]), {"action": "open"}, follow=True
    )
    draft.refresh_from_db()
    assert draft.state == RoundState.DRAFT
    assert messages_of(response) == ["已有正在申报的批次，同一时间只开放一个批次。（依据：第十一条）"]


def test_round_detail_offers_unit_admin_to_apply_once(client, unit_admin, unit, open_round):
    login(client, unit_admin)
    page = client.get(open_round.get_absolute_url()).content.decode()
    assert f"{reverse('establishment:application_create')}?round={open_round.pk}" in page
    ready_application(unit=unit, round=open_round)
    page = client.get(open_round.get_absolute_url()).content.decode()
    assert f"{reverse('establishment:application_create')}?round=" not in page
    assert "本单位在本批次的申请" in page


def test_round_detail_links_bureau_officer_to_batch_and_counts_only_scope(
    client, hohhot_officer, baotou_officer, unit, baotou, open_round
):
    submitted(unit, open_round)
    submitted(UnitFactory(bureau=baotou), open_round)
    submitted(UnitFactory(bureau=baotou), open_round, ApplicationState.RECOMMENDED)
    page = login(client, baotou_officer).get(open_round.get_absolute_url()).content.decode()
    assert reverse("establishment:bureau_batch", args=[open_round.pk]) in page
    counts = page.split('data-testid="state-counts"')[1].split("</section>")[0]
    assert "共 2 份" in counts and "盟市初审中" in counts and "盟市拟推荐" in counts


# --- applications: list, scope and export ------------------------------------------------------------------
def test_bureau_officer_does_not_see_other_bureau_applications(client, baotou_officer, hohhot_officer, unit):
    app = submitted(unit)
    login(client, baotou_officer)
    assert unit.name not in client.get(reverse("establishment:application_list")).content.decode()
    assert client.get(app.get_absolute_url()).status_code == 404
    attachment = app.attachments.get()
    assert client.get(reverse("establishment:attachment_download", args=[attachment.pk])).status_code == 404
    assert client.get(reverse("establishment:preliminary_review", args=[app.pk])).status_code == 404
    login(client, hohhot_officer)
    assert unit.name in client.get(reverse("establishment:application_list")).content.decode()
    assert client.get(app.get_absolute_url()).status_code == 200


def test_draft_application_is_404_for_bureau_and_region(client, hohhot_officer, region_admin, unit):
    app = ready_application(unit=unit)
    for user in (hohhot_officer, region_admin):
        assert login(client, user).get(app.get_absolute_url()).status_code == 404


def test_application_list_filters_by_state_and_text(client, hohhot_officer, unit, hohhot):
    submitted(unit)
    other = UnitFactory(name="呼和浩特乳业有限公司", bureau=hohhot)
    submitted(other, state=ApplicationState.RECOMMENDED)
    login(client, hohhot_officer)
    page = client.get(reverse("establishment:application_list"), {"state": "recommended"}).content.decode()
    assert other.name in page and unit.name not in page
    page = client.get(reverse("establishment:application_list"), {"q": "稀土"}).content.decode()
    assert unit.name in page and other.name not in page
    assert "地方单位" in page


def test_application_list_paginates_at_25(client, hohhot_officer, hohhot):
    round_ = RoundFactory()
    for _i in range(26):
        submitted(UnitFactory(bureau=hohhot), round_)
    login(client, hohhot_officer)
    first = client.get(reverse("establishment:application_list"))
    assert len(first.context["page"].object_list) == 25
    assert (
        len(client.get(reverse("establishment:application_list"), {"page": 2}).context["page"].object_list)
        == 1
    )


def test_application_list_query_count_does_not_grow(
    client, hohhot_officer, hohhot, django_assert_num_queries
):
    round_ = RoundFactory()
    units = [UnitFactory(bureau=hohhot)]
    submitted(units[0], round_)
    login(client, hohhot_officer)

    def add_rows():
        for _i in range(19):
            units.append(UnitFactory(bureau=hohhot))
            submitted(units[-1], round_)

    response = assert_same_queries(
        client, reverse("establishment:application_list"), django_assert_num_queries, add_rows
    )
    assert BaseApplication.objects.count() == 20
    assert_rows_shown(response, [u.name for u in units])


def test_round_list_query_count_does_not_grow(client, region_admin, django_assert_num_queries):
    rounds = [RoundFactory()]
    login(client, region_admin)

    def add_rows():
        for _i in range(19):
            rounds.append(RoundFactory(state=RoundState.CLOSED))

    response = assert_same_queries(
        client, reverse("establishment:round_list"), django_assert_num_queries, add_rows
    )
    assert_rows_shown(response, [r.name for r in rounds])


# --- applications: the unit's own pages ------------------------------------------------------------------
def test_unit_admin_creates_application_in_open_round(client, unit_admin, unit, open_round):
    login(client, unit_admin)
    page = client.get(reverse("establishment:application_create"), {"round": open_round.pk})
    assert page.status_code == 200
    response = client.post(
        reverse("establishment:application_create"), {"round": open_round.pk, "unit": unit.pk}
    )
    app = BaseApplication.objects.get(unit=unit, round=open_round)
    assert response["Location"] == reverse("establishment:application_edit", args=[app.pk])
    assert app.state == ApplicationState.DRAFT and app.created_by == unit_admin
    response = client.post(
        reverse("establishment:application_create"), {"round": open_round.pk, "unit": unit.pk}, follow=True
    )
    assert "本单位在本批次已有申请，每个单位每批次只能申报一次。（依据：第十一条）" in messages_of(response)
    assert BaseApplication.objects.filter(unit=unit).count() == 1


def test_only_unit_admins_may_open_the_create_page(client, hohhot_officer):
    assert login(client, hohhot_officer).get(reverse("establishment:application_create")).status_code == 403


def test_unit_admin_edits_application_with_researchers_and_projects(client, unit_admin, unit):
    app = ready_application(unit=unit)
    login(client, unit_admin)
    page = client.get(reverse("establishment:application_edit", args=[app.pk])).content.decode()
    assert "第九条第（三）项" in page and "巴特尔·朝鲁" in page
    for name in ("offered_annual_pay_yuan", "operating_well", "station", "contact_name"):
        assert page.count(f'name="app-{name}"') == 1, name
    researchers = [
        {"name": "巴特尔·朝鲁", "title": "正高级工程师", "field": "稀土材料", "full_time": "on", "senior_title": "on",
         "can_supervise": "on"},
        {"name": "其其格", "title": "副研究员", "field": "冶金", "full_time": "on"},
    ]  # fmt: skip
    projects = [
        {"title": "稀土永磁材料研究", "summary": "高性能磁材"},
        {"title": "冶金废渣利用", "summary": ""},
    ]
    response = client.post(
        reverse("establishment:application_edit", args=[app.pk]), edit_payload(app, researchers, projects)
    )
    assert response.status_code == 302
    app.refresh_from_db()
    assert app.offered_annual_pay_yuan == 130000 and app.contact_name == "乌云"
    assert list(app.researchers.values_list("name", "senior_title", "can_supervise")) == [
        ("巴特尔·朝鲁", True, True),
        ("其其格", False, False),
    ]
    assert list(app.projects.values_list("title", flat=True)) == ["稀土永磁材料研究", "冶金废渣利用"]
    assert AuditEvent.objects.filter(subject_id=str(app.pk), action="update").count() == 1


def test_edit_via_htmx_returns_fresh_eligibility_panel(client, unit_admin, unit):
    app = ready_application(unit=unit)
    login(client, unit_admin)
    response = client.post(
        reverse("establishment:application_edit", args=[app.pk]),
        edit_payload(app, [], [{"title": "稀土永磁材料研究"}], **{"app-offered_annual_pay_yuan": "100000"}),
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'id="application-edit"' in body and "已保存。" in body
    panel = body.split('data-testid="eligibility"')[1].split("</section>")[0]
    assert 'data-code="art9.3.too_few_supervising_researchers"' in panel
    assert 'data-code="art9.5.salary_below_floor"' in panel
    assert 'class="list-group-item finding-ok" data-code="art9.4.ok"' in panel


def test_other_users_may_not_edit_an_application(client, unit, hohhot_officer, baotou):
    app = submitted(unit)
    assert (
        login(client, hohhot_officer)
        .get(reverse("establishment:application_edit", args=[app.pk]))
        .status_code
        == 403
    )
    other_admin = user_with_role(Role.UNIT_ADMIN, UnitFactory(bureau=baotou))
    assert (
        login(client, other_admin).get(reverse("establishment:application_edit", args=[app.pk])).status_code
        == 404
    )


def test_submitted_application_edit_redirects_with_reason(client, unit_admin, unit):
    app = submitted(unit)
    response = login(client, unit_admin).get(
        reverse("establishment:application_edit", args=[app.pk]), follow=True
    )
    assert messages_of(response) == ["申请处于“盟市初审中”状态，只有草稿或退回修改的申请可以修改。"]


def test_unit_admin_uploads_and_downloads_attachment(client, unit_admin, unit):
    app = ready_application(unit=unit)
    login(client, unit_admin)
    response = client.post(
        reverse("establishment:attachment_upload", args=[app.pk]),
        {"att-kind": "license", "att-file": pdf()},
        follow=True,
    )
    assert "已上传“营业执照.pdf”。" in messages_of(response)
    attachment = app.attachments.get(kind="license")
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF_BYTES)
    download = client.get(reverse("establishment:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E8%90%A5%E4%B8%9A%E6%89%A7%E7%85%A7.pdf" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF_BYTES
    client.post(reverse("establishment:attachment_delete", args=[attachment.pk]))
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_text_file_renamed_pdf_is_refused(client, unit_admin, unit):
    app = ready_application(unit=unit)
    response = login(client, unit_admin).post(
        reverse("establishment:attachment_upload", args=[app.pk]),
        {"att-kind": "license", "att-file": pdf("营业执照.pdf", "这不是PDF文件".encode())},
        follow=True,
    )
    assert messages_of(response) == ["只接受 PDF、JPEG、PNG 或 DOCX 文件（按文件内容识别）。"]
    assert app.attachments.filter(kind="license").count() == 0


def test_too_large_upload_is_refused(client, unit_admin, unit, settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    app = ready_application(unit=unit)
    big = PDF_BYTES + b"0" * (1024 * 1024)
    response = login(client, unit_admin).post(
        reverse("establishment:attachment_upload", args=[app.pk]),
        {"att-kind": "license", "att-file": pdf("大文件.pdf", big)},
        follow=True,
    )
    assert messages_of(response) == ["文件过大：最大 1 MB。"]
    assert app.attachments.filter(kind="license").count() == 0


def test_unit_admin_adds_and_removes_priority_claim(client, unit_admin, unit):
    app = ready_application(unit=unit)
    evidence = app.attachments.get()
    login(client, unit_admin)
    response = client.post(
        reverse("establishment:claim_add", args=[app.pk]),
        {"claim-category": "award_or_project", "claim-description": "自治区科学技术进步奖一等奖", "claim-year": "2025",
         "claim-evidence": evidence.pk},
        follow=True,
    )  # fmt: skip
    assert "已添加优先条件。" in messages_of(response)
    claim = PriorityClaim.objects.get(application=app)
    assert (claim.category, claim.year, claim.evidence_id) == ("award_or_project", 2025, evidence.pk)
    detail = client.get(app.get_absolute_url()).content.decode()
    assert 'data-code="art10.ok"' in detail
    client.post(reverse("establishment:claim_delete", args=[claim.pk]))
    assert not PriorityClaim.objects.filter(pk=claim.pk).exists()


def test_claim_evidence_must_be_this_applications_attachment(client, unit_admin, unit, hohhot):
    app = ready_application(unit=unit)
    foreign = ready_application(unit=UnitFactory(bureau=hohhot)).attachments.get()
    response = login(client, unit_admin).post(
        reverse("establishment:claim_add", args=[app.pk]),
        {
            "claim-category": "platform",
            "claim-description": "自治区工程技术研究中心",
            "claim-evidence": foreign.pk,
        },
        follow=True,
    )
    assert len(messages_of(response)) == 1 and messages_of(response)[0].startswith("证明材料：")
    assert not PriorityClaim.objects.filter(application=app).exists()


def test_unit_admin_submits_from_detail_page(client, unit_admin, unit, hohhot_officer):
    app = ready_application(unit=unit)
    login(client, unit_admin)
    detail = client.get(app.get_absolute_url()).content.decode()
    assert 'data-action="submit"' in detail and "符合全部申报条件" in detail
    response = client.post(
        reverse("establishment:application_transition", args=[app.pk]), {"action": "submit"}, follow=True
    )
    app.refresh_from_db()
    assert app.state == ApplicationState.BUREAU_REVIEW and app.submitted_at is not None
    assert "“提交申请”已办理，当前状态：盟市初审中。" in messages_of(response)
    assert login(client, hohhot_officer).get(app.get_absolute_url()).status_code == 200


def test_refused_submit_shows_finding_and_changes_nothing(client, unit_admin, unit):
    app = ready_application(unit=unit)
    SeniorResearcher.objects.filter(application=app).delete()
    login(client, unit_admin)
    detail = client.get(app.get_absolute_url()).content.decode()
    panel = detail.split('data-testid="action-panel"')[1].split("</section>")[0]
    assert 'data-action="submit" data-refused="1"' in panel
    assert "不符合第九条第（三）项" in panel
    response = client.post(
        reverse("establishment:application_transition", args=[app.pk]), {"action": "submit"}, follow=True
    )
    app.refresh_from_db()
    assert app.state == ApplicationState.DRAFT
    assert messages_of(response) == [
        "不符合第九条第（三）项：具有高级职称或相应水平、可担任博士后合作导师的本单位全职科研人员仅0名，要求至少1名。"
    ]


def test_comment_required_action_is_marked_and_refused_without_comment(client, hohhot_officer, unit):
    app = submitted(unit)
    login(client, hohhot_officer)
    panel = client.get(app.get_absolute_url()).content.decode().split('data-testid="action-panel"')[1]
    assert 'id="comment-bureau_return" name="comment" rows="2" required' in panel
    response = client.post(
        reverse("establishment:application_transition", args=[app.pk]),
        {"action": "bureau_return"},
        follow=True,
    )
    assert messages_of(response) == ["请填写意见或理由。（依据：第十一条第（二）项）"]
    app.refresh_from_db()
    assert app.state == ApplicationState.BUREAU_REVIEW


# --- preliminary review and the bureau batch ---------------------------------------------------------------
def review_payload(**overrides):
    data = {f"verdict_{k}": "yes" for k in "12345"}
    data.update({"comment_1": "营业执照齐全", "inspection": "实地考察：研发中心运转正常。", "inspected_on": "2026-11-02",
                 "recommendation": "同意推荐。"})  # fmt: skip
    data.update(overrides)
    return data


def test_preliminary_review_then_recommend_then_batch_submit(
    client, hohhot_officer, unit, unit_admin, open_round
):
    app = submitted(unit, open_round)
    login(client, hohhot_officer)
    url = reverse("establishment:preliminary_review", args=[app.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, review_payload())
    assert response["Location"] == app.get_absolute_url()
    review = BaseApplication.objects.get(pk=app.pk).preliminary_review
    assert review.condition_checks == {k: True for k in "12345"}
    assert review.condition_comments == {"1": "营业执照齐全"}
    detail = client.get(app.get_absolute_url()).content.decode()
    assert "实地考察：研发中心运转正常。" in detail
    client.post(
        reverse("establishment:application_transition", args=[app.pk]), {"action": "bureau_recommend"}
    )
    app.refresh_from_db()
    assert app.state == ApplicationState.RECOMMENDED
    batch_url = reverse("establishment:bureau_batch", args=[open_round.pk])
    page = client.get(batch_url).content.decode()
    assert f'name="rank_{app.pk}"' in page
    client.post(batch_url, {"op": "rank", f"rank_{app.pk}": "1"})
    assert BaseApplication.objects.get(pk=app.pk).preliminary_review.rank == 1
    response = client.post(batch_url, {"op": "submit", "comment": "本批推荐1家"}, follow=True)
    assert "已将1份推荐申请报送自治区。" in messages_of(response)
    app.refresh_from_db()
    assert app.state == ApplicationState.AT_REGION and app.forwarded_at is not None
    # The bureau's review is its own working paper: the applicant does not see it.
    detail = login(client, unit_admin).get(app.get_absolute_url()).content.decode()
    assert 'data-testid="preliminary-review"' not in detail and "同意推荐。" not in detail


def test_recommend_refused_until_review_complete(client, hohhot_officer, unit):
    app = submitted(unit)
    login(client, hohhot_officer)
    saved = client.post(
        reverse("establishment:preliminary_review", args=[app.pk]),
        review_payload(verdict_2="", recommendation=""),
        follow=True,
    )
    assert messages_of(saved) == ["已保存初审意见。完成后请在申请页面选择“同意推荐”、退回修改或不予推荐。"]
    response = client.post(
        reverse("establishment:application_transition", args=[app.pk]),
        {"action": "bureau_recommend"},
        follow=True,
    )
    assert messages_of(response) == [
        "初审不完整（第十一条第（二）项）：尚未对第九条第（二）项的申报条件给出是否符合的结论。",
        "初审不完整（第十一条第（二）项）：尚未形成书面推荐意见。",
    ]
    app.refresh_from_db()
    assert app.state == ApplicationState.BUREAU_REVIEW


def test_batch_submit_refused_while_applications_pending(client, hohhot_officer, unit, hohhot, open_round):
    recommended = submitted(unit, open_round, ApplicationState.RECOMMENDED)
    complete_review(recommended, rank=1)
    pending = submitted(UnitFactory(bureau=hohhot), open_round)
    login(client, hohhot_officer)
    batch_url = reverse("establishment:bureau_batch", args=[open_round.pk])
    response = client.post(batch_url, {"op": "submit"}, follow=True)
    assert messages_of(response) == [
        "还有1份申请尚未作出初审结论，请先逐一推荐、退回或不予推荐。（依据：第十一条第（二）项）"
    ]
    assert BaseApplication.objects.get(pk=recommended.pk).state == ApplicationState.RECOMMENDED
    assert "尚未作出初审结论" in response.content.decode() and pending.unit.name in response.content.decode()


def test_batch_submit_refused_when_ranking_invalid(client, hohhot_officer, unit, hohhot, open_round):
    for u in (unit, UnitFactory(bureau=hohhot)):
        complete_review(submitted(u, open_round, ApplicationState.RECOMMENDED), rank=1)
    login(client, hohhot_officer)
    response = client.post(
        reverse("establishment:bureau_batch", args=[open_round.pk]), {"op": "submit"}, follow=True
    )
    assert messages_of(response) == ["推荐排序重复（第十一条第（二）项）：排序1被多个推荐单位使用。"]


def test_bureau_forward_cannot_bypass_batch_page(client, hohhot_officer, unit):
    app = submitted(unit, state=ApplicationState.RECOMMENDED)
    complete_review(app, rank=1)
    login(client, hohhot_officer)
    client.post(reverse("establishment:application_transition", args=[app.pk]), {"action": "bureau_forward"})
    assert BaseApplication.objects.get(pk=app.pk).state == ApplicationState.RECOMMENDED


def test_batch_page_is_for_bureau_officers_only(client, unit_admin, region_admin, open_round):
    url = reverse("establishment:bureau_batch", args=[open_round.pk])
    for user in (unit_admin, region_admin):
        assert login(client, user).get(url).status_code == 403


def test_preliminary_review_forbidden_to_applicant_and_after_forwarding(
    client, unit_admin, hohhot_officer, unit
):
    app = submitted(unit)
    assert (
        login(client, unit_admin).get(reverse("establishment:preliminary_review", args=[app.pk])).status_code
        == 403
    )
    forwarded = submitted(UnitFactory(bureau=unit.bureau), state=ApplicationState.AT_REGION)
    url = reverse("establishment:preliminary_review", args=[forwarded.pk])
    assert login(client, hohhot_officer).get(url).status_code == 403


# --- the detail page ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ["unit_admin", "hohhot_officer", "region_admin"])
def test_detail_renders_for_each_role_in_scope(client, who, request, unit):
    app = submitted(unit)
    complete_review(app)
    user = request.getfixturevalue(who)
    page = login(client, fresh(user)).get(app.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert 'data-testid="eligibility"' in body and 'data-testid="timeline"' in body
    assert ('data-testid="preliminary-review"' in body) is (who != "unit_admin")
    assert "合作意向书.pdf" in body


def test_detail_timeline_shows_actor_role_and_time(client, unit_admin, unit):
    app = ready_application(unit=unit)
    application_workflow.apply(app, "submit", actor=fresh(unit_admin), comment="请审核")
    body = login(client, unit_admin).get(app.get_absolute_url()).content.decode()
    timeline = body.split('data-testid="timeline"')[1].split("</section>")[0]
    event = AuditEvent.objects.get(subject_id=str(app.pk), action="submit")
    at = timezone.localtime(event.at)
    assert f"{at.year}年{at.month}月{at.day}日 {at:%H:%M}" in timeline
    assert "unit_admin" in timeline or str(unit_admin) in timeline
    assert "单位博士后管理员" in timeline and "提交申请" in timeline and "草稿 → 盟市初审中" in timeline
    assert "请审核" in timeline


def test_detail_query_count_does_not_grow_with_children(client, unit_admin, unit, django_assert_num_queries):
    app = ready_application(unit=unit)
    login(client, unit_admin)
    url = app.get_absolute_url()

    def add_children():
        for i in range(4):
            SeniorResearcher.objects.create(application=app, name=f"研究员{i}", title="研究员")
            client.post(
                reverse("establishment:attachment_upload", args=[app.pk]),
                {"att-kind": "other", "att-file": pdf(f"{i}.pdf")},
            )

    response = assert_same_queries(client, url, django_assert_num_queries, add_children)
    assert app.attachments.count() == 5 and app.researchers.count() == 5
    assert_rows_shown(response, [r.name for r in app.researchers.all()] + [f"{i}.pdf" for i in range(4)])


def test_rounds_stay_two_yearly_note_on_detail(client, region_admin, open_round):
    body = login(client, region_admin).get(open_round.get_absolute_url()).content.decode()
    assert "原则上每两年组织一次（第十一条）" in body
