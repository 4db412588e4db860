"""Art. 9(5) (薪酬待遇不低于国家资助博士后研究人员计划C档标准): the C-tier floor in force and the one comparison
every pay check uses — an application's offered pay (Art. 9(5)), a topic's pay and a postdoc's yearly pay
(Arts. 9(5), 20).

The C tier is set by the national programme's notices, not by the measures; the schedule below is the
default until the region administrator enters rows as an effective-dated parameter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

# Per person: 2024-2025 240,000 yuan for two years, from 2026 120,000 yuan a year.
# Rows: (effective_from, amount_yuan, period_years).
DEFAULT_SALARY_FLOOR_SCHEDULE: list[tuple[date, int, int]] = [
    (date(2024, 1, 1), 240000, 2),
    (date(2026, 1, 1), 120000, 1),
]


def salary_floor_annual(on: date, schedule: Sequence[tuple[date, int, int]] | None = None) -> int:
    """第九条第（五）项 / Art. 9(5): the yearly C-tier pay floor in force on ``on``, in yuan.

    Uses the latest schedule row whose ``effective_from`` is on or before ``on`` and returns
    ``amount_yuan // period_years``. Raises ``ValueError`` if ``on`` precedes every row or a row's
    period is not positive. ``schedule`` defaults to ``DEFAULT_SALARY_FLOOR_SCHEDULE``.
    """
    if schedule is None:
        schedule = DEFAULT_SALARY_FLOOR_SCHEDULE
    in_force = [row for row in schedule if row[0] <= on]
    if not in_force:
        raise ValueError(f"no salary floor is in force on {on.isoformat()}")
    _effective_from, amount_yuan, period_years = max(in_force, key=lambda row: row[0])
    if period_years <= 0:
        raise ValueError("period_years must be positive")
    return amount_yuan // period_years


# The floor in force today by default: the latest row of the default schedule.
CURRENT_DEFAULT_FLOOR_YUAN = salary_floor_annual(DEFAULT_SALARY_FLOOR_SCHEDULE[-1][0])


def pay_year_floor(year: int, schedule: Sequence[tuple[date, int, int]]) -> int:
    """第九条第（五）项 / Art. 9(5): the yearly C-tier floor a year's pay is held to — the one in force on
    1 January of ``year``; a year before the first schedule row takes that row's floor (the earliest standard
    known, not fixed by the measures)."""
    try:
        return salary_floor_annual(date(year, 1, 1), schedule)
    except ValueError:
        return salary_floor_annual(min(row[0] for row in schedule), schedule)


def below_c_tier(annual_pay_yuan: int, floor_yuan: int) -> bool:
    """第九条第（五）项 / Art. 9(5) "不低于": pay equal to the floor passes; only less is below."""
    return annual_pay_yuan < floor_yuan
