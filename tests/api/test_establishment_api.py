from datetime import timedelta

import pytest
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment.models import Attachment, BaseApplication, PreliminaryReview, Round
from postdoc_base.kernel.models import AuditEvent
from tests.api.conftest import submitted_application
from tests.factories import PDF_BYTES, RoundFactory, StationFactory, UnitFactory, bureau, user_with_role

pytestmark = pytest.mark.django_db

FULL_REVIEW = {
    "condition_checks": {"1": True, "2": True, "3": True, "4": True, "5": True},
    "condition_comments": {"1": "符合"},
    "inspection": "已实地考察研发场地与人员。",
    "inspected_on": "2026-03-01",
    "recommendation": "同意推荐。",
}


# --- rounds ----------------------------------------------------------------------------------------------
def test_round_create_patch_transition_and_history(api):
    region = user_with_role(Role.REGION_ADMIN)
    client = api(region)
    today = timezone.localdate()
    response = client.post("/rounds", {
        "name": "2026年第一批", "year": 2026, "application_deadline": str(today + timedelta(days=30)),
        "review_deadline": str(today + timedelta(days=60)),
    })  # fmt: skip
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response.json()["state_label"] == "筹备中"
    assert client.patch(f"/rounds/{pk}", {"notes": "说明"}).json()["notes"] == "说明"
    options = client.get(f"/rounds/{pk}/transitions").json()
    assert [(o["action"], o["allowed"]) for o in options] == [("open", True)]
    response = client.post(f"/rounds/{pk}/transitions", {"action": "open"})
    assert response.json() == {"state": "open", "state_label": "申报中"}
    history = client.get(f"/rounds/{pk}/history").json()
    assert [(e["action"], e["from_state"], e["to_state"]) for e in history] == [
        ("create", "", "draft"), ("update", "", ""), ("open", "draft", "open"),
    ]  # fmt: skip
    assert history[0]["role"] == "region_admin"


