"""How long items waited at each step of a workflow (issue 12, item 4): stays, their statistics and the way a
person reads a duration. Pure: the caller streams the audit history's state changes in; no ORM.

A *stay* of one subject in a state runs from the change that entered the state to the next change that left
it. The changes of one subject come in their order (the audit chain's sequence); a change that keeps the state
(``to_state`` empty or equal to ``from_state``) is no change of step and is skipped. A subject whose first
change is not its creation (its history began before the audit did) starts being measured at that change:
how long it had been in the earlier state is unknown, so that stay is not counted. A stay that has not ended is
*still waiting*, measured up to ``now`` and reported apart, never in the median; a stay in a final state (one
the workflow has no step out of) is not waiting for anything and is left out.

Statistics (``StepTimes``): the count of ended stays, the median and the 90th percentile of their durations by
the linear method (Hyndman and Fan's type 7, the default of NumPy and Excel's PERCENTILE.INC: the value at
rank ``1 + p(n - 1)`` of the sorted durations, interpolated between its neighbours; the median of 1, 2, 3, 4
days is 2.5 days, the 90th percentile of 1, 2, ..., 10 days is 9.1 days), and the slowest stays, longest first.
"""

from __future__ import annotations

import heapq
import itertools
import math
from collections.abc import Callable, Hashable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from .findings import lazy_format

DAY = 86400
HOUR = 3600
SLOWEST = 5  # how many of the slowest stays each step lists


@dataclass(frozen=True)
class Stay:
    """One subject's stay in one state; ``left`` is None while it is still there."""

    subject_id: str
    state: str
    entered: datetime
    left: datetime | None = None

    def seconds(self, now: datetime) -> float:
        """How long the stay lasted (or has lasted until ``now``), never negative."""
        return max(0.0, ((self.left or now) - self.entered).total_seconds())


def stays_of(
    changes: Iterable[tuple[str, datetime, str, str]], final_states: Iterable[str] = ()
) -> Iterator[Stay]:
    """The stays in a stream of ``(subject_id, at, from_state, to_state)`` changes, grouped by subject and in
    each subject's order. Each ended stay, and each subject's last stay unless its state is final, is yielded."""
    final = frozenset(final_states)
    for subject_id, rows in itertools.groupby(changes, key=lambda row: row[0]):
        current: str | None = None
        entered: datetime | None = None
        for _subject, at, from_state, to_state in rows:
            if not to_state or to_state in (from_state, current):
                continue
            if current is not None and entered is not None:
                yield Stay(subject_id, current, entered, at)
            current, entered = to_state, at
        if current is not None and entered is not None and current not in final:
            yield Stay(subject_id, current, entered, None)


def quantile(values: Sequence[float], q: float) -> float | None:
    """The ``q`` quantile (0..1) of ``values`` by the linear method (type 7); None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    position = q * (len(ordered) - 1)
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


@dataclass(frozen=True)
class Slow:
    """One of the slowest stays: which subject, how long (seconds) and when it entered and left the step."""

    subject_id: str
    seconds: float
    entered: datetime
    left: datetime | None


@dataclass(frozen=True)
class StepTimes:
    """The ended stays of one step (in one group): count, median and 90th percentile in seconds, the slowest;
    and the stays still waiting there: how many and the longest so far."""

    count: int = 0
    median: float | None = None
    p90: float | None = None
    slowest: tuple[Slow, ...] = ()
    waiting: int = 0
    longest_waiting: Slow | None = None


@dataclass
class _Tally:
    durations: list[float] = field(default_factory=list)
    slowest: list[tuple[float, int, Slow]] = field(default_factory=list)  # a min-heap of the longest
    waiting: int = 0
    longest_waiting: Slow | None = None

    def add(self, stay: Stay, seconds: float, keep: int, order: int) -> None:
        slow = Slow(stay.subject_id, seconds, stay.entered, stay.left)
        if stay.left is None:
            self.waiting += 1
            if self.longest_waiting is None or seconds > self.longest_waiting.seconds:
                self.longest_waiting = slow
            return
        self.durations.append(seconds)
        # Ties: the earlier stay in the stream first (its order negated, so the later one is dropped first).
        entry = (seconds, -order, slow)
        if len(self.slowest) < keep:
            heapq.heappush(self.slowest, entry)
        elif keep and entry[:2] > self.slowest[0][:2]:
            heapq.heapreplace(self.slowest, entry)

    def result(self) -> StepTimes:
        slowest = tuple(e[2] for e in sorted(self.slowest, key=lambda e: (-e[0], -e[1])))
        return StepTimes(
            count=len(self.durations),
            median=quantile(self.durations, 0.5),
            p90=quantile(self.durations, 0.9),
            slowest=slowest,
            waiting=self.waiting,
            longest_waiting=self.longest_waiting,
        )


def step_times(
    stays: Iterable[Stay],
    *,
    now: datetime,
    groups: Callable[[Stay], Iterable[Hashable]] = lambda stay: ((),),
    ended_between: tuple[datetime, datetime] | None = None,
    slowest: int = SLOWEST,
) -> dict[tuple[Hashable, str], StepTimes]:
    """``{(group, state): StepTimes}`` over ``stays``, each stay counted in every group ``groups`` gives it
    (the whole, its bureau, its round). With ``ended_between`` (start inclusive, end exclusive) only the stays
    that ended in that window count; the stays still waiting count only when ``now`` lies in it."""
    tallies: dict[tuple[Hashable, str], _Tally] = {}
    waiting_counts = ended_between is None or ended_between[0] <= now < ended_between[1]
    for order, stay in enumerate(stays):
        if stay.left is None:
            if not waiting_counts:
                continue
        elif ended_between is not None and not ended_between[0] <= stay.left < ended_between[1]:
            continue
        seconds = stay.seconds(now)
        for group in groups(stay):
            tallies.setdefault((group, stay.state), _Tally()).add(stay, seconds, slowest, order)
    return {key: tally.result() for key, tally in tallies.items()}


def _one_decimal(value: float) -> str:
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


def duration_text(seconds: float | None):
    """A duration as a person reads it: days with one decimal (3.5天); under a day, hours (5.5小时); "—" for
    none."""
    if seconds is None:
        return "—"
    if seconds < DAY:
        return lazy_format(_("%(hours)s小时"), hours=_one_decimal(seconds / HOUR))
    return lazy_format(_("%(days)s天"), days=_one_decimal(seconds / DAY))


def days(seconds: float | None) -> float | None:
    """A duration in days with one decimal (the API's number), rounded half up; None for none."""
    return None if seconds is None else float(_one_decimal(seconds / DAY))
