"""The working-day calendar pages of the administration console and the region administrator's reminder
on the workbench."""

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, CalendarDay, CalendarYear
from postdoc_base.policy.calendar import HOLIDAY, WORKDAY
from tests.factories import UnitFactory, UserFactory, bureau, user_with_role

pytestmark = pytest.mark.django_db

HOLIDAY_LINES = "2027-01-01 元旦\n\n2027-10-01~2027-10-07 国庆节\n"
WORKDAY_LINES = "2027-09-26 国庆节\n2027-10-09 国庆节"


@pytest.fixture
def admin():
    return user_with_role(Role.REGION_ADMIN, username="admin")


@pytest.fixture
def admin_client(client, admin):
    client.force_login(admin)
    return client


@pytest.fixture
def december_2026(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 12, 10))


def calendar_state():
    return (
        list(CalendarYear.objects.order_by("year").values_list("year", "source")),
        list(CalendarDay.objects.order_by("date").values_list("date", "kind", "name")),
        AuditEvent.objects.count(),
    )


def year_url(year=2027):
    return reverse("accounts:calendar_year", args=[year])


def save(client, holidays=HOLIDAY_LINES, workdays=WORKDAY_LINES, source="", year=2027):
    return client.post(year_url(year), {"holidays": holidays, "workdays": workdays, "source": source})


# --- access ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("role", "scope"),
    [(Role.BUREAU_OFFICER, lambda: bureau("包头市")), (Role.UNIT_ADMIN, UnitFactory), (None, lambda: None)],
)
def test_calendar_pages_are_forbidden_to_everyone_but_the_region_admin(client, role, scope):
    CalendarYear.objects.create(year=2027, source="自治区人社厅录入")
    client.force_login(user_with_role(role, scope()) if role else UserFactory())
    before = calendar_state()
    assert client.get(reverse("accounts:calendar")).status_code == 403
    assert client.get(year_url()).status_code == 403
    assert save(client).status_code == 403
    assert client.post(reverse("accounts:calendar_year_clear", args=[2027])).status_code == 403
    assert calendar_state() == before


