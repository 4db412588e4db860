"""Each user's own reminders (issue 12, items 5 and 2): the secret calendar feed of their open dated items,
its key issued once, regenerated and revoked with an audit event that never holds the key, and the daily
digest preference; the iCalendar writer's escaping and folding."""

import json
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.deadlines.feeds import ics, services
from postdoc_base.deadlines.models import CalendarFeed
from postdoc_base.kernel.models import AuditEvent, DateMeaning, Obligation, ObligationStatus
from tests.factories import UnitFactory, bureau, user_with_role

pytestmark = pytest.mark.django_db

PAGE = "/deadlines/calendar/"
SITE = "https://postdoc.example.gov.cn"
OCTETS = 75


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


@pytest.fixture
def unit():
    return UnitFactory(bureau=bureau("呼和浩特市"))


@pytest.fixture
def other_unit():
    return UnitFactory(bureau=bureau("包头市"))


@pytest.fixture
def alice(unit):
    return user_with_role(Role.UNIT_ADMIN, unit, username="alice")


@pytest.fixture
def bob(other_unit):
    return user_with_role(Role.UNIT_ADMIN, other_unit, username="bob")


def owed(unit, title, *, days=10, **kwargs):
    """An obligation the unit administrator of ``unit`` owes, dated ``days`` from today."""
    fields = {
        "subject_type": "tenure.appointment",
        "subject_id": "1",
        "subject_label": f"{title}的对象",
        "url": "/tenure/appointments/1/",
        "kind": "appointment_report",
        "title": title,
        "due_on": timezone.localdate() + timedelta(days=days),
        "responsible_role": Role.UNIT_ADMIN,
        "scope_kind": "unit",
        "scope_id": unit.pk,
        "article": "第十三条",
        "opened_at": timezone.now(),
    }
    fields.update(kwargs)
    return Obligation.objects.create(**fields)


def feed_url(raw: str) -> str:
    return reverse("deadlines:feed_ics", kwargs={"key": raw})


def vevents(body: str) -> list[dict[str, str]]:
    """Each VEVENT's properties (name with parameters -> value), read after unfolding."""
    text = ics.unfold(body)
    blocks = text.split("BEGIN:VEVENT\r\n")[1:]
    return [
        dict(line.split(":", 1) for line in block.split("END:VEVENT")[0].split("\r\n") if line)
        for block in blocks
    ]


def uid(obligation) -> str:
    return f"obligation-{obligation.pk}@postdoc.example.gov.cn"


def events_of(user, action: str) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(subject_type="accounts.user", subject_id=str(user.pk), action=action)
    )


# --- the feed ------------------------------------------------------------------------------------------
def test_feed_holds_exactly_the_users_own_open_dated_items(client, unit, other_unit, alice, bob):
    due = owed(unit, "进站报到")
    starts = owed(unit, "提交备案", days=20, date_means=DateMeaning.FROM)
    owed(unit, "已办结", status=ObligationStatus.MET)
    owed(unit, "无日期", due_on=None)
    owed(other_unit, "包头的事项")
    raw = services.feed_key_issue(actor=alice)

    response = client.get(feed_url(raw))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    cache = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache
    body = response.content.decode()
    assert [e["UID"] for e in vevents(body)] == [uid(due), uid(starts)]
    for absent in ("已办结", "无日期", "包头的事项"):
        assert absent not in body


def test_feed_calendar_and_event_properties(client, unit, alice):
    item = owed(unit, "进站报到")
    raw = services.feed_key_issue(actor=alice)

    body = client.get(feed_url(raw)).content.decode()

    assert body.startswith("BEGIN:VCALENDAR\r\nPRODID:")
    assert body.endswith("END:VCALENDAR\r\n")
    assert "\n" not in body.replace("\r\n", "")
    lines = ics.unfold(body).split("\r\n")
    for expected in ("VERSION:2.0", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
                     "X-WR-CALNAME:博士后创新实践基地·我的期限", "X-WR-TIMEZONE:Asia/Shanghai"):  # fmt: skip
        assert expected in lines
    [event] = vevents(body)
    assert event["DTSTART;VALUE=DATE"] == item.due_on.strftime("%Y%m%d")
    assert event["DTEND;VALUE=DATE"] == (item.due_on + timedelta(days=1)).strftime("%Y%m%d")
    assert event["DTSTAMP"].endswith("Z") and len(event["DTSTAMP"]) == 16
    assert event["URL"] == "http://testserver/tenure/appointments/1/"
    assert event["DESCRIPTION"] == (
        "本日是办理的最后一天。\\n依据：第十三条\\n办理：http://testserver/tenure/appointments/1/"
    )


