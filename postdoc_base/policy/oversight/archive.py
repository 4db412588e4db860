"""第二十五条 / Art. 25: "建立完整的博士后工作台账和信息资料" — which records a base must hold for each postdoc
appointment, each resting on the article that makes it (the archive check, 档案完整性).

Given the facts of one appointment (which records exist, as ``AppointmentFacts``), ``required_records`` lists
every record that is required by ``today``, present or missing, with its article:

- the tripartite agreement text, once the agreement is signed (第十三条第（一）项; a drafted one is not yet owed);
- the entry filing reported to the region (报送 or accepted), once it is overdue: after the three months of
  第十三条第（二）项 (``policy.tenure.entry_filing_overdue``; within the three months it is not yet owed);
- the graded mid-term assessment (第十七条), from the day after its date, when the postdoc was still in the base
  on that date (one who left before it owes none);
- on exit: the graded exit assessment, the research report and the work summary (第十八条);
- the pay record (薪酬与社会保险) of every calendar year of the stay (第二十条): from the entry year to the year
  the postdoc left, or, while still in the base, to last year (this year's is owed once the year has ended);
- on withdrawal: the region's withdrawal decision (第二十三条).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext_lazy as _

from ..articles import ART13_1, ART13_2, ART17, ART18, ART20, ART23
from ..findings import lazy_format
from ..tenure.entry import entry_filing_overdue


@dataclass(frozen=True)
class AppointmentFacts:
    """What the archive holds for one appointment. ``left_on``: the exit date, or the day the withdrawal was
    decided; None while the postdoc is in the base (or before entry)."""

    agreement_signed: bool = False
    agreement_document: bool = False
    entered_on: date | None = None
    entry_filing_reported: bool = False  # submitted to the region (pending) or accepted
    midterm_due_on: date | None = None
    midterm_graded: bool = False
    exited: bool = False
    exit_assessment_graded: bool = False
    research_report: bool = False
    work_summary: bool = False
    left_on: date | None = None
    withdrawn: bool = False
    withdrawal_decided: bool = False
    pay_years: frozenset[int] = field(default_factory=frozenset)


@dataclass(frozen=True)
class ArchiveRecord:
    """One required record: ``key`` (stable), its label, the article that requires it and whether it is
    present; ``year`` for a yearly record (pay)."""

    key: str
    label: Any
    article: str
    present: bool
    year: int | None = None


AGREEMENT = "agreement"
ENTRY_FILING = "entry_filing"
MIDTERM = "midterm"
EXIT_ASSESSMENT = "exit_assessment"
RESEARCH_REPORT = "research_report"
WORK_SUMMARY = "work_summary"
PAY = "pay"
WITHDRAWAL = "withdrawal_decision"


def midterm_owed(facts: AppointmentFacts, today: date) -> bool:
    """第十七条: the mid-term assessment is owed from the day after its date, if the postdoc was in the base on
    that date."""
    due = facts.midterm_due_on
    if facts.entered_on is None or due is None or today <= due:
        return False
    return facts.left_on is None or facts.left_on >= due


def pay_years_owed(facts: AppointmentFacts, today: date) -> range:
    """第二十条: the calendar years of the stay whose pay record is owed (see the module docstring)."""
    if facts.entered_on is None:
        return range(0)
    last = facts.left_on.year if facts.left_on else today.year - 1
    return range(facts.entered_on.year, last + 1)


def required_records(facts: AppointmentFacts, today: date) -> list[ArchiveRecord]:
    """Art. 25 with Arts. 13, 17, 18, 20, 23: every record required of the appointment by ``today``, present
    or missing, in the order of the stay."""
    records: list[ArchiveRecord] = []
    if facts.agreement_signed:
        records.append(ArchiveRecord(AGREEMENT, _("三方协议文本"), ART13_1, facts.agreement_document))
    if facts.entered_on is not None and (
        facts.entry_filing_reported or entry_filing_overdue(facts.entered_on, today)
    ):
        records.append(ArchiveRecord(ENTRY_FILING, _("进站备案"), ART13_2, facts.entry_filing_reported))
    if midterm_owed(facts, today):
        records.append(ArchiveRecord(MIDTERM, _("中期考核结果"), ART17, facts.midterm_graded))
    for year in pay_years_owed(facts, today):
        records.append(
            ArchiveRecord(
                PAY, lazy_format(_("%(year)s年度薪酬与社会保险记录"), year=year), ART20,
                year in facts.pay_years, year,
            )
        )  # fmt: skip
    if facts.exited:
        records += [
            ArchiveRecord(EXIT_ASSESSMENT, _("出基地考核结果"), ART18, facts.exit_assessment_graded),
            ArchiveRecord(RESEARCH_REPORT, _("研究报告"), ART18, facts.research_report),
            ArchiveRecord(WORK_SUMMARY, _("工作总结"), ART18, facts.work_summary),
        ]
    if facts.withdrawn:
        records.append(ArchiveRecord(WITHDRAWAL, _("退出基地决定"), ART23, facts.withdrawal_decided))
    return records


def missing_records(records: Iterable[ArchiveRecord]) -> list[ArchiveRecord]:
    """The required records that are missing, in their order."""
    return [r for r in records if not r.present]
