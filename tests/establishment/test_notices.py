"""Public notice (公示, Art. 11(3)): publishing the passed list, the working-day count, the public pages and
the notices API."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.establishment.models import BaseApplication, NoticeItem, PublicNotice
from postdoc_base.kernel.models import AuditEvent, CalendarYear, Notification, Obligation, Parameter
from postdoc_base.kernel.workflow import TransitionRefused
from tests.factories import Role, user_with_role
from tests.factories.notices import passed_round, publish, region_admin
from tests.factories.pages import assert_rows_shown, json_ids

pytestmark = pytest.mark.django_db


def _codes(exc) -> list[str]:
    return [f.code for f in exc.value.findings]


@pytest.fixture
def today_is(monkeypatch):
    """A notice is published today or later (Art. 11(3)); the tests that count from a given day set the clock
    to it."""

    def set_today(day: date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_today


def test_publishing_lists_every_passed_application_and_puts_it_in_notice(today_is):
    today_is(date(2026, 11, 2))
    admin = region_admin()
    round_, apps = passed_round(2)

    notice = publish(admin, round_, published_on=date(2026, 11, 2))

    assert notice.ends_on == date(2026, 11, 6)
    assert notice.unscheduled_years == []
    assert sorted(
        NoticeItem.objects.filter(notice=notice).values_list("application_id", flat=True)
    ) == sorted(a.pk for a in apps)
    assert set(BaseApplication.objects.filter(round=round_).values_list("state", flat=True)) == {S.IN_NOTICE}
    assert AuditEvent.objects.filter(subject_type="establishment.publicnotice", action="create").count() == 1
    assert AuditEvent.objects.filter(action="publish", to_state=S.IN_NOTICE).count() == 2
    filing = Obligation.objects.get(subject_id=str(apps[0].pk), kind="region_filing")
    # The 公示 ends at the close of 6 November; the filing may be made from the 7th.
    assert (filing.due_on, filing.date_means) == (date(2026, 11, 7), "from")


def test_notice_spanning_national_day_ends_on_the_right_working_day(today_is):
    today_is(date(2026, 9, 28))
    notice = publish(region_admin(), passed_round()[0], published_on=date(2026, 9, 28))
    # 28, 29, 30 September; 1-7 October are the holiday; 8 and 9 October.
    assert notice.ends_on == date(2026, 10, 9)


def test_notice_published_on_a_saturday_holiday_counts_from_the_next_working_day(today_is):
    today_is(date(2026, 10, 3))
    notice = publish(region_admin(), passed_round()[0], published_on=date(2026, 10, 3))
    # 8, 9, 10 (adjusted working Saturday), 12 and 13 October.
    assert notice.ends_on == date(2026, 10, 13)


def test_year_without_schedule_counts_monday_to_friday_and_warns_the_region():
    CalendarYear.objects.filter(year=2027).delete()
    admin = region_admin()
    other_admin = region_admin()

    with _capture_on_commit():
        notice = publish(admin, passed_round()[0], published_on=date(2027, 3, 1))

    assert (notice.ends_on, notice.unscheduled_years) == (date(2027, 3, 5), [2027])
    titles = list(
        Notification.objects.filter(recipient__in=[admin, other_admin]).values_list("title", flat=True)
    )
    assert titles == ["2027年节假日安排尚未录入，按周一至周五计算"] * 2


def test_default_period_comes_from_the_effective_dated_parameter(today_is):
    today_is(date(2026, 11, 2))
    Parameter.objects.update_or_create(
        key="notice_working_days", effective_from=date(2026, 1, 1), defaults={"value": 7, "note": "测试"}
    )
    notice = publish(region_admin(), passed_round()[0], published_on=date(2026, 11, 2), working_days=None)
    assert (notice.working_days, notice.ends_on) == (7, date(2026, 11, 10))


def test_default_period_without_parameter_rows_is_five_working_days(today_is):
    today_is(date(2026, 11, 2))
    Parameter.objects.filter(key="notice_working_days").delete()
    notice = publish(region_admin(), passed_round()[0], published_on=date(2026, 11, 2), working_days=None)
    assert (notice.working_days, notice.ends_on) == (5, date(2026, 11, 6))


def test_publishing_is_refused_when_nothing_passed():
    round_, _apps = passed_round(0)
    with pytest.raises(TransitionRefused) as exc:
        publish(region_admin(), round_)
    assert _codes(exc) == ["art11.3.nothing_passed"]
    assert PublicNotice.objects.count() == 0


@pytest.mark.parametrize("role", [Role.BUREAU_OFFICER, Role.UNIT_ADMIN, Role.EXPERT])
def test_only_the_region_publishes(role):
    round_, apps = passed_round()
    scope = {Role.BUREAU_OFFICER: apps[0].unit.bureau, Role.UNIT_ADMIN: apps[0].unit}.get(role)
    if role == Role.EXPERT:
        from tests.factories import ExpertFactory

        scope = ExpertFactory()
    with pytest.raises(TransitionRefused) as exc:
        publish(user_with_role(role, scope), round_)
    assert _codes(exc) == ["kernel.not_permitted"]
    assert BaseApplication.objects.get(pk=apps[0].pk).state == S.PASSED


class _capture_on_commit:
    """Run ``transaction.on_commit`` callbacks at once (the test transaction never commits)."""

    def __enter__(self):
        from unittest import mock

        self.patch = mock.patch("django.db.transaction.on_commit", side_effect=lambda fn, *a, **k: fn())
        self.patch.start()

    def __exit__(self, *exc):
        self.patch.stop()


# --- pages -----------------------------------------------------------------------------------------------
def test_region_admin_publishes_from_the_round_with_the_passed_list_preview(client):
    admin = region_admin()
    round_, apps = passed_round(2)
    client.force_login(admin)
    url = reverse("establishment:notice_create", args=[round_.pk])

    page = client.get(url)
    assert page.status_code == 200
    assert all(a.unit.name in page.content.decode() for a in apps)

    today = timezone.localdate()
    response = client.post(url, {"title": "拟备案名单公示", "body": "", "contact": "0471-6960000",
                                 "working_days": 5, "published_on": today.isoformat()})  # fmt: skip
    notice = PublicNotice.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("establishment:notice_admin_detail", args=[notice.pk])
    assert client.get(response.url).status_code == 200


def test_round_page_links_the_region_admin_to_notice_and_filing(client):
    admin = region_admin()
    round_, _apps = passed_round()
    client.force_login(admin)
    html = client.get(round_.get_absolute_url()).content.decode()
    assert reverse("establishment:notice_create", args=[round_.pk]) in html
    assert reverse("establishment:filing", args=[round_.pk]) in html


def test_other_roles_cannot_open_the_notice_management_pages(client):
    round_, apps = passed_round()
    client.force_login(user_with_role(Role.UNIT_ADMIN, apps[0].unit))
    assert client.get(reverse("establishment:notice_create", args=[round_.pk])).status_code == 403
    assert client.get(reverse("establishment:notice_admin_list")).status_code == 403


def test_public_notice_pages_work_without_an_account(client):
    round_, apps = passed_round()
    notice = publish(region_admin(), round_, published_on=timezone.localdate())

    listing = client.get(reverse("establishment:public_notice_list"))
    detail = client.get(reverse("establishment:public_notice", args=[notice.pk]))

    assert listing.status_code == detail.status_code == 200
    assert notice.title in listing.content.decode()
    html = detail.content.decode()
    assert apps[0].unit.name in html
    assert 'data-testid="objection-form"' in html


def test_a_notice_not_yet_published_is_hidden_from_the_public(client):
    notice = publish(region_admin(), passed_round()[0], published_on=timezone.localdate() + timedelta(days=3))
    assert client.get(reverse("establishment:public_notice", args=[notice.pk])).status_code == 404


def _notices(n: int, published_on: date) -> list:
    admin = region_admin()
    return [publish(admin, passed_round()[0], published_on=published_on) for _ in range(n)]


@pytest.mark.parametrize("rows", [1, 20])
def test_public_notice_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    created = _notices(rows, timezone.localdate())
    with django_assert_num_queries(2):  # count, page
        response = client.get(reverse("establishment:public_notice_list"))
    assert response.status_code == 200
    assert_rows_shown(response, [n.title for n in created] + [n.get_absolute_url() for n in created])


@pytest.mark.parametrize("rows", [1, 20])
def test_admin_notice_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    created = _notices(rows, timezone.localdate())
    admin = region_admin()
    client.force_login(admin)
    with django_assert_num_queries(5):  # session, user, assignments, count, page
        response = client.get(reverse("establishment:notice_admin_list"))
    assert response.status_code == 200
    assert_rows_shown(response, [n.title for n in created])


# --- API -------------------------------------------------------------------------------------------------
def test_api_lists_published_notices_anonymously(client):
    round_, apps = passed_round()
    notice = publish(region_admin(), round_, published_on=timezone.localdate())
    publish(region_admin(), passed_round()[0], published_on=timezone.localdate() + timedelta(days=5))

    body = client.get("/api/v1/notices").json()
    assert [n["id"] for n in body["items"]] == [notice.pk]
    detail = client.get(f"/api/v1/notices/{notice.pk}").json()
    assert [i["application_id"] for i in detail["items"]] == [apps[0].pk]


def test_api_region_admin_publishes_a_notice(client, today_is):
    today_is(date(2026, 9, 28))
    admin = region_admin()
    round_, apps = passed_round()
    client.force_login(admin)
    response = client.post(
        "/api/v1/notices",
        {"round": round_.pk, "title": "公示", "contact": "0471-6960000", "published_on": "2026-09-28"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["ends_on"] == "2026-10-09"
    assert BaseApplication.objects.get(pk=apps[0].pk).state == S.IN_NOTICE


def test_api_refuses_publication_by_others(client):
    round_, apps = passed_round()
    client.force_login(user_with_role(Role.UNIT_ADMIN, apps[0].unit))
    response = client.post(
        "/api/v1/notices", {"round": round_.pk, "title": "公示"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert client.post("/api/v1/notices", {"round": round_.pk, "title": "公示"},
                       content_type="application/json").json()["code"] == "not_permitted"  # fmt: skip


@pytest.mark.parametrize("rows", [1, 20])
def test_api_notice_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    created = _notices(rows, timezone.localdate())
    with django_assert_num_queries(2):
        response = client.get("/api/v1/notices")
    assert response.status_code == 200
    assert json_ids(response) == {n.pk for n in created}
    assert_rows_shown(response, [n.title for n in created])
