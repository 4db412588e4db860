"""Time in stage (issue 12, item 4): the page /deadlines/stages/ and GET /api/v1/deadlines/stages, on audit
histories built by hand with known times: exact medians and 90th percentiles, the still-waiting items, the
split per bureau and per round, who sees what, a constant number of queries, and bad parameters."""

import itertools
import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.kernel.models import AuditEvent
from tests.factories import ApplicationFactory, RoundFactory, UnitFactory, bureau, user_with_role
from tests.factories.pages import assert_rows_shown

pytestmark = pytest.mark.django_db

URL = "/deadlines/stages/"
API = "/api/v1/deadlines/stages"
TZ = zoneinfo.ZoneInfo("Asia/Shanghai")
T0 = datetime(2025, 3, 3, 9, 0, tzinfo=TZ)
_seq = itertools.count(10**12)  # far past the chain's own numbers: these rows are written directly


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def event(subject, at, from_state, to_state, action="step"):
    """One audit event with a chosen time (the chain itself is not under test here)."""
    n = next(_seq)
    return AuditEvent.objects.create(
        seq=n, at=at, subject_type=subject._meta.label_lower, subject_id=str(subject.pk),
        subject_label=str(subject), action=action, from_state=from_state, to_state=to_state, hash=f"{n:064x}",
    )  # fmt: skip


def history(subject, *steps):
    """``steps``: (day, state) pairs; the first is the creation."""
    previous = ""
    for when, state in steps:
        event(subject, day(when) if not isinstance(when, datetime) else when, previous, state)
        previous = state


@pytest.fixture
def world():
    hohhot, baotou = bureau("呼和浩特市"), bureau("包头市")
    r1 = RoundFactory(name="2025年第一批")
    r2 = RoundFactory(name="2025年第二批")
    a1 = ApplicationFactory(round=r1, unit=UnitFactory(name="青城乳业有限公司", bureau=hohhot))
    a2 = ApplicationFactory(round=r1, unit=UnitFactory(name="敕勒川化工有限公司", bureau=hohhot))
    b1 = ApplicationFactory(round=r2, unit=UnitFactory(name="鹿城稀土有限公司", bureau=baotou))
    # Days in bureau review: a1 2, a2 4, b1 10; in draft: 1, 1 and half a day.
    history(a1, (0, S.DRAFT), (1, S.BUREAU_REVIEW), (3, S.RECOMMENDED))  # still recommended
    history(a2, (0, S.DRAFT), (1, S.BUREAU_REVIEW))
    event(a2, day(2), S.BUREAU_REVIEW, S.BUREAU_REVIEW, "comment")  # keeps the state: no change of step
    event(a2, day(2.5), S.BUREAU_REVIEW, "", "edit")  # a plain write
    event(a2, day(5), S.BUREAU_REVIEW, S.RETURNED)  # still returned
    history(b1, (0, S.DRAFT), (0.5, S.BUREAU_REVIEW))
    event(b1, day(10.5), S.BUREAU_REVIEW, S.REJECTED)  # final: not waiting
    return {"hohhot": hohhot, "baotou": baotou, "r1": r1, "r2": r2, "a1": a1, "a2": a2, "b1": b1}


@pytest.fixture
def region_admin():
    return user_with_role(Role.REGION_ADMIN)


def steps_of(response) -> dict:
    return {s["state"]: s for s in response.json()["steps"]}


def cells_of(group) -> dict:
    return {c["state"]: c for c in group["steps"]}


