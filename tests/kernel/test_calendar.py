"""Working days follow the State Council's schedule as data, including 调休 weekend working days; a year
without a schedule counts Monday to Friday and says so, never failing."""

from datetime import date

import pytest

from postdoc_base.kernel.calendar import count_from, seed_from_chinesecalendar, working_day
from postdoc_base.kernel.models import CalendarDay, CalendarYear
from postdoc_base.policy.calendar import HOLIDAY, WORKDAY, count_working_days, is_working_day

pytestmark = pytest.mark.django_db


def test_seed_covers_exactly_the_years_the_package_knows():
    years = sorted(CalendarYear.objects.values_list("year", flat=True))
    assert years[0] == 2004
    assert years[-1] == 2026
    assert years == list(range(2004, 2027))


def test_seed_stores_only_exceptions_to_monday_to_friday():
    assert not CalendarDay.objects.filter(kind=HOLIDAY, date__week_day__in=[1, 7]).exists()
    assert not CalendarDay.objects.filter(kind=WORKDAY, date__week_day__in=[2, 3, 4, 5, 6]).exists()


def test_national_day_2026_weekdays_are_holidays_and_the_adjusted_saturday_works():
    assert CalendarDay.objects.get(date=date(2026, 10, 1)).name == "国庆节"
    assert [working_day(date(2026, 10, d)) for d in range(1, 11)] == [
        False, False, False, False, False, False, False, True, True, True,
    ]  # fmt: skip
    assert working_day(date(2026, 9, 20)) is True  # Sunday, 调休 working day


@pytest.mark.parametrize(
    ("start", "days", "last"),
    [
        (date(2026, 9, 28), 5, date(2026, 10, 9)),  # spans National Day: 28, 29, 30 Sep, 8, 9 Oct
        (
            date(2026, 10, 3),
            5,
            date(2026, 10, 13),
        ),  # published on a holiday Saturday: 8, 9, 10 (调休), 12, 13 Oct
        (date(2026, 10, 8), 3, date(2026, 10, 10)),  # 10 Oct 2026 is a 调休 Saturday and counts
        (date(2026, 11, 23), 5, date(2026, 11, 27)),  # an ordinary week, publication day counted
        (date(2026, 11, 28), 1, date(2026, 11, 30)),  # published on a Saturday: first working day is Monday
    ],
)
def test_count_from_ends_on_the_right_working_day(start, days, last):
    result = count_from(start, days)
    assert result.last == last
    assert result.unscheduled_years == ()


def test_a_year_without_schedule_counts_monday_to_friday_and_is_reported():
    result = count_from(date(2027, 9, 28), 5)  # 2027 has no schedule in the data: Oct 1 counts as a workday
    assert result.last == date(2027, 10, 4)
    assert result.unscheduled_years == (2027,)


def test_a_count_crossing_into_an_unscheduled_year_reports_it():
    result = count_from(date(2026, 12, 29), 5)
    assert result.last == date(2027, 1, 4)
    assert result.unscheduled_years == (2027,)


def test_a_schedule_entered_by_hand_is_used_and_survives_reseeding():
    CalendarYear.objects.create(year=2027, source="自治区人社厅录入")
    CalendarDay.objects.create(date=date(2027, 10, 1), kind=HOLIDAY, name="国庆节")
    assert count_from(date(2027, 9, 28), 5).last == date(2027, 10, 5)
    seed_from_chinesecalendar()
    assert CalendarDay.objects.filter(date=date(2027, 10, 1)).exists()


def test_reseeding_is_idempotent():
    before = CalendarDay.objects.count()
    seed_from_chinesecalendar()
    assert CalendarDay.objects.count() == before


def test_count_needs_at_least_one_day():
    with pytest.raises(ValueError):
        count_working_days(date(2026, 1, 5), 0, {}, [2026])


def test_pure_rule_without_exceptions_is_monday_to_friday():
    assert [is_working_day(date(2026, 11, d), {}) for d in range(23, 30)] == [True] * 5 + [False, False]