def test_round_patch_with_bad_dates_is_422_and_unchanged(api):
    round_ = RoundFactory()
    before = round_.review_deadline
    response = api(user_with_role(Role.REGION_ADMIN)).patch(
        f"/rounds/{round_.pk}", {"review_deadline": str(round_.application_deadline - timedelta(days=1))}
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {"review_deadline": ["盟市推荐截止日期不能早于单位申报截止日期。"]}
    round_.refresh_from_db()
    assert round_.review_deadline == before


def test_round_create_by_bureau_officer_is_403(api):
    response = api(user_with_role(Role.BUREAU_OFFICER, bureau())).post("/rounds", {
        "name": "x", "year": 2026, "application_deadline": "2026-05-01", "review_deadline": "2026-06-01",
    })  # fmt: skip
    assert response.status_code == 403
    assert Round.objects.count() == 0


def test_draft_rounds_hidden_from_non_region_users(api):
    draft = RoundFactory(state="draft")
    client = api(user_with_role(Role.BUREAU_OFFICER, bureau()))
    assert client.get("/rounds").json()["count"] == 0
    for path in (f"/rounds/{draft.pk}", f"/rounds/{draft.pk}/transitions", f"/rounds/{draft.pk}/history"):
        assert client.get(path).status_code == 404


def test_refused_round_transition_is_409_with_findings(api):
    RoundFactory(state="open")
    other = RoundFactory(state="draft")
    response = api(user_with_role(Role.REGION_ADMIN)).post(
        f"/rounds/{other.pk}/transitions", {"action": "open"}
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "transition_refused"
    assert body["findings"] == [{
        "ok": False, "code": "round.another_open", "article": "第十一条",
        "message": "已有正在申报的批次，同一时间只开放一个批次。",
    }]  # fmt: skip
    other.refresh_from_db()
    assert other.state == "draft"


def test_unknown_action_is_400(api):
    round_ = RoundFactory()
    response = api(user_with_role(Role.REGION_ADMIN)).post(
        f"/rounds/{round_.pk}/transitions", {"action": "fly"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unknown_action"


# --- applications: scope across two bureaus ---------------------------------------------------------------
def test_bureau_officers_cannot_see_each_others_applications(api, two_bureaus):
    hohhot_app, baotou_app = two_bureaus["hohhot_app"], two_bureaus["baotou_app"]
    for officer, mine, theirs in (
        (two_bureaus["hohhot_officer"], hohhot_app, baotou_app),
        (two_bureaus["baotou_officer"], baotou_app, hohhot_app),
    ):
        client = api(officer)
        body = client.get("/base-applications").json()
        assert (body["count"], [a["id"] for a in body["items"]]) == (1, [mine.pk])
        assert client.get("/base-applications", bureau=theirs.unit.bureau_id).json()["count"] == 0
        assert client.get("/base-applications", round=mine.round_id).json()["count"] == 1
        for suffix in ("", "/transitions", "/history"):
            assert client.get(f"/base-applications/{mine.pk}{suffix}").status_code == 200
            response = client.get(f"/base-applications/{theirs.pk}{suffix}")
            assert response.status_code == 404
            assert response.json() == {"code": "not_found", "message": "未找到该对象。", "findings": []}
        response = client.post(
            f"/base-applications/{theirs.pk}/transitions", {"action": "bureau_reject", "comment": "x"}
        )
        assert response.status_code == 404
        assert (
            client.put(f"/base-applications/{theirs.pk}/preliminary-review", FULL_REVIEW).status_code == 404
        )
    assert BaseApplication.objects.filter(state="bureau_review").count() == 2


def test_region_admin_sees_both_and_filters(api, two_bureaus):
    client = api(two_bureaus["region"])
    assert client.get("/base-applications").json()["count"] == 2
    assert client.get("/base-applications", state="bureau_review").json()["count"] == 2
    assert client.get("/base-applications", state="draft").json()["count"] == 0
    baotou = two_bureaus["baotou_app"]
    assert [
        a["id"] for a in client.get("/base-applications", bureau=bureau("包头市").pk).json()["items"]
    ] == [baotou.pk]
    assert [a["id"] for a in client.get("/base-applications", q=baotou.unit.uscc).json()["items"]] == [
        baotou.pk
    ]


def test_application_detail_has_eligibility_children_and_review_for_bureau(api, two_bureaus):
    app = two_bureaus["hohhot_app"]
    body = api(two_bureaus["hohhot_officer"]).get(f"/base-applications/{app.pk}").json()
    assert body["state_label"] == "盟市初审中"
    assert body["eligibility"]["eligible"] is True
    assert [f["code"] for f in body["eligibility"]["findings"] if not f["ok"]] == []
    assert body["researchers"][0]["name"] == "巴特尔·朝鲁"
    assert body["projects"][0]["title"] == "煤基新材料关键技术研究"
    assert body["attachments"][0]["kind_label"] == "与流动站合作意向书"
    assert body["preliminary_review"] is None
    # The applicant does not see the bureau's working notes.
    PreliminaryReview.objects.create(application=app, inspection="考察", rank=1)
    assert (
        api(two_bureaus["hohhot_officer"])
        .get(f"/base-applications/{app.pk}")
        .json()["preliminary_review"]["rank"]
        == 1
    )
    assert (
        api(two_bureaus["hohhot_applicant"]).get(f"/base-applications/{app.pk}").json()["preliminary_review"]
        is None
    )


def test_preliminary_review_recommend_and_bureau_submission(api, two_bureaus):
    app, officer = two_bureaus["hohhot_app"], two_bureaus["hohhot_officer"]
    client = api(officer)
    refused = client.post(f"/base-applications/{app.pk}/transitions", {"action": "bureau_recommend"})
    assert refused.status_code == 409
    assert refused.json()["findings"][0]["code"] == "art11.2.review_missing"
    response = client.put(f"/base-applications/{app.pk}/preliminary-review", FULL_REVIEW)
    assert response.status_code == 200
    assert response.json()["recommendation"] == "同意推荐。"
    options = {
        o["action"]: o["allowed"] for o in client.get(f"/base-applications/{app.pk}/transitions").json()
    }
    assert options["bureau_recommend"] is True
    response = client.post(f"/base-applications/{app.pk}/transitions", {"action": "bureau_recommend"})
    assert response.json() == {"state": "recommended", "state_label": "盟市拟推荐"}
    round_id = app.round_id
    # The Baotou officer may not submit Hohhot's batch.
    denied = api(two_bureaus["baotou_officer"]).post(
        f"/rounds/{round_id}/bureau-submissions", {"bureau": bureau().pk, "ranks": {str(app.pk): 1}}
    )
    assert denied.status_code == 403
    response = client.post(
        f"/rounds/{round_id}/bureau-submissions", {"bureau": bureau().pk, "ranks": {str(app.pk): 1}}
    )
    assert response.status_code == 200
    assert response.json() == [{"id": app.pk, "state": "at_region", "rank": 1}]
    history = [e["action"] for e in client.get(f"/base-applications/{app.pk}/history").json()]
    assert history == ["submit", "preliminary_review_save", "bureau_recommend", "rank_set", "bureau_forward"]


def test_bureau_submission_with_bad_ranking_is_409_and_keeps_old_ranks(api, two_bureaus):
    app, officer = two_bureaus["hohhot_app"], two_bureaus["hohhot_officer"]
    client = api(officer)
    client.put(f"/base-applications/{app.pk}/preliminary-review", FULL_REVIEW)
    client.post(f"/base-applications/{app.pk}/transitions", {"action": "bureau_recommend"})
    response = client.post(
        f"/rounds/{app.round_id}/bureau-submissions", {"bureau": bureau().pk, "ranks": {str(app.pk): 3}}
    )
    assert response.status_code == 409
    assert response.json()["code"] == "transition_refused"
    app.refresh_from_db()
    assert (app.state, app.preliminary_review.rank) == ("recommended", None)


def test_comment_required_refusal_lists_findings(api, two_bureaus):
    app = two_bureaus["hohhot_app"]
    response = api(two_bureaus["hohhot_officer"]).post(
        f"/base-applications/{app.pk}/transitions", {"action": "bureau_return"}
    )
    assert response.status_code == 409
    assert response.json()["findings"][0]["message"] == "请填写意见或理由。"


def test_applicant_cannot_take_bureau_action_403(api, two_bureaus):
    app = two_bureaus["hohhot_app"]
    response = api(two_bureaus["hohhot_applicant"]).post(
        f"/base-applications/{app.pk}/transitions", {"action": "bureau_reject", "comment": "x"}
    )
    assert response.status_code == 403
    assert response.json()["findings"][0]["code"] == "kernel.not_permitted"


# --- applications: applicant side -----------------------------------------------------------------------
@pytest.fixture
def applicant_setup(db):
    unit = UnitFactory()
    return RoundFactory(), unit, user_with_role(Role.UNIT_ADMIN, unit)


def test_create_patch_upload_download_and_submit(api, applicant_setup):
    round_, unit, user = applicant_setup
    client = api(user)
    response = client.post("/base-applications", {"round": round_.pk, "unit": unit.pk})
    assert response.status_code == 201
    pk = response.json()["id"]
    assert response.json()["eligibility"]["eligible"] is False
    station = StationFactory()
    response = client.patch(f"/base-applications/{pk}", {
        "operating_well": True, "operating_status": "良好", "rnd_institution": "研发中心", "station": station.pk,
        "recruitment_plan": "每年2名", "management_rules": "已制定", "research_conditions": "实验室",
        "living_conditions": "公寓", "offered_annual_pay_yuan": 150000,
        "researchers": [{"name": "巴特尔·朝鲁", "title": "正高级工程师"}],
        "projects": [{"title": "煤基新材料"}],
    })  # fmt: skip
    assert response.status_code == 200
    assert response.json()["researchers"][0]["name"] == "巴特尔·朝鲁"
    response = client.client.post(
        f"/api/v1/base-applications/{pk}/attachments",
        {"kind": "intention", "file": _pdf()},
    )
    assert response.status_code == 201
    attachment = response.json()
    assert (attachment["kind"], attachment["original_name"], attachment["size"]) == (
        "intention",
        "意向书.pdf",
        len(PDF_BYTES),
    )
    download = client.client.get(attachment["download_url"])
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES
    detail = client.get(f"/base-applications/{pk}").json()
    assert detail["eligibility"]["eligible"] is True
    response = client.post(f"/base-applications/{pk}/transitions", {"action": "submit"})
    assert response.json() == {"state": "bureau_review", "state_label": "盟市初审中"}
    # Another bureau's officer cannot download it.
    other = api(user_with_role(Role.BUREAU_OFFICER, bureau("包头市")))
    assert other.client.get(attachment["download_url"]).status_code == 404


def _pdf():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("意向书.pdf", PDF_BYTES, content_type="application/pdf")


def test_upload_of_wrong_type_is_422_and_nothing_stored(api, applicant_setup):
    from django.core.files.uploadedfile import SimpleUploadedFile

    round_, unit, user = applicant_setup
    client = api(user)
    pk = client.post("/base-applications", {"round": round_.pk, "unit": unit.pk}).json()["id"]
    response = client.client.post(
        f"/api/v1/base-applications/{pk}/attachments",
        {
            "kind": "other",
            "file": SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", content_type="application/pdf"),
        },
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert Attachment.objects.count() == 0


def test_duplicate_application_is_409(api, applicant_setup):
    round_, unit, user = applicant_setup
    client = api(user)
    assert client.post("/base-applications", {"round": round_.pk, "unit": unit.pk}).status_code == 201
    response = client.post("/base-applications", {"round": round_.pk, "unit": unit.pk})
    assert response.status_code == 409
    assert response.json()["findings"][0]["code"] == "art11.duplicate"
    assert BaseApplication.objects.count() == 1


def test_create_for_unit_out_of_scope_is_404(api, applicant_setup):
    round_, _unit, user = applicant_setup
    other = UnitFactory()
    response = api(user).post("/base-applications", {"round": round_.pk, "unit": other.pk})
    assert response.status_code == 404
    assert BaseApplication.objects.count() == 0


def test_patch_with_invalid_type_is_422_and_unchanged(api, applicant_setup):
    round_, unit, user = applicant_setup
    client = api(user)
    pk = client.post("/base-applications", {"round": round_.pk, "unit": unit.pk}).json()["id"]
    response = client.patch(f"/base-applications/{pk}", {"planned_recruits": "many", "recruitment_plan": "x"})
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["planned_recruits"]
    assert BaseApplication.objects.get(pk=pk).recruitment_plan == ""
    assert AuditEvent.objects.filter(action="update").count() == 0


def test_patch_after_submission_is_409(api, two_bureaus):
    app = two_bureaus["hohhot_app"]
    response = api(two_bureaus["hohhot_applicant"]).patch(
        f"/base-applications/{app.pk}", {"recruitment_plan": "新"}
    )
    assert response.status_code == 409
    assert response.json()["findings"][0]["code"] == "kernel.wrong_state"


# --- query counts ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("rows", [1, 20])
def test_application_list_query_count_is_constant(api, django_assert_num_queries, rows):
    round_ = RoundFactory()
    made = [submitted_application("呼和浩特市", round_)[0] for _ in range(rows)]
    client = api(user_with_role(Role.BUREAU_OFFICER, bureau()))
    with django_assert_num_queries(5):
        body = client.get("/base-applications").json()
    assert body["count"] == rows
    assert {i["id"] for i in body["items"]} == {a.pk for a in made}


@pytest.mark.parametrize("rows", [1, 20])
def test_round_list_query_count_is_constant(api, django_assert_num_queries, rows):
    made = RoundFactory.create_batch(rows, state="closed")
    client = api(user_with_role(Role.REGION_ADMIN))
    with django_assert_num_queries(5):
        body = client.get("/rounds").json()
    assert body["count"] == rows
    assert {i["name"] for i in body["items"]} == {r.name for r in made}
