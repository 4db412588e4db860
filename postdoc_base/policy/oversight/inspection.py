"""第二十五条 / Art. 25: "设立基地的单位……定期对本单位的博士后工作进行自查……对在评估检查及自查中存在的问题应及时
整改" — the base's periodic self-inspection (自查) and the rectification (整改) of what it finds.

What the system counts (the measures say "定期" and no more; these are the system's definitions):
- **Periodic** is once per calendar year (``SELF_INSPECTIONS_PER_YEAR``): a year is covered by a completed
  (closed) self-inspection of that year, whether it covered the whole year or one half of it.
- **Which years are owed**: every calendar year after the filing year that has ended. The filing year itself
  is not owed (a base filed in December has had no year of work to inspect), nor the year in progress.
- **Closing**: an inspection is complete when every issue found has been rectified (整改完毕); one that found
  no issue closes as "未发现问题".
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import NamedTuple

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..articles import ART25
from ..common import person_date
from ..findings import Finding, lazy_format

SELF_INSPECTIONS_PER_YEAR = 1  # 定期: one completed self-inspection per calendar year (a system definition)


class InspectionHalf(models.IntegerChoices):
    """The period a self-inspection covers within its year."""

    WHOLE_YEAR = 0, _("全年")
    FIRST_HALF = 1, _("上半年")
    SECOND_HALF = 2, _("下半年")


class InspectionConclusion(models.TextChoices):
    """How a completed self-inspection ended (Art. 25)."""

    RECTIFIED = "rectified", _("问题已整改")
    NO_ISSUES = "no_issues", _("未发现问题")


class InspectionRecord(NamedTuple):
    """A self-inspection of a base as the yearly rule reads it: its year and whether it is complete."""

    year: int
    closed: bool


def years_owed(filed_on: date, today: date) -> range:
    """The calendar years a base filed on ``filed_on`` owes a self-inspection for by ``today``: each year after
    the filing year that has ended."""
    return range(filed_on.year + 1, today.year)


def period_years(filed_on: date, today: date) -> range:
    """The years a self-inspection may be opened for: from the filing year to this year."""
    return range(filed_on.year, today.year + 1)


def yearly_inspection_finding(year: int, inspections: Iterable[InspectionRecord]) -> Finding:
    """Art. 25: whether the base self-inspected in ``year``. ``art25.self_inspected`` (ok) with a completed one;
    ``art25.self_inspection_open`` when only an unfinished one exists; ``art25.no_self_inspection`` with none."""
    of_year = [i for i in inspections if i.year == year]
    closed = sum(1 for i in of_year if i.closed)
    if closed >= SELF_INSPECTIONS_PER_YEAR:
        return Finding(
            True, "art25.self_inspected", ART25, lazy_format(_("%(year)s年度已完成自查。"), year=year)
        )
    if of_year:
        return Finding(
            False, "art25.self_inspection_open", ART25,
            lazy_format(_("%(year)s年度的自查尚未完成（仍有问题未整改或未办结）。"), year=year),
        )  # fmt: skip
    return Finding(
        False, "art25.no_self_inspection", ART25,
        lazy_format(_("%(year)s年度未开展自查，依第二十五条设立基地的单位应定期自查。"), year=year),
    )  # fmt: skip


def yearly_findings(filed_on: date, inspections: Iterable[InspectionRecord], today: date) -> list[Finding]:
    """Art. 25: one finding per year the base owes a self-inspection for (``years_owed``), oldest first."""
    inspections = list(inspections)
    return [yearly_inspection_finding(year, inspections) for year in years_owed(filed_on, today)]


def close_finding(open_issues: int) -> Finding:
    """Art. 25 (及时整改): an inspection closes only when none of its issues is left unrectified."""
    if open_issues:
        return Finding(
            False, "art25.issues_open", ART25,
            lazy_format(_("尚有%(count)s个问题未整改完毕，不能完成自查。"), count=open_issues),
        )  # fmt: skip
    return Finding(True, "art25.issues_rectified", ART25, _("发现的问题均已整改。"))


def conclusion_for(issue_count: int) -> str:
    """The conclusion a completed inspection records: "未发现问题" without issues, else "问题已整改"."""
    return InspectionConclusion.NO_ISSUES if issue_count == 0 else InspectionConclusion.RECTIFIED


def deadline_finding(deadline: date, today: date) -> Finding:
    """A rectification deadline (整改期限) is set for today or later when the issue is recorded."""
    if deadline < today:
        return Finding(
            False, "art25.deadline_past", ART25,
            lazy_format(_("整改期限不能早于今天（%(today)s）。"), today=person_date(today)),
        )  # fmt: skip
    return Finding(True, "art25.deadline_ok", ART25, _("整改期限有效。"))


def fixed_on_finding(fixed_on: date, found_on: date, today: date) -> Finding:
    """The day an issue was rectified: not before it was recorded, not after today."""
    if fixed_on > today:
        return Finding(False, "art25.fixed_in_future", ART25, _("整改完成日期不能晚于今天。"))
    if fixed_on < found_on:
        return Finding(
            False, "art25.fixed_before_found", ART25,
            lazy_format(_("整改完成日期不能早于问题登记日期（%(day)s）。"), day=person_date(found_on)),
        )  # fmt: skip
    return Finding(True, "art25.fixed_on_ok", ART25, _("整改完成日期有效。"))
