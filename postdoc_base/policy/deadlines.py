"""When to remind the owner of an obligation before its date and when to escalate after it (issue 12).

The measures fix the dates (Art. 13(2) three months, Art. 16 the planned return, Art. 24 two years, ...) but
not when anyone is reminded; the schedule is the region's practice: a default here, replaced per obligation kind
by the region administrator (``deadlines.ReminderSetting``). Pure: the caller supplies the calendar's
exceptions (``policy.calendar``).

An obligation's date means either the last day to act (截止, ``due``) or the first day one may (起办, ``from``).
Before a ``due`` date the owner is reminded ``before`` days ahead (e.g. 7 and 1); a ``from`` date is announced
on the day it opens. After the date, the item escalates to the owner's bureau (盟市人社局) and then to the
region (自治区人社厅); a level the owner already is, or that the owner sits under no bureau of, is skipped.
Days are calendar days, or working days where the rule counts them (``working_days``).

Each stage is sent once. When the sweep missed days, only the latest stage reached is sent: nobody needs a
"due in 7 days" on the day before.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from .calendar import is_working_day
from .findings import lazy_format

DUE = "due"
FROM = "from"

BEFORE = "before"
BUREAU = "bureau"
REGION = "region"

MAX_BEFORE_DAYS = 366
MAX_REMINDERS = 5
MAX_ESCALATION_DAYS = 366


@dataclass(frozen=True)
class ReminderSchedule:
    before: tuple[int, ...] = (7, 1)  # days before a due date, each a reminder
    working_days: bool = False  # count ``before`` and the escalation days in working days
    escalate_bureau_after: int | None = 1  # days after the date; None: never to the bureau
    escalate_region_after: int | None = 10  # days after the date; None: never to the region
    enabled: bool = True

    def span_before(self) -> int:
        """Calendar days before the date the earliest reminder can fall (working days stretched over holidays)."""
        longest = max(self.before, default=0)
        return longest * 2 + 30 if self.working_days else longest

    def span_after(self) -> int:
        """Calendar days after the date the last escalation can fall."""
        longest = max(
            (d for d in (self.escalate_bureau_after, self.escalate_region_after) if d is not None), default=0
        )
        return longest * 2 + 30 if self.working_days else longest


DEFAULT_SCHEDULE = ReminderSchedule()


@dataclass(frozen=True)
class Stage:
    key: str  # stored once per obligation: "before:7", "bureau", "region"
    level: str  # BEFORE, BUREAU or REGION
    on: date  # the day the stage is reached
    days: int  # BEFORE: days ahead of the date (0: the day itself); escalation: days past it


def shift(day: date, days: int, working_days: bool, exceptions: Mapping[date, str]) -> date:
    """``day`` moved by ``days`` (negative: back) in calendar days, or in working days: the ``|days|``-th
    working day before or after ``day`` (``day`` itself not counted; a year without a schedule counts
    Monday to Friday, as ``policy.calendar`` does)."""
    if not working_days or days == 0:
        return day + timedelta(days=days)
    step = timedelta(days=1 if days > 0 else -1)
    remaining = abs(days)
    while remaining:
        day += step
        if is_working_day(day, exceptions):
            remaining -= 1
    return day


def stages(
    on: date,
    date_means: str,
    schedule: ReminderSchedule,
    exceptions: Mapping[date, str],
    *,
    bureau_above: bool,
    region_above: bool,
) -> list[Stage]:
    """Every stage of one obligation dated ``on``, in date order. ``bureau_above``: the owner sits in a bureau
    that is not itself; ``region_above``: the owner is not the region."""
    if not schedule.enabled:
        return []
    ahead = (0,) if date_means == FROM else tuple(sorted(set(schedule.before), reverse=True))
    out = [
        Stage(f"{BEFORE}:{days}", BEFORE, shift(on, -days, schedule.working_days, exceptions), days)
        for days in ahead
    ]
    for level, after, applies in (
        (BUREAU, schedule.escalate_bureau_after, bureau_above),
        (REGION, schedule.escalate_region_after, region_above),
    ):
        if after is not None and applies:
            out.append(Stage(level, level, shift(on, after, schedule.working_days, exceptions), after))
    return sorted(out, key=lambda s: (s.on, s.level != BEFORE))


def stage_reached(all_stages: list[Stage], today: date, sent: set[str]) -> Stage | None:
    """The stage to send today: the latest one reached, unless it (or a later one) was sent already."""
    reached = [s for s in all_stages if s.on <= today]
    if not reached:
        return None
    latest = reached[-1]
    later_keys = {s.key for s in all_stages[all_stages.index(latest) :]}
    return None if later_keys & sent else latest


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_schedule(schedule: ReminderSchedule) -> dict:
    """Field -> what is wrong (lazy text, for the settings form and the API); empty when the schedule is valid."""
    errors: dict = {}
    before = schedule.before
    if len(before) > MAX_REMINDERS:
        errors["before"] = lazy_format(_("最多设置%(n)d次提前提醒。"), n=MAX_REMINDERS)
    elif any(not _is_int(d) or not 0 <= d <= MAX_BEFORE_DAYS for d in before):
        errors["before"] = lazy_format(_("提前天数须为0至%(n)d之间的整数。"), n=MAX_BEFORE_DAYS)
    elif len(set(before)) != len(before):
        errors["before"] = _("提前天数不能重复。")
    for field in ("escalate_bureau_after", "escalate_region_after"):
        value = getattr(schedule, field)
        if value is not None and (not _is_int(value) or not 1 <= value <= MAX_ESCALATION_DAYS):
            errors[field] = lazy_format(
                _("逾期天数须为1至%(n)d之间的整数，或留空表示不告知。"), n=MAX_ESCALATION_DAYS
            )
    bureau, region = schedule.escalate_bureau_after, schedule.escalate_region_after
    if (
        "escalate_region_after" not in errors
        and bureau is not None
        and region is not None
        and region <= bureau
    ):
        errors["escalate_region_after"] = _("告知自治区须晚于告知盟市（先盟市、后自治区）。")
    return errors