# --- the numbers ---------------------------------------------------------------------------------------
def test_region_sees_each_step_s_count_median_p90_and_slowest(client, world, region_admin):
    client.force_login(region_admin)
    steps = steps_of(client.get(API))
    review = steps[S.BUREAU_REVIEW]
    # 2, 4, 10 days: median 4, P90 = 4 + 0.8 * (10 - 4) = 8.8 (linear method).
    assert (review["count"], review["median_days"], review["p90_days"]) == (3, 4.0, 8.8)
    assert (review["median"], review["p90"]) == ("4.0天", "8.8天")
    assert [c["label"] for c in review["slowest"]] == [str(world["b1"]), str(world["a2"]), str(world["a1"])]
    assert [c["days"] for c in review["slowest"]] == [10.0, 4.0, 2.0]
    assert review["slowest"][0]["url"] == world["b1"].get_absolute_url()
    draft = steps[S.DRAFT]
    # 0.5, 1, 1 days: median 1, P90 = 1 + 0.8 * 0 = 1.
    assert (draft["count"], draft["median_days"], draft["p90_days"], draft["median"]) == (
        3,
        1.0,
        1.0,
        "1.0天",
    )
    assert (review["waiting"], steps[S.RECOMMENDED]["waiting"], steps[S.RETURNED]["waiting"]) == (0, 1, 1)
    assert steps[S.RECOMMENDED]["longest_waiting"]["label"] == str(world["a1"])
    assert S.REJECTED not in steps and S.FILED not in steps  # final states wait for nothing


def test_the_page_shows_the_same_numbers_with_links(client, world, region_admin):
    client.force_login(region_admin)
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert "各环节办理用时" in html
    assert "4.0天" in html and "8.8天" in html
    assert f'href="{world["b1"].get_absolute_url()}"' in html
    assert "2025年3月13日" in html  # b1 left bureau review on 13 March 2025: dates as a person writes them
    assert_rows_shown(response, [str(world["a1"]), str(world["b1"]), "呼和浩特市", "包头市", "2025年第一批"])


def test_still_waiting_items_are_counted_apart_with_the_longest_wait_to_today(client, region_admin):
    unit = UnitFactory(bureau=bureau("包头市"))
    now = timezone.now()
    short, long_ = ApplicationFactory(unit=unit), ApplicationFactory(unit=unit, round=RoundFactory())
    history(short, (now - timedelta(days=3, hours=1), S.DRAFT), (now - timedelta(days=3), S.BUREAU_REVIEW))
    history(long_, (now - timedelta(days=31), S.DRAFT), (now - timedelta(days=30), S.BUREAU_REVIEW))
    client.force_login(region_admin)
    review = steps_of(client.get(API))[S.BUREAU_REVIEW]
    assert (review["count"], review["median_days"], review["waiting"]) == (0, None, 2)
    assert (review["longest_waiting"]["label"], review["longest_waiting"]["duration"]) == (
        str(long_),
        "30.0天",
    )
    assert review["longest_waiting"]["left"] is None
    draft = steps_of(client.get(API))[S.DRAFT]
    assert (draft["count"], draft["median"], draft["p90"]) == (
        2,
        "12.5小时",
        "21.7小时",
    )  # 1 h and 24 h: 1 + 0.9 * 23


def test_per_bureau_and_per_round_split(client, world, region_admin):
    client.force_login(region_admin)
    body = client.get(API).json()
    by_bureau = {g["label"]: cells_of(g) for g in body["by_bureau"]}
    assert set(by_bureau) == {"呼和浩特市", "包头市"}
    # Hohhot: 2 and 4 days (median 3, P90 2 + 0.9 * 2 = 3.8); Baotou: 10.
    hohhot = by_bureau["呼和浩特市"][S.BUREAU_REVIEW]
    assert (hohhot["count"], hohhot["median_days"], hohhot["p90_days"]) == (2, 3.0, 3.8)
    assert by_bureau["包头市"][S.BUREAU_REVIEW]["median_days"] == 10.0
    by_round = {g["label"]: cells_of(g) for g in body["by_round"]}
    assert by_round["2025年第一批"][S.BUREAU_REVIEW]["median_days"] == 3.0
    assert by_round["2025年第二批"][S.BUREAU_REVIEW]["count"] == 1
    assert {r["label"] for r in body["rounds"]} == {"2025年第一批", "2025年第二批"}


def test_filters_by_bureau_round_and_year(client, world, region_admin):
    client.force_login(region_admin)
    review = steps_of(client.get(API, {"bureau": world["baotou"].pk}))[S.BUREAU_REVIEW]
    assert (review["count"], review["median_days"]) == (1, 10.0)
    review = steps_of(client.get(API, {"round": world["r1"].pk}))[S.BUREAU_REVIEW]
    assert (review["count"], review["median_days"]) == (2, 3.0)
    steps = steps_of(client.get(API, {"year": 2025}))
    assert steps[S.BUREAU_REVIEW]["count"] == 3
    assert steps[S.RECOMMENDED]["waiting"] == 0  # waiting items belong to the current year only
    assert steps_of(client.get(API, {"year": 2024}))[S.BUREAU_REVIEW]["count"] == 0
    response = client.get(URL, {"bureau": world["baotou"].pk, "year": "2025"})
    assert str(world["b1"]) in response.content.decode()
    assert str(world["a1"]) not in response.content.decode()


