"""Review pages and endpoints: the region administrator forms a panel, adds experts, assigns, moves phases;
the expert scores and submits; every list is paginated with a constant query count."""

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.models import BaseApplication
from postdoc_base.review.enums import AssignmentState, PanelPhase
from postdoc_base.review.models import Assignment, Exclusion, Panel
from tests.factories import ready_application
from tests.factories.pages import assert_rows_shown, json_ids
from tests.factories.review import assignment_for
from tests.factories.world import put_in_state

from .conftest import assigned, assignment_of, fresh
from .conftest import make_panel as panel_with_members

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_region_administrator_forms_a_panel_with_a_new_rubric(rw):
    client = _client(fresh(rw.admin))
    assert client.get(reverse("review:panel_create")).status_code == 200
    response = client.post(reverse("review:panel_create"), {
        "name": "2026年论证评议组", "round": rw.round.pk, "due_on": (timezone.localdate() + timedelta(days=7)).isoformat(),
        "blind": "on", "disagreement_threshold": "15", "rubric_name": "2026年评分标准",
        "item_1_label": "研发条件", "item_1_guidance": "场地设备", "item_1_weight": "3", "item_1_max": "100",
        "item_2_label": "招收计划", "item_2_weight": "1", "item_2_max": "10",
    })  # fmt: skip
    panel = Panel.objects.get()
    assert response.status_code == 302 and response["Location"] == panel.get_absolute_url()
    assert (panel.blind, panel.disagreement_threshold, panel.context) == (True, Decimal(15), rw.round)
    assert list(panel.rubric.items.values_list("label", "weight", "max_score")) == [
        ("研发条件", Decimal(3), Decimal(100)), ("招收计划", Decimal(1), Decimal(10)),
    ]  # fmt: skip


def test_panel_page_adds_members_assigns_with_exclusions_and_moves_phase(rw):
    client = _client(fresh(rw.admin))
    panel = panel_with_members(rw, members=())
    for name in ("王敏", "张伟"):
        client.post(reverse("review:panel_member_add", args=[panel.pk]), {"expert": rw.expert(name).pk})
    response = client.post(
        reverse("review:panel_assign", args=[panel.pk]), {"subjects": [rw.app.pk, rw.other_app.pk]}
    )
    assert response.status_code == 302
    assert sorted(Assignment.objects.values_list("member__expert__name", "subject_id")) == sorted([
        ("王敏", rw.app.pk), ("王敏", rw.other_app.pk), ("张伟", rw.other_app.pk),
    ])  # fmt: skip
    assert list(Exclusion.objects.values_list("expert__name", "cause")) == [("张伟", "employer_is_subject")]
    page = client.get(panel.get_absolute_url()).content.decode()
    assert "专家工作单位为被评审单位" in page and rw.app.unit.name in page
    client.post(reverse("review:panel_phase", args=[panel.pk]), {"phase": "shared"})
    assert Panel.objects.get(pk=panel.pk).phase == PanelPhase.SHARED


def test_expert_scores_and_submits_on_the_page_then_it_is_read_only(rw):
    panel = assigned(rw)
    mine = assignment_of(panel, rw, "王敏")
    items = list(panel.rubric.items.all())
    client = _client(rw.user("王敏"))
    url = reverse("review:assignment_detail", args=[mine.pk])
    client.post(
        url, {f"score_{items[0].pk}": "90", f"score_{items[1].pk}": "11", "comment": "x", "op": "submit"}
    )
    assert Assignment.objects.get(pk=mine.pk).state == AssignmentState.ASSIGNED  # 11 > 10: refused, unchanged
    client.post(
        url, {f"score_{items[0].pk}": "90", f"score_{items[1].pk}": "8", "comment": "同意。", "op": "submit"}
    )
    mine = Assignment.objects.get(pk=mine.pk)
    assert (mine.state, mine.total) == (AssignmentState.SUBMITTED, Decimal("87.50"))
    page = client.get(url).content.decode()
    assert f'name="score_{items[0].pk}"' not in page and "87.50" in page


def test_scoring_page_header_names_the_panel_due_date_and_phase(rw):
    from django.utils import formats

    panel = assigned(rw)
    mine = assignment_of(panel, rw, "王敏")
    page = _client(rw.user("王敏")).get(reverse("review:assignment_detail", args=[mine.pk])).content.decode()
    assert panel.name in page
    assert f"评分截止日期 {formats.date_format(panel.due_on)}" in page
    assert panel.get_phase_display() in page


