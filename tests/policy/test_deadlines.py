"""policy.deadlines: one case per clause of the reminder schedule (issue 12, "Reminders and escalation")."""

from datetime import date, timedelta

import pytest

from postdoc_base.policy.calendar import HOLIDAY, WORKDAY
from postdoc_base.policy.deadlines import (
    DUE,
    FROM,
    ReminderSchedule,
    check_schedule,
    shift,
    stage_reached,
    stages,
)

D = date(2026, 12, 15)  # a Tuesday
DEFAULT = ReminderSchedule()
# National Day 2026 as the State Council scheduled it: weekday holidays 1, 2, 5, 6, 7 October; 10 October (a
# Saturday) a working day; Mid-Autumn on Friday 25 September and 20 September (a Sunday) a working day.
NATIONAL_DAY_2026 = {
    date(2026, 9, 25): HOLIDAY,
    date(2026, 10, 1): HOLIDAY,
    date(2026, 10, 2): HOLIDAY,
    date(2026, 10, 5): HOLIDAY,
    date(2026, 10, 6): HOLIDAY,
    date(2026, 10, 7): HOLIDAY,
    date(2026, 9, 20): WORKDAY,
    date(2026, 10, 10): WORKDAY,
}


def keyed(all_stages):
    return [(s.key, s.on) for s in all_stages]


def test_a_due_date_is_reminded_ahead_then_escalated_to_the_bureau_then_the_region():
    assert keyed(stages(D, DUE, DEFAULT, {}, bureau_above=True, region_above=True)) == [
        ("before:7", date(2026, 12, 8)),
        ("before:1", date(2026, 12, 14)),
        ("bureau", date(2026, 12, 16)),
        ("region", date(2026, 12, 25)),
    ]


def test_a_from_date_is_announced_on_the_day_it_opens_whatever_the_days_ahead():
    assert keyed(stages(D, FROM, DEFAULT, {}, bureau_above=True, region_above=True)) == [
        ("before:0", D),
        ("bureau", date(2026, 12, 16)),
        ("region", date(2026, 12, 25)),
    ]


def test_an_owner_in_no_bureau_or_the_bureau_itself_skips_the_bureau_level():
    assert [s.key for s in stages(D, DUE, DEFAULT, {}, bureau_above=False, region_above=True)] == [
        "before:7", "before:1", "region",
    ]  # fmt: skip


def test_the_region_owing_an_item_is_only_reminded():
    assert [s.key for s in stages(D, DUE, DEFAULT, {}, bureau_above=False, region_above=False)] == [
        "before:7", "before:1",
    ]  # fmt: skip


def test_a_disabled_schedule_has_no_stage_and_a_level_left_empty_is_skipped():
    assert stages(D, DUE, ReminderSchedule(enabled=False), {}, bureau_above=True, region_above=True) == []
    no_region = ReminderSchedule(before=(3,), escalate_region_after=None)
    assert [s.key for s in stages(D, DUE, no_region, {}, bureau_above=True, region_above=True)] == [
        "before:3", "bureau",
    ]  # fmt: skip


def test_same_day_before_and_escalation_are_ordered_reminder_first():
    schedule = ReminderSchedule(before=(0,), escalate_bureau_after=1, escalate_region_after=2)
    assert [s.key for s in stages(D, DUE, schedule, {}, bureau_above=True, region_above=True)] == [
        "before:0", "bureau", "region",
    ]  # fmt: skip


ALL = stages(D, DUE, DEFAULT, {}, bureau_above=True, region_above=True)


@pytest.mark.parametrize(
    ("today", "sent", "expected"),
    [
        (D - timedelta(days=8), set(), None),  # the day before the first reminder
        (D - timedelta(days=7), set(), "before:7"),  # its day
        (D - timedelta(days=6), {"before:7"}, None),  # the day after: sent already
        (D - timedelta(days=1), {"before:7"}, "before:1"),
        (D - timedelta(days=1), set(), "before:1"),  # a missed night: only the latest stage, not "7 days"
        (D, {"before:7", "before:1"}, None),  # the due day itself: nothing new
        (D + timedelta(days=1), {"before:1"}, "bureau"),  # the day after the date: to the bureau
        (D + timedelta(days=9), {"bureau"}, None),
        (D + timedelta(days=10), {"bureau"}, "region"),  # then the region
        (D + timedelta(days=40), set(), "region"),  # long overdue, never told: the latest level, once
        (D + timedelta(days=40), {"region"}, None),
        (D - timedelta(days=1), {"bureau"}, None),  # a later stage sent (the date moved back): not again
    ],
)
def test_the_stage_reached_is_the_latest_not_yet_sent(today, sent, expected):
    stage = stage_reached(ALL, today, sent)
    assert (stage.key if stage else None) == expected


def test_working_days_are_counted_back_over_national_day_2026_and_its_adjusted_saturday():
    # Monday 12 October: 3 working days before are Saturday 10 (调休), Friday 9 and Thursday 8 October.
    assert shift(date(2026, 10, 12), -3, True, NATIONAL_DAY_2026) == date(2026, 10, 8)
    assert shift(date(2026, 10, 12), -3, False, NATIONAL_DAY_2026) == date(2026, 10, 9)
    # Two working days after Wednesday 30 September: the holiday runs to the 7th, so Thursday 8 and Friday 9.
    assert shift(date(2026, 9, 30), 2, True, NATIONAL_DAY_2026) == date(2026, 10, 9)
    schedule = ReminderSchedule(
        before=(3,), working_days=True, escalate_bureau_after=2, escalate_region_after=5
    )
    assert keyed(
        stages(date(2026, 9, 30), DUE, schedule, NATIONAL_DAY_2026, bureau_above=True, region_above=True)
    ) == [
        ("before:3", date(2026, 9, 24)),  # 29, 28 Sep, then Fri 25 is Mid-Autumn: Thu 24
        ("bureau", date(2026, 10, 9)),
        ("region", date(2026, 10, 13)),  # 8, 9, 10 (Sat, 调休), 12, 13 October: the 5th is the 13th
    ]


def test_a_year_without_a_schedule_counts_monday_to_friday():
    # 2027 has no schedule here: 1 January 2027, a Friday, counts as a working day.
    assert shift(date(2027, 1, 4), -1, True, {}) == date(2027, 1, 1)
    assert shift(date(2027, 1, 1), 1, True, {}) == date(2027, 1, 4)


@pytest.mark.parametrize(
    ("schedule", "errors"),
    [
        (ReminderSchedule(), set()),
        (ReminderSchedule(before=(1, 2, 3, 4, 5, 6)), {"before"}),
        (ReminderSchedule(before=(-1,)), {"before"}),
        (ReminderSchedule(before=(400,)), {"before"}),
        (ReminderSchedule(before=(7, 7)), {"before"}),
        (ReminderSchedule(escalate_bureau_after=0), {"escalate_bureau_after"}),
        (ReminderSchedule(escalate_region_after=400), {"escalate_region_after"}),
        (ReminderSchedule(escalate_bureau_after=5, escalate_region_after=5), {"escalate_region_after"}),
        (ReminderSchedule(escalate_bureau_after=None, escalate_region_after=1), set()),
        (ReminderSchedule(before=(), escalate_bureau_after=None, escalate_region_after=None), set()),
    ],
)
def test_a_schedule_is_checked_field_by_field(schedule, errors):
    assert set(check_schedule(schedule)) == errors