def test_a_round_of_another_workflow_or_of_no_item_is_refused(client, world, region_admin):
    client.force_login(region_admin)
    empty = RoundFactory(name="无申请的批次")
    response = client.get(API, {"round": empty.pk})
    assert response.status_code == 422
    assert response.json()["errors"]["round"] == ["该流程没有此批次的事项。"]
    response = client.get(URL, {"round": empty.pk})
    assert response.status_code == 200
    assert "所选盟市或批次不在可查看的范围内或没有事项，已显示全部。" in response.content.decode()


# --- who sees what -------------------------------------------------------------------------------------
def test_a_bureau_officer_sees_only_their_bureau_s_items(client, world):
    officer = user_with_role(Role.BUREAU_OFFICER, world["baotou"])
    client.force_login(officer)
    body = client.get(API).json()
    review = {s["state"]: s for s in body["steps"]}[S.BUREAU_REVIEW]
    assert (review["count"], review["median_days"]) == (1, 10.0)
    assert [c["label"] for c in review["slowest"]] == [str(world["b1"])]
    assert body["by_bureau"] is None  # one bureau: no breakdown
    assert body["bureaus"] == [{"id": world["baotou"].pk, "label": "包头市"}]
    assert {r["label"] for r in body["rounds"]} == {"2025年第二批"}
    html = client.get(URL).content.decode()
    assert str(world["b1"]) in html
    assert str(world["a1"]) not in html and str(world["a2"]) not in html and "2025年第一批" not in html


def test_a_bureau_officer_cannot_ask_for_another_bureau(client, world):
    client.force_login(user_with_role(Role.BUREAU_OFFICER, world["baotou"]))
    response = client.get(API, {"bureau": world["hohhot"].pk})
    assert response.status_code == 422
    assert "errors" in response.json() and "bureau" in response.json()["errors"]
    html = client.get(URL, {"bureau": world["hohhot"].pk}).content.decode()
    assert str(world["a1"]) not in html and str(world["b1"]) in html


def test_a_bureau_officer_sees_only_workflows_with_a_bureau(client, world):
    client.force_login(user_with_role(Role.BUREAU_OFFICER, world["baotou"]))
    names = {w["name"] for w in client.get(API).json()["workflows"]}
    assert "base_application" in names and "round" not in names and "review_panel" not in names
    assert client.get(API, {"workflow": "round"}).status_code == 422


def test_anonymous_is_sent_to_login_and_the_api_answers_401(client, world):
    response = client.get(URL)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client.get(API).status_code == 401


@pytest.mark.parametrize("role", [Role.UNIT_ADMIN, Role.EXPERT, Role.DEPT_OFFICER])
def test_other_roles_get_404_on_the_page_and_403_from_the_api(client, world, role):
    from tests.factories import DepartmentFactory, ExpertFactory

    scope = {
        Role.UNIT_ADMIN: lambda: world["a1"].unit,
        Role.EXPERT: ExpertFactory,
        Role.DEPT_OFFICER: DepartmentFactory,
    }[role]()
    client.force_login(user_with_role(role, scope))
    assert client.get(URL).status_code == 404
    response = client.get(API)
    assert response.status_code == 403 and response.json()["code"] == "not_permitted"


# --- other workflows -----------------------------------------------------------------------------------
def test_another_workflow_is_chosen_by_name(client, world, region_admin):
    client.force_login(region_admin)
    history(world["r1"], (0, "draft"), (2.5, "open"), (40, "closed"))
    body = client.get(API, {"workflow": "round"}).json()
    assert body["workflow"]["name"] == "round" and body["by_bureau"] is None and body["by_round"] is None
    steps = {s["state"]: s for s in body["steps"]}
    assert (steps["draft"]["median"], steps["open"]["median"], steps["closed"]["waiting"]) == (
        "2.5天",
        "37.5天",
        1,
    )
    assert client.get(URL, {"workflow": "round"}).status_code == 200


