"""The audit history through the API and the page timeline: confidential events keep who/when/what but lose
their diff and comment for readers without ``establishment.view_preliminary_review``."""

import json

import pytest
from django.db import transaction

from postdoc_base.establishment.models import BaseApplication
from postdoc_base.establishment.workflow import application_workflow
from postdoc_base.kernel import audit
from postdoc_base.kernel.selectors import history_visible_to
from postdoc_base.web.transitions import timeline_entries
from tests.establishment.test_review_visibility import PHONE, SECRET_TEXTS, reviewed_application

RANK_NOTE = "资源条件在本批中最好，排第一。"


@pytest.fixture
def reviewed(db):
    return reviewed_application()


def history(client, user, app):
    client.force_login(user)
    response = client.get(f"/api/v1/base-applications/{app.pk}/history")
    assert response.status_code == 200
    return response.json(), json.dumps(response.json(), ensure_ascii=False)


def by_action(events: list[dict], action: str) -> dict:
    (event,) = [e for e in events if e["action"] == action]
    return event


def record_rank_comment(reviewed) -> None:
    with transaction.atomic():
        audit.record(
            actor=reviewed.users["bureau_officer"], subject=reviewed.app, action="rank_set",
            role="bureau_officer", diff={"rank": [1, 2]}, comment=RANK_NOTE,
        )  # fmt: skip


@pytest.mark.parametrize("who", ["applicant", "expert"])
def test_api_history_blanks_review_diff_and_rank_for_applicant_and_expert(client, reviewed, who):
    events, raw = history(client, reviewed.users[who], reviewed.app)
    saved = by_action(events, "preliminary_review_save")
    ranked = by_action(events, "rank_set")
    assert (saved["diff"], saved["comment"]) == ({}, "")
    assert (ranked["diff"], ranked["comment"]) == ({}, "")
    # The event stays: who and when.
    assert saved["role"] == "bureau_officer" and saved["actor_name"] == str(reviewed.users["bureau_officer"])
    for text in SECRET_TEXTS:
        assert text not in raw
    assert PHONE not in raw


@pytest.mark.parametrize("who", ["bureau_officer", "region_admin"])
def test_api_history_gives_review_diff_and_rank_to_bureau_and_region(client, reviewed, who):
    events, raw = history(client, reviewed.users[who], reviewed.app)
    assert by_action(events, "preliminary_review_save")["diff"]["inspection"][1] == SECRET_TEXTS[0]
    assert by_action(events, "rank_set")["diff"] == {"rank": [None, 1]}
    assert PHONE not in raw  # masked in the audit diff itself, for everyone


def test_api_history_masks_the_phone_change_for_everyone(client, reviewed):
    events, _raw = history(client, reviewed.users["region_admin"], reviewed.app)
    assert by_action(events, "update")["diff"]["contact_phone"] == ["***", "***"]


def test_api_history_keeps_transition_comments_visible_to_the_applicant(client, reviewed):
    events, _raw = history(client, reviewed.users["applicant"], reviewed.app)
    assert [e["action"] for e in events] == [
        "update", "submit", "preliminary_review_save", "bureau_recommend", "rank_set",
    ]  # fmt: skip
    assert by_action(events, "submit")["to_state"] == "bureau_review"


@pytest.mark.parametrize(
    ("who", "shown"), [("applicant", False), ("expert", False), ("bureau_officer", True)]
)
def test_confidential_comment_follows_the_permission(client, reviewed, who, shown):
    record_rank_comment(reviewed)
    events, raw = history(client, reviewed.users[who], reviewed.app)
    assert (RANK_NOTE in raw) is shown
    page = timeline_entries(application_workflow, reviewed.app, user=reviewed.users[who])
    assert any(e.comment == RANK_NOTE for e in page) is shown
    assert [e.action for e in page].count("设置推荐排序") == 2


def test_page_timeline_without_a_user_never_shows_confidential_comments(reviewed):
    record_rank_comment(reviewed)
    entries = timeline_entries(application_workflow, reviewed.app)
    assert [e.comment for e in entries if e.action == "设置推荐排序"] == ["", ""]


@pytest.mark.parametrize("who", ["applicant", "expert"])
def test_page_timeline_omits_the_rank_comment_for_applicant_and_expert(client, reviewed, who):
    record_rank_comment(reviewed)
    client.force_login(reviewed.users[who])
    body = client.get(reviewed.app.get_absolute_url()).content.decode()
    timeline = body.split('data-testid="timeline"')[1].split("</section>")[0]
    assert "设置推荐排序" in timeline and RANK_NOTE not in timeline


def test_history_visible_to_is_one_query_for_the_events(reviewed, django_assert_num_queries):
    user = reviewed.users["applicant"]
    _ = user.assignments  # loaded once per request in real use
    app = BaseApplication.objects.select_related("unit").get(pk=reviewed.app.pk)  # as the pages load it
    with django_assert_num_queries(1):
        events = history_visible_to(user, app)
    assert [e.diff for e in events if e.action == "rank_set"] == [{}]