def test_summaries_say_whether_the_date_is_the_last_day_or_the_first(client, unit, alice):
    owed(unit, "进站报到", days=3)
    owed(unit, "提交备案", days=5, date_means=DateMeaning.FROM)
    raw = services.feed_key_issue(actor=alice)

    summaries = [e["SUMMARY"] for e in vevents(client.get(feed_url(raw)).content.decode())]

    assert summaries == ["截止：进站报到（进站报到的对象）", "起办：提交备案（提交备案的对象）"]


def test_feed_escapes_text_and_folds_long_chinese_lines(client, unit, alice):
    title = "关于内蒙古自治区博士后创新实践基地,博士后研究人员进站;报到\\材料，" * 3
    owed(unit, title, subject_label="呼和浩特市,某公司", url="", article="")
    raw = services.feed_key_issue(actor=alice)

    body = client.get(feed_url(raw)).content.decode()

    physical = body.split("\r\n")
    assert physical[-1] == ""
    assert all(len(line.encode()) <= OCTETS for line in physical)
    assert any(line.startswith(" ") for line in physical)  # the summary was folded
    [event] = vevents(body)
    escaped = title.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;")
    assert event["SUMMARY"] == f"截止：{escaped}（呼和浩特市\\,某公司）"
    assert "URL" not in event
    assert event["DESCRIPTION"] == "本日是办理的最后一天。"


@pytest.mark.parametrize(
    "text, escaped",
    [("a\\b", "a\\\\b"), ("a;b", "a\\;b"), ("a,b", "a\\,b"), ("a\nb", "a\\nb"), ("a\r\nb", "a\\nb"),
     ("a\rb", "a\\nb"), ("a\x00\x07b\tc", "ab\tc"), ("\\,;", "\\\\\\,\\;"), ("中文，；", "中文，；")],
)  # fmt: skip
def test_text_escaping(text, escaped):
    assert ics.escape_text(text) == escaped