# --- a fixed number of queries -------------------------------------------------------------------------
def _applications(n: int, round_, start: int) -> list:
    units = [UnitFactory(name=f"计数单位{start + i}有限公司", bureau=bureau("呼和浩特市")) for i in range(n)]
    apps = [ApplicationFactory(round=round_, unit=unit) for unit in units]
    for i, app in enumerate(apps):
        history(app, (0, S.DRAFT), (1, S.BUREAU_REVIEW), (2 + (start + i) * 0.5, S.RECOMMENDED))
    return apps


@pytest.mark.parametrize("path", [URL, API])
def test_query_count_is_the_same_for_1_and_20_items(client, region_admin, path):
    client.force_login(region_admin)
    round_ = RoundFactory(name="计数批次")
    first = _applications(1, round_, 0)
    client.get(path)  # warm the session and the caches
    with CaptureQueriesContext(connection) as one:
        response = client.get(path)
    assert response.status_code == 200
    assert_rows_shown(response, [str(first[0])])
    more = _applications(19, round_, 1)
    with CaptureQueriesContext(connection) as twenty:
        response = client.get(path)
    assert response.status_code == 200
    # The five slowest in bureau review (the last five made) are listed; all 20 are counted.
    assert_rows_shown(response, [str(app) for app in more[-5:]])
    review = {s["state"]: s for s in client.get(API).json()["steps"]}[S.BUREAU_REVIEW]
    assert (review["count"], review["waiting"]) == (20, 0)
    assert len(twenty) == len(one), [q["sql"] for q in twenty.captured_queries]
    assert len(one) <= 12


# --- bad parameters ------------------------------------------------------------------------------------
def test_an_unknown_workflow_is_answered_with_a_message(client, world, region_admin):
    client.force_login(region_admin)
    response = client.get(URL, {"workflow": "nonsense"})
    assert response.status_code == 200
    assert "没有名为“nonsense”的流程，已显示“" in response.content.decode()
    response = client.get(API, {"workflow": "nonsense"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"workflow": ["没有名为“nonsense”的流程。"]}


@pytest.mark.parametrize("year", ["abc", "20x5", "99999", "1800", "２０２５", "-1"])
def test_a_bad_year_is_answered_with_a_message(client, world, region_admin, year):
    client.force_login(region_admin)
    response = client.get(URL, {"year": year})
    assert response.status_code == 200
    assert "年份应为1900至2100之间的四位数字，已忽略。" in response.content.decode()  # MIN_DATE, MAX_DATE
    response = client.get(API, {"year": year})
    assert response.status_code == 422 and "year" in response.json()["errors"]


@pytest.mark.parametrize(
    "params", [{"bureau": "x"}, {"round": "1e9"}, {"bureau": "\x00"}, {"round": "9" * 30}]
)
def test_junk_in_the_filters_is_ignored_with_a_message(client, world, region_admin, params):
    client.force_login(region_admin)
    response = client.get(URL, params)
    assert response.status_code == 200
    assert "盟市或批次的取值无效，已忽略。" in response.content.decode()
    assert client.get(API, params).status_code == 422


def test_every_workflow_s_bureau_and_round_paths_are_lookups_of_its_model():
    from postdoc_base.deadlines.stages.selectors import round_model
    from postdoc_base.kernel.workflow import WORKFLOWS

    for workflow in WORKFLOWS.values():
        columns = [p for p in (workflow.bureau_path, workflow.round_path) if p]
        str(workflow.model.objects.values_list("pk", *columns).query)  # a FieldError for a wrong lookup
        if workflow.bureau_path:
            assert workflow.bureau_path.endswith("bureau_id"), workflow.name
        assert (round_model(workflow) is None) == (not workflow.round_path), workflow.name
    assert WORKFLOWS["establishment.baseapplication"].bureau_path == "unit__bureau_id"
    assert round_model(WORKFLOWS["oversight.evaluation"]).__name__ == "EvaluationCampaign"
