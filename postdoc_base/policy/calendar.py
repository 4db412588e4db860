"""Working days as Chinese officials count them: Monday to Friday, less statutory holidays, plus the
adjusted weekend working days (调休) of the State Council's yearly schedule. Pure: the caller supplies
the exceptions and which years have a schedule."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

HOLIDAY = "holiday"
WORKDAY = "workday"


@dataclass(frozen=True)
class WorkingDayCount:
    first: date | None  # the first working day counted
    last: date  # the last working day counted: a notice ends at the close of this day
    unscheduled_years: tuple[int, ...]  # years counted Monday-Friday for want of a schedule


def is_working_day(day: date, exceptions: Mapping[date, str]) -> bool:
    kind = exceptions.get(day)
    if kind == HOLIDAY:
        return False
    if kind == WORKDAY:
        return True
    return day.weekday() < 5


def count_working_days(
    start: date, working_days: int, exceptions: Mapping[date, str], scheduled_years: Iterable[int]
) -> WorkingDayCount:
    """The last of ``working_days`` working days counted from ``start``; ``start`` counts when it is one.

    A public notice published on ``start`` for N working days ends at the close of ``last``.
    """
    if working_days < 1:
        raise ValueError("working_days must be at least 1")
    scheduled = set(scheduled_years)
    unscheduled: set[int] = set()
    day, counted, first = start, 0, None
    while True:
        if day.year not in scheduled:
            unscheduled.add(day.year)
        if is_working_day(day, exceptions):
            counted += 1
            first = first or day
            if counted == working_days:
                return WorkingDayCount(first=first, last=day, unscheduled_years=tuple(sorted(unscheduled)))
        day += timedelta(days=1)


# Upper bound on the calendar span a count of N working days can need (long holidays included).
def span_for(working_days: int) -> int:
    return working_days * 2 + 30