@pytest.mark.parametrize("prefix", ["SUMMARY:", "SUMMARY:a", "SUMMARY:ab", "DESCRIPTION:x"])
def test_folding_keeps_every_character_whole_and_unfolds_to_the_original(prefix):
    line = prefix + "博士后创新实践基地进站报到材料审核" * 8 + "🙂末尾"
    folded = ics.fold(line)
    pieces = folded.split("\r\n")
    assert len(pieces) > 1
    assert all(len(piece.encode()) <= OCTETS for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert ics.unfold(folded) == line
    # The first piece is filled as far as a whole character allows: the next one would pass 75 octets.
    assert len(pieces[0].encode()) + len(pieces[1][1].encode()) > OCTETS


def test_short_lines_are_not_folded():
    line = "SUMMARY:" + "a" * (OCTETS - len("SUMMARY:"))
    assert ics.fold(line) == line


def test_feed_marks_the_read_without_an_audit_event(client, unit, alice):
    raw = services.feed_key_issue(actor=alice)
    before = AuditEvent.objects.count()

    client.get(feed_url(raw))

    assert CalendarFeed.objects.get(user=alice).last_read_at is not None
    assert AuditEvent.objects.count() == before


def test_regenerating_ends_the_old_url_and_opens_the_new(client, unit, alice):
    old = services.feed_key_issue(actor=alice)
    assert client.get(feed_url(old)).status_code == 200

    new = services.feed_key_issue(actor=alice)

    assert new != old
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(feed_url(new)).status_code == 200
    assert CalendarFeed.objects.filter(user=alice).count() == 1


def test_revoked_key_answers_404(client, unit, alice):
    raw = services.feed_key_issue(actor=alice)

    assert services.feed_key_revoke(actor=alice) is True

    assert client.get(feed_url(raw)).status_code == 404
    assert not CalendarFeed.objects.filter(user=alice).exists()


def test_deactivated_users_key_answers_404(client, unit, alice):
    owed(unit, "进站报到")
    raw = services.feed_key_issue(actor=alice)
    type(alice).objects.filter(pk=alice.pk).update(is_active=False)

    response = client.get(feed_url(raw))

    assert response.status_code == 404
    assert "进站报到" not in response.content.decode()


def test_wrong_key_costs_one_indexed_query_and_reveals_nothing(
    client, unit, alice, django_assert_num_queries
):
    services.feed_key_issue(actor=alice)
    revoked = services.feed_key_issue(actor=alice)
    services.feed_key_issue(actor=alice)

    with django_assert_num_queries(1) as captured:
        unknown = client.get(feed_url("x" * 43))
    assert "key_digest" in captured.captured_queries[0]["sql"]
    revoked_response = client.get(feed_url(revoked))

    assert unknown.status_code == revoked_response.status_code == 404
    assert _page_shape(unknown, "x" * 43) == _page_shape(revoked_response, revoked)


def _page_shape(response, key: str) -> str:
    """The page without what differs between any two requests: the key in its path, the masked CSRF token
    and the request id."""
    html = response.content.decode().replace(key, "KEY")
    return re.sub(r"[0-9a-f]{32}", "ID", re.sub(r"[A-Za-z0-9]{64}", "TOKEN", html))


def test_overlong_key_is_not_looked_up(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get(feed_url("k" * 500)).status_code == 404


def test_feed_query_count_is_the_same_at_1_and_20_items(client, unit, alice):
    raw = services.feed_key_issue(actor=alice)
    first = owed(unit, "事项0")

    with CaptureQueriesContext(connection) as one:
        body = client.get(feed_url(raw)).content.decode()
    assert [e["UID"] for e in vevents(body)] == [uid(first)]

    more = [owed(unit, f"事项{n}", days=10 + n) for n in range(1, 20)]
    with CaptureQueriesContext(connection) as twenty:
        body = client.get(feed_url(raw)).content.decode()
    assert [e["UID"] for e in vevents(body)] == [uid(o) for o in [first, *more]]
    # The key's feed and user, the read stamp, the user's role assignments, the obligations.
    assert len(one) == len(twenty) == 4


def test_feed_follows_the_users_roles_as_they_are_now(client, unit, alice):
    owed(unit, "进站报到")
    raw = services.feed_key_issue(actor=alice)
    alice.role_assignments.update(active=False)

    response = client.get(feed_url(raw))

    assert response.status_code == 200
    assert vevents(response.content.decode()) == []


def test_feed_needs_no_login_and_takes_only_get(client, unit, alice):
    raw = services.feed_key_issue(actor=alice)
    assert client.head(feed_url(raw)).status_code == 200
    assert client.post(feed_url(raw)).status_code == 405


# --- audit ---------------------------------------------------------------------------------------------
def _without_key(event: AuditEvent, raw: str) -> bool:
    text = json.dumps(event.diff, ensure_ascii=False) + event.comment
    return raw not in text and services.key_digest(raw) not in text


def test_issue_regenerate_and_revoke_each_write_one_event_without_the_key(unit, alice):
    first = services.feed_key_issue(actor=alice)
    second = services.feed_key_issue(actor=alice)
    services.feed_key_revoke(actor=alice)

    [issued] = events_of(alice, "calendar_feed_issue")
    [regenerated] = events_of(alice, "calendar_feed_regenerate")
    [revoked] = events_of(alice, "calendar_feed_revoke")
    assert issued.actor_id == regenerated.actor_id == revoked.actor_id == alice.pk
    assert issued.diff["calendar_feed_since"][0] is None
    assert regenerated.diff["calendar_feed_since"][0] == issued.diff["calendar_feed_since"][1]
    assert revoked.diff["calendar_feed_since"][1] is None
    for event in (issued, regenerated, revoked):
        assert set(event.diff) == {"calendar_feed_since"}
        assert _without_key(event, first) and _without_key(event, second)


def test_revoking_without_a_feed_changes_and_audits_nothing(unit, alice):
    assert services.feed_key_revoke(actor=alice) is False
    assert events_of(alice, "calendar_feed_revoke") == []


def test_digest_changes_each_write_one_event_and_a_repeat_writes_none(unit, alice):
    assert services.email_digest_set(actor=alice, on=True) is True
    assert services.email_digest_set(actor=alice, on=True) is False
    assert services.email_digest_set(actor=alice, on=False) is True

    assert [e.diff for e in events_of(alice, "email_digest_set")] == [
        {"email_digest": [False, True]},
        {"email_digest": [True, False]},
    ]
    alice.refresh_from_db()
    assert alice.email_digest is False


def test_an_inactive_user_cannot_issue_a_key(unit, alice):
    from postdoc_base.kernel.services import NotAllowed

    alice.is_active = False
    with pytest.raises(NotAllowed):
        services.feed_key_issue(actor=alice)
    assert not CalendarFeed.objects.exists()


# --- the page ------------------------------------------------------------------------------------------
def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))
    assert client.post(PAGE, {"action": "issue"}).status_code == 302
    assert not CalendarFeed.objects.exists()


def test_issuing_on_the_page_shows_the_url_once(client, unit, alice):
    client.force_login(alice)

    response = client.post(PAGE, {"action": "issue"}, follow=True)

    assert response.redirect_chain == [(PAGE, 302)]
    html = response.content.decode()
    assert "已生成订阅地址。请复制下方地址，离开本页后将不再显示。" in html
    shown = response.context["feed_url"]
    assert shown.startswith("http://testserver/deadlines/calendar/") and shown.endswith(".ics")
    assert f'value="{shown}"' in html
    assert "no-store" in response["Cache-Control"]
    assert client.get(shown).status_code == 200

    again = client.get(PAGE)
    assert again.context["feed_url"] is None
    assert shown not in again.content.decode()
    assert 'data-testid="feed-status"' in again.content.decode()
    assert "重新生成" in again.content.decode() and "停用" in again.content.decode()


