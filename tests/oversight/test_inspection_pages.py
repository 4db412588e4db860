"""Self-inspection pages, API and export (Art. 25): scope (an intruder gets 404, a control user 200), forms with
Chinese errors that write nothing, query counts at 1 and 20 rows, the export in the list's scope."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.oversight.inspections import services
from postdoc_base.oversight.inspections.enums import InspectionState as IS
from postdoc_base.oversight.inspections.models import InspectionComment, InspectionIssue, SelfInspection
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.appointments import pdf
from tests.factories.pages import assert_rows_shown, body_text, json_ids, xlsx_cells
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    w = {
        "b1": b1, "b2": b2,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2), "station": station_contact(StationFactory()),
    }  # fmt: skip
    w["mine"] = services.inspection_open(
        actor=w["base_same"], base=b1, year=b1.filed_on.year, summary="年度自查"
    )
    w["other"] = services.inspection_open(
        actor=w["base_other"], base=b2, year=b2.filed_on.year, summary="年度自查"
    )
    return w


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def today():
    return timezone.localdate()


def issue_of(w):
    return services.issue_add(actor=w["base_same"], inspection=w["mine"], description="台账缺失",
                              action="补建台账", deadline=today() + timedelta(days=20))  # fmt: skip


# --- scope: pages and API ------------------------------------------------------------------------------
DETAIL_PAGES = ["oversight:inspection_detail"]


@pytest.mark.parametrize("who, status", [("region", 200), ("bureau_same", 200), ("base_same", 200),
                                         ("bureau_other", 404), ("base_other", 404), ("station", 404)])  # fmt: skip
def test_detail_page_and_api_answer_only_within_scope(world, who, status):
    c = login(world[who])
    pk = world["mine"].pk
    assert c.get(reverse("oversight:inspection_detail", args=[pk])).status_code == status
    assert c.get(f"/api/v1/inspections/{pk}").status_code == status
    assert c.get(f"/api/v1/inspections/{pk}/history").status_code == status
    assert c.get(f"/api/v1/inspections/{pk}/transitions").status_code == status


@pytest.mark.parametrize("who, expected", [("region", {"mine", "other"}), ("bureau_same", {"mine"}),
                                           ("base_other", {"other"}), ("station", set())])  # fmt: skip
def test_list_page_api_and_export_show_the_same_scope(world, who, expected):
    c = login(world[who])
    ids = {world[k].pk for k in expected}
    page = c.get(reverse("oversight:inspection_list"))
    assert {i.pk for i in page.context["page"]} == ids
    assert json_ids(c.get("/api/v1/inspections")) == ids
    cells = xlsx_cells(c.get(reverse("oversight:inspection_export")))
    assert ("草原乳业有限公司博士后创新实践基地" in cells) is ("mine" in expected)
    assert ("稀土新材料有限公司博士后创新实践基地" in cells) is ("other" in expected)


def test_list_filters_by_state_and_year(world):
    c = login(world["region"])
    services.inspection_open(actor=world["base_same"], base=world["b1"], year=world["b1"].filed_on.year, half=1,
                             summary="上半年")  # fmt: skip
    from postdoc_base.oversight.inspections.workflow import inspection_workflow

    inspection_workflow.apply(world["mine"], "close", actor=world["base_same"])
    assert json_ids(c.get("/api/v1/inspections?state=closed")) == {world["mine"].pk}
    assert world["mine"].pk in {i.pk for i in c.get("/bases/inspections/?state=closed").context["page"]}
    assert json_ids(c.get("/api/v1/inspections?year=1999")) == set()


def test_an_intruder_cannot_use_the_forms_or_the_actions(world):
    intruder, pk = login(world["base_other"]), world["mine"].pk
    issue = issue_of(world)
    assert intruder.get(reverse("oversight:inspection_issue_create", args=[pk])).status_code == 404
    assert intruder.get(reverse("oversight:inspection_issue_fix", args=[pk, issue.pk])).status_code == 404
    assert (
        intruder.post(reverse("oversight:inspection_transition", args=[pk]), {"action": "close"}).status_code
        == 404
    )
    assert intruder.post(reverse("oversight:inspection_comment", args=[pk]), {"body": "x"}).status_code == 404
    assert intruder.post(f"/api/v1/inspections/{pk}/issues", {"description": "x", "action": "y",
                         "deadline": today().isoformat()}, content_type="application/json").status_code == 404  # fmt: skip
    assert intruder.post(f"/api/v1/inspections/{pk}/comments", {"body": "x"},
                         content_type="application/json").status_code == 404  # fmt: skip
    # the bureau reads but does not keep: the keeper's forms are 404 for it too
    assert (
        login(world["bureau_same"]).get(reverse("oversight:inspection_issue_create", args=[pk])).status_code
        == 404
    )
    assert InspectionIssue.objects.count() == 1 and InspectionComment.objects.count() == 0


# --- the keeper's pages --------------------------------------------------------------------------------
def test_the_keeper_opens_records_rectifies_and_closes_through_the_pages(world):
    c = login(world["base_same"])
    assert c.get(reverse("oversight:inspection_create")).status_code == 200
    r = c.post(reverse("oversight:inspection_create"), {"base": world["b1"].pk, "year": world["b1"].filed_on.year,
                                                        "half": 2, "summary": "下半年自查"})  # fmt: skip
    inspection = SelfInspection.objects.get(half=2)
    assert r.status_code == 302 and r.url == inspection.get_absolute_url()
    r = c.post(reverse("oversight:inspection_issue_create", args=[inspection.pk]),
               {"description": "经费台账不全", "action": "补齐", "deadline": (today() + timedelta(days=5)).isoformat()})  # fmt: skip
    assert r.status_code == 302
    issue = InspectionIssue.objects.get(inspection=inspection)
    html = c.get(inspection.get_absolute_url()).content.decode()
    assert (
        "经费台账不全" in html and "未整改" in html and 'data-refused="1"' in html
    )  # close refused, with why
    assert "尚有1个问题未整改完毕，不能完成自查。" in html
    r = c.post(reverse("oversight:inspection_issue_fix", args=[inspection.pk, issue.pk]),
               {"fixed_on": today().isoformat(), "fix_note": "已补齐", "evidence": pdf("佐证.pdf")})  # fmt: skip
    assert r.status_code == 302
    evidence = c.get(reverse("oversight:inspection_issue_evidence", args=[inspection.pk, issue.pk]))
    assert evidence.status_code == 200 and b"".join(evidence.streaming_content).startswith(b"%PDF")
    assert (
        login(world["bureau_other"])
        .get(reverse("oversight:inspection_issue_evidence", args=[inspection.pk, issue.pk]))
        .status_code
        == 404
    )
    r = c.post(reverse("oversight:inspection_transition", args=[inspection.pk]), {"action": "close"})
    inspection.refresh_from_db()
    assert (inspection.state, inspection.conclusion) == (IS.CLOSED, "rectified")
    html = c.get(inspection.get_absolute_url()).content.decode()
    for text in ("完成自查", "登记问题", "登记整改完成", "问题已整改"):
        assert text in html


def test_bad_input_on_the_forms_gets_chinese_errors_and_writes_nothing(world):
    c = login(world["base_same"])
    r = c.post(reverse("oversight:inspection_create"), {"base": world["b1"].pk, "year": world["b1"].filed_on.year,
                                                        "half": 0, "summary": "重复"})  # fmt: skip
    assert r.status_code == 200 and "该基地这一期间的自查已经登记。" in r.content.decode()
    r = c.post(reverse("oversight:inspection_issue_create", args=[world["mine"].pk]),
               {"description": "x", "action": "y", "deadline": (today() - timedelta(days=1)).isoformat()})  # fmt: skip
    assert r.status_code == 200 and "整改期限不能早于今天" in r.content.decode()
    issue = issue_of(world)
    r = c.post(reverse("oversight:inspection_issue_fix", args=[world["mine"].pk, issue.pk]),
               {"fixed_on": (today() + timedelta(days=2)).isoformat(), "fix_note": "完成"})  # fmt: skip
    assert r.status_code == 200 and "整改完成日期不能晚于今天。" in r.content.decode()
    assert (
        SelfInspection.objects.count() == 2
        and InspectionIssue.objects.filter(fixed_on__isnull=False).count() == 0
    )


def test_only_the_unit_administrator_gets_the_open_form(world):
    assert login(world["bureau_same"]).get(reverse("oversight:inspection_create")).status_code == 404
    assert login(world["region"]).get(reverse("oversight:inspection_create")).status_code == 404


# --- comments from the pages ---------------------------------------------------------------------------
def test_the_bureau_comments_from_the_detail_page_and_the_base_sees_it(world):
    bureau_client = login(world["bureau_same"])
    url = reverse("oversight:inspection_comment", args=[world["mine"].pk])
    assert bureau_client.post(url, {"body": "请于月底前完成整改。"}).status_code == 302
    html = login(world["base_same"]).get(world["mine"].get_absolute_url()).content.decode()
    assert "请于月底前完成整改。" in html and "评论" in html
    assert 'data-testid="comment-form"' not in html  # the base does not comment on itself
    login(world["base_same"]).post(url, {"body": "自评"})
    assert InspectionComment.objects.count() == 1


# --- API writes ----------------------------------------------------------------------------------------
def test_the_api_opens_records_rectifies_closes_and_comments(world):
    c = login(world["base_same"])
    r = c.post("/api/v1/inspections", {"base": world["b1"].pk, "year": world["b1"].filed_on.year, "half": 1,
                                       "summary": "接口自查"}, content_type="application/json")  # fmt: skip
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = c.post(f"/api/v1/inspections/{pk}/issues", {"description": "问题", "action": "措施",
               "deadline": (today() + timedelta(days=3)).isoformat()}, content_type="application/json")  # fmt: skip
    assert r.status_code == 201
    issue_pk = r.json()["id"]
    r = c.post(f"/api/v1/inspections/{pk}/transitions", {"action": "close"}, content_type="application/json")
    assert r.status_code in (403, 409, 422) and "art25.issues_open" in r.content.decode()
    r = c.post(
        f"/api/v1/inspections/{pk}/issues/{issue_pk}/fix",
        {"fixed_on": today().isoformat(), "fix_note": "完成"},
    )
    assert r.status_code == 200 and r.json()["fixed_on"] == today().isoformat()
    r = c.post(f"/api/v1/inspections/{pk}/transitions", {"action": "close"}, content_type="application/json")
    assert r.json()["state"] == IS.CLOSED
    r = login(world["region"]).post(f"/api/v1/inspections/{pk}/comments", {"body": "已阅"},
                                    content_type="application/json")  # fmt: skip
    assert r.status_code == 201
    detail = c.get(f"/api/v1/inspections/{pk}").json()
    assert (detail["conclusion"], len(detail["issues"]), detail["comments"][0]["body"]) == (
        "rectified",
        1,
        "已阅",
    )


def test_the_api_refuses_bad_input_in_chinese_and_writes_nothing(world):
    c = login(world["base_same"])
    r = c.post("/api/v1/inspections", {"base": world["b1"].pk, "year": 1999, "half": 0, "summary": "x"},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 422 and "自查年度须在" in body_text(r)
    r = login(world["bureau_same"]).post("/api/v1/inspections", {"base": world["b1"].pk, "year": 2026, "summary": "x"},
                                         content_type="application/json")  # fmt: skip
    assert r.status_code == 403 and "只有基地所在单位的管理员" in body_text(r)
    assert SelfInspection.objects.count() == 2


# --- query counts --------------------------------------------------------------------------------------
def _grow(w, n, start=0):
    for i in range(start, start + n):
        inspection = SelfInspection.objects.create(base=w["b1"], year=2000 + i, summary=f"自查{i}")
        InspectionIssue.objects.create(inspection=inspection, description="问题", action="措施",
                                       deadline=today(), found_on=today())  # fmt: skip


@pytest.mark.parametrize(
    "url", ["/bases/inspections/", "/bases/inspections/?state=open&year=", "/api/v1/inspections"]
)
@pytest.mark.parametrize("who", ["region", "bureau_same", "base_same"])
def test_list_uses_the_same_queries_for_1_and_20_rows(world, url, who):
    SelfInspection.objects.filter(base=world["b1"]).delete()
    c = login(world[who])
    _grow(world, 1)
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        r = c.get(url)
    assert_rows_shown(r, ["2000年全年"])
    _grow(world, 19, start=1)
    with CaptureQueriesContext(connection) as twenty:
        r = c.get(url)
    assert_rows_shown(r, [f"{2000 + i}年全年" for i in range(20)])
    assert len(one) == len(twenty), (url, who)