def test_anonymous_user_is_sent_to_login(client):
    response = client.get(reverse("accounts:calendar"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_console_tabs_link_to_the_calendar(admin_client):
    body = admin_client.get(reverse("accounts:parameter_list")).content.decode()
    assert f'href="{reverse("accounts:calendar")}"' in body


# --- list -----------------------------------------------------------------------------------------------
def test_calendar_list_shows_two_years_back_to_next_year_and_warns_for_next_year(admin_client, december_2026):
    response = admin_client.get(reverse("accounts:calendar"))
    rows = response.context["rows"]
    assert [r["year"] for r in rows] == [2027, 2026, 2025, 2024]
    assert [(r["holidays"], r["workdays"]) for r in rows[1:]] == [
        (
            CalendarDay.objects.filter(date__year=y, kind=HOLIDAY).count(),
            CalendarDay.objects.filter(date__year=y, kind=WORKDAY).count(),
        )
        for y in (2026, 2025, 2024)
    ]
    assert rows[0]["schedule"] is None and (rows[0]["holidays"], rows[0]["workdays"]) == (0, 0)
    assert rows[1]["schedule"].source.startswith("chinesecalendar")
    body = response.content.decode()
    assert body.count('data-testid="calendar-missing"') == 1
    assert "2027年节假日安排尚未录入，期限按周一至周五计算" in body


def test_calendar_list_has_no_warning_once_next_year_is_entered(admin_client, december_2026):
    save(admin_client)
    body = admin_client.get(reverse("accounts:calendar")).content.decode()
    assert 'data-testid="calendar-missing"' not in body
    assert "自治区人社厅录入" in body


def test_calendar_list_warns_for_the_current_year_too(admin_client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2027, 6, 1))
    body = admin_client.get(reverse("accounts:calendar")).content.decode()
    assert body.count('data-testid="calendar-missing"') == 2
    assert "2027年节假日安排尚未录入" in body and "2028年节假日安排尚未录入" in body


def year_rows(response) -> dict[int, list[str]]:
    """The calendar list's year rows as served, by year: each row's cells as text (and the raw row last)."""
    html = response.content.decode()
    found = re.findall(r'<tr data-testid="year-row" data-year="(\d+)"(.*?)</tr>', html, re.S)
    return {
        int(year): [
            re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        + [row]
        for year, row in found
    }


def assert_years_shown(response) -> dict[int, list[str]]:
    """The four years (next year to two back) are listed, each with its day counts and its link."""
    rows = year_rows(response)
    assert list(rows) == [2027, 2026, 2025, 2024]
    for year, cells in rows.items():
        counts = [
            str(CalendarDay.objects.filter(date__year=year, kind=k).count()) for k in (HOLIDAY, WORKDAY)
        ]
        assert cells[2:4] == counts, year
        assert f'href="{year_url(year)}"' in cells[-1], year
    return rows


def test_calendar_list_query_count_is_fixed(admin_client, django_assert_num_queries, december_2026):
    # session, user, assignments, the years, the day counts
    with django_assert_num_queries(5):
        response = admin_client.get(reverse("accounts:calendar"))
        assert response.status_code == 200
    rows = assert_years_shown(response)
    assert rows[2027][1:4] == ["尚未录入，按周一至周五计算", "0", "0"]
    assert all(rows[y][1].startswith("chinesecalendar") for y in (2026, 2025, 2024))
    save(admin_client)
    with django_assert_num_queries(5):
        response = admin_client.get(reverse("accounts:calendar"))
        assert response.status_code == 200
    # The year just entered is on the page with its source and its counts: 元旦 and the five weekdays of
    # 国庆节 off (2 and 3 October 2027 are a weekend), two working days.
    rows = assert_years_shown(response)
    assert rows[2027][1:4] == ["自治区人社厅录入", "6", "2"]
    assert all(rows[y][1].startswith("chinesecalendar") for y in (2026, 2025, 2024))


def test_other_year_box_opens_that_year(admin_client):
    response = admin_client.get(reverse("accounts:calendar"), {"year": "2030"})
    assert response.status_code == 302
    assert response["Location"] == year_url(2030)


# --- year page ------------------------------------------------------------------------------------------
def test_entering_a_year_from_the_form(admin_client, admin):
    response = save(admin_client, source="国办发明电〔2026〕7号")
    assert response.status_code == 302
    assert response["Location"] == year_url()
    assert CalendarYear.objects.get(year=2027).source == "国办发明电〔2026〕7号"
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind")) == [
        (date(2027, 1, 1), HOLIDAY),
        (date(2027, 9, 26), WORKDAY),
        (date(2027, 10, 1), HOLIDAY),
        (date(2027, 10, 4), HOLIDAY),
        (date(2027, 10, 5), HOLIDAY),
        (date(2027, 10, 6), HOLIDAY),
        (date(2027, 10, 7), HOLIDAY),
        (date(2027, 10, 9), WORKDAY),
    ]
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.actor_id, event.action) == (admin.pk, "calendar_year_set")
    body = admin_client.get(year_url()).content.decode()
    assert "2027年节假日安排已保存。" in body
    assert body.count('data-testid="holiday"') == 6 and body.count('data-testid="workday"') == 2


def test_the_form_shows_the_stored_schedule_as_lines_that_read_back_the_same(admin_client):
    save(admin_client)
    form = admin_client.get(year_url()).context["form"]
    # The weekend inside National Day is not stored, yet the run reads back as one range.
    assert form.initial["holidays"] == "2027-01-01 元旦\n2027-10-01~2027-10-07 国庆节"
    assert form.initial["workdays"] == "2027-09-26 国庆节\n2027-10-09 国庆节"
    before = list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind", "name"))
    assert save(admin_client, form.initial["holidays"], form.initial["workdays"]).status_code == 302
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind", "name")) == before


