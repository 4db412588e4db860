"""Evaluation pages, API and export (Arts. 5, 6, 25): scope in two bureaus (an intruder gets 404, a control user
200), the forms with Chinese errors that write nothing, query counts at 1 and 20 rows, the export in the list's
scope, the base file's section."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.oversight.evaluations import services
from postdoc_base.oversight.evaluations.enums import EvaluationState as ES
from postdoc_base.oversight.evaluations.models import Evaluation, EvaluationCampaign, EvaluationScore
from postdoc_base.oversight.evaluations.workflow import evaluation_workflow
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.appointments import pdf
from tests.factories.pages import assert_rows_shown, body_text, json_ids, xlsx_cells
from tests.factories.review import expert_with_account
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = pytest.mark.django_db

FILED = date(2024, 11, 20)


def today():
    return timezone.localdate()


def campaign_fields(name="2026年度基地评估"):
    return {
        "name": name, "year": 2026, "reference_date": today(), "self_due_on": today() + timedelta(days=30),
        "check_due_on": today() + timedelta(days=60), "grade_due_on": today() + timedelta(days=90),
    }  # fmt: skip


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    b1 = make_base("草原乳业", "呼和浩特市", filed_on=FILED)
    b2 = make_base("稀土新材料", "包头市", filed_on=FILED)
    w = {
        "b1": b1, "b2": b2,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2), "station": station_contact(StationFactory()),
        "expert": expert_with_account("王专家")[1],
    }  # fmt: skip
    w["campaign"] = services.campaign_open(actor=w["region"], **campaign_fields())
    w["mine"] = Evaluation.objects.get(campaign=w["campaign"], base=b1)
    w["other"] = Evaluation.objects.get(campaign=w["campaign"], base=b2)
    return w


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def fill(w, evaluation, score=85, who="base_same"):
    scores = {i.pk: score for i in evaluation.campaign.indicators.all()}
    services.evaluation_fill(actor=w[who], evaluation=evaluation, scores=scores, statement="自评报告")
    return evaluation_workflow.apply(evaluation, "submit", actor=w[who])


# --- scope -----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who, status", [("region", 200), ("bureau_same", 200), ("base_same", 200),
                                         ("bureau_other", 404), ("base_other", 404), ("station", 404),
                                         ("expert", 404)])  # fmt: skip
def test_detail_page_and_api_answer_only_within_scope(world, who, status):
    c = login(world[who])
    pk = world["mine"].pk
    assert c.get(reverse("oversight:evaluation_detail", args=[pk])).status_code == status
    assert c.get(f"/api/v1/evaluations/{pk}").status_code == status
    assert c.get(f"/api/v1/evaluations/{pk}/history").status_code == status
    assert c.get(f"/api/v1/evaluations/{pk}/transitions").status_code == status


@pytest.mark.parametrize("who, expected", [("region", {"mine", "other"}), ("bureau_same", {"mine"}),
                                           ("base_other", {"other"}), ("station", set())])  # fmt: skip
def test_list_page_api_and_export_show_the_same_scope(world, who, expected):
    c = login(world[who])
    ids = {world[k].pk for k in expected}
    page = c.get(reverse("oversight:evaluation_list"))
    assert {
        int(x) for x in page.content.decode().split('data-evaluation="')[1:] for x in [x.split('"')[0]]
    } == ids
    assert json_ids(c.get("/api/v1/evaluations")) == ids
    cells = xlsx_cells(c.get(reverse("oversight:evaluation_export") + f"?campaign={world['campaign'].pk}"))
    names = {world[k].base.name for k in ("mine", "other")}
    assert cells & names == {world[k].base.name for k in expected}


@pytest.mark.parametrize("who, status", [("region", 200), ("bureau_same", 200), ("base_other", 200),
                                         ("station", 404), ("expert", 404)])  # fmt: skip
def test_a_campaign_is_seen_by_the_region_and_those_who_see_one_of_its_evaluations(world, who, status):
    c = login(world[who])
    pk = world["campaign"].pk
    r = c.get(reverse("oversight:evaluation_campaign_detail", args=[pk]))
    assert r.status_code == status
    assert c.get(f"/api/v1/evaluation-campaigns/{pk}").status_code == status
    if who == "base_other":
        assert world["b2"].name in body_text(r) and world["b1"].name not in body_text(r)
        assert c.get("/api/v1/evaluation-campaigns").json()["items"][0]["evaluation_count"] == 1


@pytest.mark.parametrize("who", ["bureau_same", "base_same", "station"])
def test_only_the_region_opens_a_campaign_or_forms_its_panel_on_the_pages(world, who):
    c = login(world[who])
    assert c.get(reverse("oversight:evaluation_campaign_create")).status_code == 404
    assert (
        c.get(reverse("oversight:evaluation_campaign_panel", args=[world["campaign"].pk])).status_code == 404
    )
    r = c.post("/api/v1/evaluation-campaigns", {**campaign_fields("另一批次"), "reference_date": str(today()),
               "self_due_on": str(today() + timedelta(days=30)), "check_due_on": str(today() + timedelta(days=60)),
               "grade_due_on": str(today() + timedelta(days=90))}, content_type="application/json")  # fmt: skip
    assert r.status_code == 403
    assert EvaluationCampaign.objects.count() == 1


# --- the campaign form -----------------------------------------------------------------------------------------
def test_the_region_opens_a_campaign_on_the_page(world):
    c = login(world["region"])
    assert "管理与制度建设" in body_text(c.get(reverse("oversight:evaluation_campaign_create")))
    data = {**{k: str(v) for k, v in campaign_fields("2027年度基地评估").items()}, "min_filed_years": 2,
            "excellent_min": 90, "good_min": 80, "qualified_min": 60,
            "indicator_1": "管理", "weight_1": 50, "indicator_2": "成果", "weight_2": 50}  # fmt: skip
    r = c.post(reverse("oversight:evaluation_campaign_create"), data)
    campaign = EvaluationCampaign.objects.get(name="2027年度基地评估")
    assert r.status_code == 302 and r["Location"] == campaign.get_absolute_url()
    assert [i.label for i in campaign.indicators.all()] == ["管理", "成果"]
    assert campaign.evaluations.count() == 2


def test_a_bad_campaign_form_shows_chinese_errors_and_writes_nothing(world):
    c = login(world["region"])
    data = {**{k: str(v) for k, v in campaign_fields("2027年度基地评估").items()}, "min_filed_years": 2,
            "excellent_min": 80, "good_min": 90, "qualified_min": 60,
            "indicator_1": "管理", "weight_1": 50, "indicator_2": "成果", "weight_2": 40}  # fmt: skip
    r = c.post(reverse("oversight:evaluation_campaign_create"), data)
    text = body_text(r)
    assert r.status_code == 200
    assert "评估指标的权重合计须为100，现为90。" in text and "等次分数线须依次递减" in text
    assert EvaluationCampaign.objects.count() == 1


# --- the evaluation forms --------------------------------------------------------------------------------------
def test_the_base_fills_its_self_evaluation_on_the_page(world):
    c = login(world["base_same"])
    page = body_text(c.get(world["mine"].get_absolute_url()))
    assert 'data-testid="fill-form"' in page and 'data-testid="check-form"' not in page
    indicators = list(world["campaign"].indicators.all())
    data = {f"score_{i.pk}": "88" for i in indicators} | {"statement": "自评报告", "file": pdf("材料.pdf"),
                                                          "evidence_indicator": indicators[0].pk}  # fmt: skip
    r = c.post(reverse("oversight:evaluation_fill", args=[world["mine"].pk]), data)
    assert r.status_code == 302
    assert EvaluationScore.objects.filter(evaluation=world["mine"]).count() == 5
    detail = body_text(c.get(world["mine"].get_absolute_url()))
    assert "材料.pdf" in detail and 'data-action="submit"' in detail
    evidence = world["mine"].evidence.get()
    url = reverse("oversight:evaluation_evidence", args=[world["mine"].pk, evidence.pk])
    assert c.get(url).status_code == 200
    assert login(world["base_other"]).get(url).status_code == 404


def test_a_bad_score_on_the_page_shows_a_chinese_error_and_writes_nothing(world):
    c = login(world["base_same"])
    first = world["campaign"].indicators.first()
    r = c.post(
        reverse("oversight:evaluation_fill", args=[world["mine"].pk]),
        {f"score_{first.pk}": "120", "statement": "x"},
    )
    assert r.status_code == 200
    assert "“管理与制度建设”：评分须为0至100之间的数字。" in body_text(r)
    assert EvaluationScore.objects.count() == 0


@pytest.mark.parametrize(
    "who, status", [("base_other", 404), ("bureau_other", 404), ("region", 302), ("bureau_same", 302)]
)
def test_the_fill_page_refuses_others(world, who, status):
    r = login(world[who]).get(reverse("oversight:evaluation_fill", args=[world["mine"].pk]))
    assert r.status_code == status


def test_the_bureau_checks_and_the_region_grades_on_the_pages(world):
    fill(world, world["mine"], score=85)
    bureau_page = body_text(login(world["bureau_same"]).get(world["mine"].get_absolute_url()))
    assert 'data-testid="check-form"' in bureau_page
    r = login(world["bureau_same"]).post(
        reverse("oversight:evaluation_check", args=[world["mine"].pk]),
        {"decision": "forward", "comment": "同意"},
    )
    assert r.status_code == 302
    region = login(world["region"])
    page = body_text(region.get(world["mine"].get_absolute_url()))
    assert "按当前评分，综合得分85.00，等次为“良好”。" in page
    r = region.post(reverse("oversight:evaluation_grade", args=[world["mine"].pk]), {"comment": ""})
    assert r.status_code == 302
    assert Evaluation.objects.get(pk=world["mine"].pk).grade == "good"


def test_the_check_form_needs_an_opinion(world):
    fill(world, world["mine"])
    r = login(world["bureau_same"]).post(
        reverse("oversight:evaluation_check", args=[world["mine"].pk]), {"decision": "forward", "comment": ""}
    )
    assert r.status_code == 200 and "必填" in body_text(r)
    assert Evaluation.objects.get(pk=world["mine"].pk).state == ES.SUBMITTED


# --- the API ---------------------------------------------------------------------------------------------------
def test_the_api_runs_the_whole_evaluation(world):
    base, bureau_, region = login(world["base_same"]), login(world["bureau_same"]), login(world["region"])
    pk = world["mine"].pk
    scores = {str(i.pk): 50 for i in world["campaign"].indicators.all()}
    r = base.post(f"/api/v1/evaluations/{pk}/self-evaluation", {"scores": scores, "statement": "自评"},
                  content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and len(r.json()["scores"]) == 5
    r = base.post(f"/api/v1/evaluations/{pk}/evidence", {"file": pdf("佐证.pdf")})
    assert r.status_code == 201 and r.json()["evidence"][0]["file_name"] == "佐证.pdf"
    assert base.post(f"/api/v1/evaluations/{pk}/transitions", {"action": "submit"},
                     content_type="application/json").json()["state"] == ES.SUBMITTED  # fmt: skip
    r = login(world["bureau_other"]).post(f"/api/v1/evaluations/{pk}/check", {"decision": "forward", "comment": "x"},
                                          content_type="application/json")  # fmt: skip
    assert r.status_code == 404
    r = bureau_.post(f"/api/v1/evaluations/{pk}/check", {"decision": "forward", "comment": "同意"},
                     content_type="application/json")  # fmt: skip
    assert r.json()["state"] == ES.CHECKED
    r = region.post(f"/api/v1/evaluations/{pk}/grade", {}, content_type="application/json")
    assert (r.json()["grade"], r.json()["state"]) == ("unqualified", ES.RECTIFYING)
    r = base.post(f"/api/v1/evaluations/{pk}/rectification", {"report": "已整改", "file": pdf("整改.pdf")})
    assert r.status_code == 200 and r.json()["rectification_report"] == "已整改"
    base.post(
        f"/api/v1/evaluations/{pk}/transitions",
        {"action": "submit_rectification"},
        content_type="application/json",
    )
    r = region.post(f"/api/v1/evaluations/{pk}/transitions", {"action": "pass_recheck", "comment": "整改到位"},
                    content_type="application/json")  # fmt: skip
    assert r.json()["state"] == ES.RECTIFIED


def test_bad_api_input_gets_a_clear_answer_and_writes_nothing(world):
    base = login(world["base_same"])
    pk = world["mine"].pk
    first = world["campaign"].indicators.first()
    r = base.post(f"/api/v1/evaluations/{pk}/self-evaluation", {"scores": {str(first.pk): 101}},
                  content_type="application/json")  # fmt: skip
    assert r.status_code == 422 and "评分须为0至100之间的数字" in body_text(r)
    r = base.post(
        f"/api/v1/evaluations/{pk}/transitions", {"action": "submit"}, content_type="application/json"
    )
    assert r.status_code in (403, 409) and "未自评打分" in body_text(r)
    r = login(world["region"]).post("/api/v1/evaluation-campaigns", {
        **{k: str(v) for k, v in campaign_fields("新批次").items()}, "indicators": [{"label": "管理", "weight": 90}],
    }, content_type="application/json")  # fmt: skip
    assert r.status_code == 422 and "权重合计须为100" in body_text(r)
    assert EvaluationScore.objects.count() == 0 and EvaluationCampaign.objects.count() == 1


# --- the base file -----------------------------------------------------------------------------------------------
def test_the_base_file_lists_the_bases_evaluations(world):
    r = login(world["bureau_same"]).get(reverse("oversight:base_file", args=[world["b1"].pk]))
    text = body_text(r)
    assert "评估（第五条、第六条）" in text and "2026年度基地评估" in text and "待基地自评" in text


# --- query counts at 1 and 20 rows -------------------------------------------------------------------------------
def _grow(n, start=0):
    return [make_base(f"测试基地{start + i:02d}", "呼和浩特市", filed_on=FILED) for i in range(n)]


LISTS = ["oversight:evaluation_list", "/api/v1/evaluations", "oversight:evaluation_campaign_list",
         "/api/v1/evaluation-campaigns", "campaign_detail"]  # fmt: skip


@pytest.mark.parametrize("url", LISTS)
@pytest.mark.parametrize("who", ["region", "bureau_same"])
def test_lists_use_the_same_queries_for_1_and_20_rows(settings, url, who):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    region = user_with_role(Role.REGION_ADMIN)
    users = {"region": region, "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市"))}
    c = login(users[who])
    campaigns = url in ("oversight:evaluation_campaign_list", "/api/v1/evaluation-campaigns")

    def grow(n, start):
        bases = _grow(n, start)
        if campaigns:
            for i in range(n):
                services.campaign_open(actor=region, **campaign_fields(f"评估批次{start + i:02d}"))
            return [f"评估批次{start + i:02d}" for i in range(n)]
        if start == 0:
            grow.campaign = services.campaign_open(actor=region, **campaign_fields())
        else:
            from postdoc_base.oversight.evaluations.workflow import evaluation_workflow as wf

            wf.open_by_rule([Evaluation(campaign=grow.campaign, base=b) for b in bases], "open")
        return [b.name for b in bases]

    names = grow(1, 0)
    target = (
        reverse("oversight:evaluation_campaign_detail", args=[grow.campaign.pk])
        if url == "campaign_detail"
        else (url if url.startswith("/") else reverse(url))
    ) if not campaigns else (url if url.startswith("/") else reverse(url))  # fmt: skip
    c.get(target)
    with CaptureQueriesContext(connection) as one:
        r = c.get(target)
    assert_rows_shown(r, names)
    names += grow(19, 1)
    with CaptureQueriesContext(connection) as twenty:
        r = c.get(target)
    assert_rows_shown(r, names)
    assert len(one) == len(twenty), (url, who)


# --- the expert panel through the review module's pages (slice c) ------------------------------------------------
def test_the_region_forms_a_panel_and_experts_score_on_the_review_pages(world):
    from postdoc_base.review.models import Assignment

    fill(world, world["mine"])
    services.evaluation_check(
        actor=world["bureau_same"], evaluation=world["mine"], forward=True, comment="同意"
    )
    expert = world["expert"].assignments[0].expert
    region = login(world["region"])
    r = region.post(reverse("oversight:evaluation_campaign_panel", args=[world["campaign"].pk]),
                    {"name": "评估专家组", "due_on": str(today() + timedelta(days=10)), "experts": [expert.pk]})  # fmt: skip
    assert r.status_code == 302
    panel_url = r["Location"]
    page = body_text(region.get(panel_url))
    assert "2026年度基地评估评分标准" in page and "第五条" in page and "管理与制度建设" in page
    panel = Assignment.panel.field.related_model.objects.get()
    assign = reverse("oversight:evaluation_campaign_assign", args=[world["campaign"].pk, panel.pk])
    assert login(world["bureau_same"]).post(assign).status_code == 404
    r = region.post(assign)
    assert r.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.subject_id == world["mine"].pk
    assert "评估专家组" in body_text(region.get(world["campaign"].get_absolute_url()))
    scoring = login(world["expert"]).get(reverse("review:assignment_detail", args=[assignment.pk]))
    assert scoring.status_code == 200 and "管理与制度建设" in body_text(scoring)
