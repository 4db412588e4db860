"""The region administrator enters a year's holiday schedule as data: only weekday holidays and weekend
working days are stored, every rule is checked before anything is written, and each write is audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.calendar import count_from, missing_schedule_years
from postdoc_base.kernel.models import AuditEvent, CalendarDay, CalendarYear
from postdoc_base.kernel.services import NotAllowed, calendar_year_clear, calendar_year_set
from postdoc_base.policy.calendar import HOLIDAY, WORKDAY
from tests.factories import (
    DepartmentFactory,
    ExpertFactory,
    StationFactory,
    UnitFactory,
    UserFactory,
    bureau,
    user_with_role,
)

pytestmark = pytest.mark.django_db

NATIONAL_DAY_2027 = [(date(2027, 10, 1) + timedelta(days=i), "国庆节") for i in range(7)]
WORKDAYS_2027 = [(date(2027, 9, 26), "国庆节"), (date(2027, 10, 9), "国庆节")]
OTHER_ROLES = {
    Role.BUREAU_OFFICER: lambda: bureau("呼和浩特市"),
    Role.DEPT_OFFICER: DepartmentFactory,
    Role.UNIT_ADMIN: UnitFactory,
    Role.STATION_CONTACT: StationFactory,
    Role.EXPERT: ExpertFactory,
}


@pytest.fixture
def admin():
    return user_with_role(Role.REGION_ADMIN)


def enter_2027(actor, **kwargs):
    args = {
        "year": 2027,
        "holidays": NATIONAL_DAY_2027,
        "workdays": WORKDAYS_2027,
        "source": "国办发明电〔2026〕7号",
    }
    return calendar_year_set(actor=actor, **{**args, **kwargs})


def calendar_state():
    return (
        list(CalendarYear.objects.order_by("year").values_list("year", "source")),
        list(CalendarDay.objects.order_by("date").values_list("date", "kind", "name")),
        AuditEvent.objects.count(),
    )


def messages(exc: ValidationError, field: str) -> list[str]:
    return [str(m) for e in exc.error_dict[field] for m in e.messages]


# --- who may -------------------------------------------------------------------------------------------
def test_region_admin_enters_a_year_and_only_weekday_holidays_are_stored(admin):
    row = enter_2027(admin)
    assert (row.year, row.source) == (2027, "国办发明电〔2026〕7号")
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", "kind", "name")) == [
        (date(2027, 9, 26), WORKDAY, "国庆节"),
        (date(2027, 10, 1), HOLIDAY, "国庆节"),  # Friday; 2 and 3 Oct are a weekend and not stored
        (date(2027, 10, 4), HOLIDAY, "国庆节"),
        (date(2027, 10, 5), HOLIDAY, "国庆节"),
        (date(2027, 10, 6), HOLIDAY, "国庆节"),
        (date(2027, 10, 7), HOLIDAY, "国庆节"),
        (date(2027, 10, 9), WORKDAY, "国庆节"),
    ]


def test_entering_a_year_is_audited_with_counts_and_dates(admin):
    enter_2027(admin)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.actor_id, event.action, event.role, event.scope) == (
        admin.pk,
        "calendar_year_set",
        Role.REGION_ADMIN,
        "全区",
    )
    assert (event.subject_type, event.subject_id) == ("kernel.calendaryear", "2027")
    assert event.diff == {
        "source": [None, "国办发明电〔2026〕7号"],
        "holiday_count": [0, 5],
        "workday_count": [0, 2],
        "holidays": [[], ["2027-10-01", "2027-10-04", "2027-10-05", "2027-10-06", "2027-10-07"]],
        "workdays": [[], ["2027-09-26", "2027-10-09"]],
    }
    assert verify_chain() == []


def test_a_blank_source_is_recorded_as_entered_by_the_region(admin):
    assert enter_2027(admin, source="  ").source == "自治区人社厅录入"


@pytest.mark.parametrize("role", list(OTHER_ROLES))
def test_other_roles_are_refused_and_nothing_changes(role):
    user = user_with_role(role, OTHER_ROLES[role]())
    CalendarYear.objects.create(year=2027, source="自治区人社厅录入")
    before = calendar_state()
    for call in (lambda: enter_2027(user), lambda: calendar_year_clear(actor=user, year=2027)):
        with pytest.raises(NotAllowed) as exc:
            call()
        assert [f.code for f in exc.value.findings] == ["kernel.not_permitted"]
        assert str(exc.value.findings[0].message) == "只有自治区人社厅管理员可以执行此操作。"
    assert calendar_state() == before


def test_a_user_without_role_and_a_deactivated_admin_are_refused(admin):
    admin.is_active = False
    before = calendar_state()
    for user in (UserFactory(), admin):
        with pytest.raises(NotAllowed):
            enter_2027(user)
    assert calendar_state() == before


# --- validation ----------------------------------------------------------------------------------------
def test_a_weekday_adjusted_working_day_is_refused_naming_the_date(admin):
    before = calendar_state()
    with pytest.raises(ValidationError) as exc:
        enter_2027(admin, workdays=[(date(2027, 9, 29), "国庆节")])
    assert messages(exc.value, "workdays") == [
        "2027-09-29是星期三，本来就是工作日，不能作为调休上班日；调休上班日只能是星期六或星期日。"
    ]
    assert calendar_state() == before


def test_a_date_outside_the_year_is_refused(admin):
    before = calendar_state()
    with pytest.raises(ValidationError) as exc:
        enter_2027(admin, holidays=[*NATIONAL_DAY_2027, (date(2028, 1, 3), "元旦")])
    assert messages(exc.value, "holidays") == ["2028-01-03不在2027年内。"]
    assert calendar_state() == before


def test_a_date_both_holiday_and_workday_is_refused_even_on_a_weekend(admin):
    before = calendar_state()
    with pytest.raises(ValidationError) as exc:
        enter_2027(admin, workdays=[(date(2027, 10, 2), "国庆节")])  # a Saturday inside the holiday
    assert messages(exc.value, "workdays") == ["2027-10-02不能既是节假日又是调休上班日。"]
    assert calendar_state() == before


def test_a_schedule_without_any_holiday_is_refused(admin):
    with pytest.raises(ValidationError) as exc:
        enter_2027(admin, holidays=[])
    assert messages(exc.value, "holidays") == ["请至少填写一个法定节假日。"]
    assert not CalendarYear.objects.filter(year=2027).exists()


@pytest.mark.parametrize("year", [1999, 2101])
def test_a_year_out_of_range_is_refused(admin, year):
    with pytest.raises(ValidationError) as exc:
        calendar_year_set(
            actor=admin, year=year, holidays=[(date(year, 1, 1), "元旦")], workdays=[], source=""
        )
    assert messages(exc.value, "year") == ["年份须在2000年至2100年之间。"]


# --- effect on counting --------------------------------------------------------------------------------
def test_entered_year_is_used_when_counting_working_days(admin):
    assert count_from(date(2027, 9, 28), 5).unscheduled_years == (2027,)
    enter_2027(admin)
    result = count_from(date(2027, 9, 28), 5)
    # 28, 29, 30 Sep (Tue-Thu); 1-7 Oct holiday; 8 Oct (Fri); 9 Oct (Saturday, adjusted working day).
    assert result.last == date(2027, 10, 9)
    assert result.unscheduled_years == ()
    assert count_from(date(2027, 9, 25), 2).last == date(2027, 9, 27)  # Sun 26 Sep works, Sat 25 does not


def test_re_entering_a_year_replaces_its_days(admin):
    enter_2027(admin)
    enter_2027(admin, holidays=[(date(2027, 1, 1), "元旦")], workdays=[], source="")
    assert list(CalendarDay.objects.filter(date__year=2027).values_list("date", flat=True)) == [
        date(2027, 1, 1)
    ]
    assert CalendarYear.objects.get(year=2027).source == "自治区人社厅录入"
    diff = AuditEvent.objects.order_by("-seq").first().diff
    assert diff["holiday_count"] == [5, 1] and diff["workday_count"] == [2, 0]


def test_a_seeded_year_can_be_corrected_and_other_years_are_untouched(admin):
    before_2025 = list(CalendarDay.objects.filter(date__year=2025).values_list("date", "kind"))
    calendar_year_set(actor=admin, year=2026, holidays=[(date(2026, 1, 1), "元旦")], workdays=[], source="")
    assert CalendarDay.objects.filter(date__year=2026).count() == 1
    assert list(CalendarDay.objects.filter(date__year=2025).values_list("date", "kind")) == before_2025


def test_clearing_a_year_goes_back_to_monday_to_friday_and_is_audited(admin):
    enter_2027(admin)
    calendar_year_clear(actor=admin, year=2027)
    assert not CalendarYear.objects.filter(year=2027).exists()
    assert not CalendarDay.objects.filter(date__year=2027).exists()
    result = count_from(date(2027, 9, 28), 5)
    assert result.last == date(2027, 10, 4)  # 28, 29, 30 Sep, 1 Oct (Fri), 4 Oct (Mon)
    assert result.unscheduled_years == (2027,)
    event = AuditEvent.objects.order_by("-seq").first()
    assert (event.action, event.subject_id) == ("calendar_year_clear", "2027")
    assert event.diff["holiday_count"] == [5, 0] and event.diff["source"] == ["国办发明电〔2026〕7号", None]
    assert verify_chain() == []


def test_clearing_a_year_without_schedule_is_refused(admin):
    before = calendar_state()
    with pytest.raises(ValidationError) as exc:
        calendar_year_clear(actor=admin, year=2030)
    assert messages(exc.value, "year") == ["2030年尚未录入节假日安排。"]
    assert calendar_state() == before


# --- which years are missing ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("today", "missing"),
    [
        (date(2026, 10, 31), []),  # next year not yet due
        (date(2026, 11, 1), [2027]),
        (date(2026, 12, 31), [2027]),
        (date(2027, 3, 1), [2027]),  # the current year always counts
        (date(2027, 11, 15), [2027, 2028]),
    ],
)
def test_missing_schedule_years(today, missing):
    assert missing_schedule_years(today) == missing


def test_missing_schedule_years_is_empty_once_next_year_is_entered(admin):
    enter_2027(admin)
    assert missing_schedule_years(date(2026, 12, 1)) == []