def test_regenerating_on_the_page_replaces_the_url(client, unit, alice):
    old = services.feed_key_issue(actor=alice)
    client.force_login(alice)

    response = client.post(PAGE, {"action": "issue"}, follow=True)

    assert "已重新生成订阅地址，原地址已失效。" in response.content.decode()
    assert client.get(feed_url(old)).status_code == 404
    assert client.get(response.context["feed_url"]).status_code == 200


def test_revoking_on_the_page(client, unit, alice):
    raw = services.feed_key_issue(actor=alice)
    client.force_login(alice)

    response = client.post(PAGE, {"action": "revoke"}, follow=True)

    assert "已停用日历订阅，原订阅地址已失效。" in response.content.decode()
    assert 'data-testid="feed-issue"' in response.content.decode()
    assert client.get(feed_url(raw)).status_code == 404


def test_digest_checkbox_on_the_page(client, unit, alice):
    client.force_login(alice)

    on = client.post(PAGE, {"action": "digest", "email_digest": "on"}, follow=True)
    assert "已开启每日汇总邮件。" in on.content.decode()
    assert 'name="email_digest" id="email-digest" checked' in on.content.decode()
    alice.refresh_from_db()
    assert alice.email_digest is True

    off = client.post(PAGE, {"action": "digest"}, follow=True)
    assert "已关闭每日汇总邮件" in off.content.decode()
    alice.refresh_from_db()
    assert alice.email_digest is False
    assert len(events_of(alice, "email_digest_set")) == 2


def test_unknown_action_is_a_bad_request(client, unit, alice):
    client.force_login(alice)
    assert client.post(PAGE, {"action": "delete_everything"}).status_code == 400


@pytest.mark.parametrize("action", ["issue", "revoke", "digest"])
def test_post_without_csrf_token_is_refused(unit, alice, action):
    if action == "revoke":
        services.feed_key_issue(actor=alice)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    before = AuditEvent.objects.count()

    response = browser.post(PAGE, {"action": action, "email_digest": "on"})

    assert response.status_code == 403
    assert AuditEvent.objects.count() == before
    alice.refresh_from_db()
    assert alice.email_digest is False
    assert CalendarFeed.objects.filter(user=alice).exists() is (action == "revoke")


def test_post_with_csrf_token_is_accepted(unit, alice):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(alice)
    page = browser.get(PAGE)
    token = page.context["csrf_token"]

    response = browser.post(PAGE, {"action": "issue", "csrfmiddlewaretoken": str(token)})

    assert response.status_code == 302
    assert CalendarFeed.objects.filter(user=alice).exists()


def test_page_lists_the_next_ten_dated_items_with_their_meaning(client, unit, other_unit, alice):
    today = timezone.localdate()
    owed(unit, "已逾期事项", days=-1)
    owed(unit, "无日期", due_on=None)
    owed(other_unit, "包头的事项", days=1)
    starts = owed(unit, "提交备案", days=2, date_means=DateMeaning.FROM)
    due = [owed(unit, f"第{n}项", days=3 + n) for n in range(10)]
    client.force_login(alice)

    response = client.get(PAGE)

    assert [o.pk for o in response.context["upcoming"]] == [starts.pk, *[o.pk for o in due[:9]]]
    html = response.content.decode()
    day = starts.due_on
    assert f"起办：{day.year}年{day.month}月{day.day}日" in html
    day = due[0].due_on
    assert f"截止：{day.year}年{day.month}月{day.day}日" in html
    for absent in ("已逾期事项", "无日期", "包头的事项", "第9项"):
        assert absent not in html
    assert today.isoformat() not in html


def test_page_without_email_address_warns_that_no_mail_will_come(client, unit, alice):
    type(alice).objects.filter(pk=alice.pk).update(email="")
    client.force_login(alice)
    assert "您的账户尚未登记电子邮箱" in client.get(PAGE).content.decode()


def test_page_query_count_is_the_same_at_1_and_10_items(client, unit, alice):
    services.feed_key_issue(actor=alice)
    owed(unit, "事项0")
    client.force_login(alice)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(PAGE).context["upcoming"]) == 1
    for n in range(1, 10):
        owed(unit, f"事项{n}", days=10 + n)
    with CaptureQueriesContext(connection) as ten:
        assert len(client.get(PAGE).context["upcoming"]) == 10
    assert len(one) == len(ten)