def test_parse_errors_are_reported_per_line_and_nothing_is_saved(admin_client):
    before = calendar_state()
    response = save(
        admin_client,
        holidays="2027-10-01~2027-10-07 国庆节\n2027-13-01 元旦\n2027-10-07~2027-10-01 国庆节\n2027/05/01 劳动节",
        workdays="2027-09-26~2027-09-27 国庆节",
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["holidays"] == [
        "第2行：无法识别日期“2027-13-01”，应写作“2027-10-01~2027-10-07 国庆节”。",
        "第3行：结束日期早于开始日期。",
        "第4行：无法识别日期“2027/05/01”，应写作“2027-10-01~2027-10-07 国庆节”。",
    ]
    assert form.errors["workdays"] == ["第1行：调休上班日须逐日填写，不能写日期范围。"]
    assert "第2行：无法识别日期" in response.content.decode()
    assert calendar_state() == before


def test_service_refusals_are_shown_on_the_form_and_nothing_is_saved(admin_client):
    before = calendar_state()
    response = save(admin_client, holidays="2028-01-03 元旦\n2027-10-01 国庆节", workdays="2027-09-29 国庆节")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["holidays"] == ["2028-01-03不在2027年内。"]
    assert form.errors["workdays"] == [
        "2027-09-29是星期三，本来就是工作日，不能作为调休上班日；调休上班日只能是星期六或星期日。"
    ]
    assert calendar_state() == before


def test_a_year_without_schedule_says_so(admin_client):
    body = admin_client.get(year_url(2028)).content.decode()
    assert "2028年节假日安排尚未录入，期限按周一至周五计算" in body
    assert 'data-testid="clear"' not in body


@pytest.mark.parametrize("year", [1999, 2101])
def test_a_year_out_of_range_is_not_found(admin_client, year):
    assert admin_client.get(year_url(year)).status_code == 404


def test_clearing_a_year_from_the_page(admin_client):
    save(admin_client)
    response = admin_client.post(reverse("accounts:calendar_year_clear", args=[2027]), follow=True)
    assert "已清除2027年节假日安排，该年期限按周一至周五计算。" in response.content.decode()
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()


def test_clearing_a_year_without_schedule_shows_the_refusal(admin_client):
    response = admin_client.post(reverse("accounts:calendar_year_clear", args=[2030]), follow=True)
    assert "2030年尚未录入节假日安排。" in response.content.decode()


# --- try ------------------------------------------------------------------------------------------------
def test_try_counts_working_days_with_the_entered_schedule(admin_client):
    save(admin_client)
    response = admin_client.get(year_url(), {"try-start": "2027-09-28", "try-days": "5"})
    assert response.context["result"].last == date(2027, 10, 9)
    body = response.content.decode()
    assert "自2027-09-28起第5个工作日：2027-10-09" in body
    assert 'data-testid="try-unscheduled"' not in body


def test_try_warns_about_an_unscheduled_year(admin_client):
    response = admin_client.get(year_url(), {"try-start": "2027-09-28", "try-days": "5"})
    assert response.context["result"].last == date(2027, 10, 4)
    body = response.content.decode()
    assert "自2027-09-28起第5个工作日：2027-10-04" in body
    assert body.count('data-testid="try-unscheduled"') == 1


def test_try_with_bad_input_shows_the_error_and_no_result(admin_client):
    response = admin_client.get(year_url(), {"try-start": "2027-09-28", "try-days": "0"})
    assert response.context["result"] is None
    assert response.context["try_form"].errors["days"]


# --- the workbench reminder -----------------------------------------------------------------------------
def test_home_reminds_the_region_admin_in_december_when_next_year_is_missing(admin_client, december_2026):
    body = admin_client.get(reverse("home")).content.decode()
    assert body.count('data-testid="calendar-missing"') == 1
    assert "2027年节假日安排尚未录入，期限按周一至周五计算" in body
    assert f'href="{year_url(2027)}"' in body


def test_home_has_no_reminder_once_next_year_is_entered(admin_client, december_2026):
    save(admin_client)
    assert 'data-testid="calendar-missing"' not in admin_client.get(reverse("home")).content.decode()


def test_home_has_no_reminder_before_november(admin_client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: date(2026, 10, 31))
    assert 'data-testid="calendar-missing"' not in admin_client.get(reverse("home")).content.decode()


@pytest.mark.parametrize(
    ("role", "scope"),
    [(Role.BUREAU_OFFICER, lambda: bureau("包头市")), (Role.UNIT_ADMIN, UnitFactory), (None, lambda: None)],
)
def test_home_never_reminds_other_roles(client, december_2026, role, scope):
    client.force_login(user_with_role(role, scope()) if role else UserFactory())
    assert 'data-testid="calendar-missing"' not in client.get(reverse("home")).content.decode()