def test_expert_home_lists_the_assignment_with_its_due_date(rw):
    panel = assigned(rw)
    page = _client(rw.user("王敏")).get(reverse("home")).content.decode()
    assert "专家评分" in page and assignment_of(panel, rw, "王敏").get_absolute_url() in page
    assert "我的评审任务" in page


def test_panel_api_create_members_assign_phase(rw):
    client = _client(fresh(rw.admin))
    body = {"name": "API组", "round": rw.round.pk, "due_on": "2030-01-10", "blind": False,
            "items": [{"label": "研发条件", "weight": "1"}]}  # fmt: skip
    response = client.post("/api/v1/panels", json.dumps(body), content_type="application/json")
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    for name in ("王敏", "赵磊"):
        r = client.post(f"/api/v1/panels/{pk}/members", json.dumps({"expert": rw.expert(name).pk}),
                        content_type="application/json")  # fmt: skip
        assert r.status_code == 201
    r = client.post(
        f"/api/v1/panels/{pk}/assign", json.dumps({"subjects": [rw.app.pk]}), content_type="application/json"
    )
    (result,) = r.json()
    assert len(result["assigned"]) == 1
    assert [(e["causes"], e["organisations"]) for e in result["excluded"]] == [
        (["employer_is_partner"], ["内蒙古工业大学"])
    ]
    assert BaseApplication.objects.get(pk=rw.app.pk).state == ApplicationState.EXPERT_REVIEW
    r = client.post(
        f"/api/v1/panels/{pk}/phase", json.dumps({"phase": "shared"}), content_type="application/json"
    )
    assert r.json()["phase"] == "shared"
    expert = _client(rw.user("王敏"))
    r = expert.post(
        f"/api/v1/panels/{pk}/phase", json.dumps({"phase": "closed"}), content_type="application/json"
    )
    assert r.status_code == 403


# --- query counts at 1 and 20 rows ------------------------------------------------------------------------
def _same_queries(client, url, django_assert_num_queries, add_rows):
    """The same number of queries at 1 row and at 20; the 20 rows (``add_rows`` returns the assignments it
    made) are then all listed: the application's unit on a page or each row's id in the JSON."""
    made = add_rows(1)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    at_one = len(ctx.captured_queries)
    made += add_rows(19)
    with django_assert_num_queries(at_one):
        response = client.get(url)
    assert response.status_code == 200
    if "panels" in url:
        panels = {a.panel for a in made}
        if url.startswith("/api/"):
            assert json_ids(response) == {p.pk for p in panels}
        else:
            assert_rows_shown(response, [p.get_absolute_url() for p in panels])
    elif url.startswith("/api/"):
        assert json_ids(response) == {a.pk for a in made}
    else:
        assert_rows_shown(response, [a.get_absolute_url() for a in made])


def _assignments_for_expert(rw, expert):
    def add(n):
        made = []
        for _ in range(n):  # one panel per application, the same expert on each
            app = put_in_state(ready_application(round=rw.round), ApplicationState.EXPERT_REVIEW)
            made.append(assignment_for(app, expert=expert))
        return made

    return add


@pytest.mark.parametrize("url", ["/review/assignments/", "/api/v1/reviews"])
def test_expert_assignment_lists_have_a_constant_query_count(rw, url, django_assert_num_queries):
    _same_queries(
        _client(rw.user("王敏")),
        url,
        django_assert_num_queries,
        _assignments_for_expert(rw, rw.expert("王敏")),
    )


@pytest.mark.parametrize(
    "url", ["/review/assignments/", "/api/v1/reviews", "/review/panels/", "/api/v1/panels"]
)
def test_region_lists_have_a_constant_query_count(rw, url, django_assert_num_queries):
    from tests.factories import ExpertFactory

    def add(n):
        made = []
        for _ in range(n):
            app = put_in_state(ready_application(round=rw.round), ApplicationState.EXPERT_REVIEW)
            made.append(assignment_for(app, expert=ExpertFactory()))  # a new panel each time
        return made

    _same_queries(_client(fresh(rw.admin)), url, django_assert_num_queries, add)
