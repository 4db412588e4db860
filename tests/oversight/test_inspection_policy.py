"""Art. 25 rules of self-inspection (policy.oversight.inspection): which years are owed, whether a year is
covered, when an inspection may close, the dates of deadlines and rectifications."""

from datetime import date

import pytest

from postdoc_base.policy.articles import ART25
from postdoc_base.policy.oversight.inspection import (
    InspectionRecord,
    close_finding,
    conclusion_for,
    deadline_finding,
    fixed_on_finding,
    period_years,
    yearly_findings,
    yearly_inspection_finding,
    years_owed,
)

FILED = date(2026, 12, 1)


@pytest.mark.parametrize(
    "today, owed",
    [
        (date(2026, 12, 31), []),
        (date(2027, 12, 31), []),
        (date(2028, 1, 1), [2027]),
        (date(2030, 3, 1), [2027, 2028, 2029]),
    ],
)
def test_each_ended_year_after_the_filing_year_is_owed(today, owed):
    assert list(years_owed(FILED, today)) == owed


def test_inspections_may_be_opened_from_the_filing_year_to_this_year():
    assert list(period_years(FILED, date(2028, 5, 1))) == [2026, 2027, 2028]


@pytest.mark.parametrize(
    "records, code, ok",
    [
        ([InspectionRecord(2027, True)], "art25.self_inspected", True),
        ([InspectionRecord(2027, False), InspectionRecord(2027, True)], "art25.self_inspected", True),
        ([InspectionRecord(2027, False)], "art25.self_inspection_open", False),
        ([InspectionRecord(2026, True), InspectionRecord(2028, True)], "art25.no_self_inspection", False),
        ([], "art25.no_self_inspection", False),
    ],
)
def test_a_year_is_covered_by_a_completed_inspection_of_that_year(records, code, ok):
    finding = yearly_inspection_finding(2027, records)
    assert (finding.code, finding.ok, finding.article) == (code, ok, ART25)
    assert "2027年度" in str(finding.message)


def test_yearly_findings_cover_every_owed_year_oldest_first():
    findings = yearly_findings(FILED, [InspectionRecord(2028, True)], date(2029, 2, 1))
    assert [(f.code, f.ok) for f in findings] == [
        ("art25.no_self_inspection", False),
        ("art25.self_inspected", True),
    ]


@pytest.mark.parametrize(
    "open_issues, code, ok", [(0, "art25.issues_rectified", True), (2, "art25.issues_open", False)]
)
def test_an_inspection_closes_only_when_no_issue_is_open(open_issues, code, ok):
    finding = close_finding(open_issues)
    assert (finding.code, finding.ok, finding.article) == (code, ok, ART25)


def test_the_conclusion_is_no_issues_without_issues_else_rectified():
    assert (conclusion_for(0), conclusion_for(3)) == ("no_issues", "rectified")


@pytest.mark.parametrize("deadline, ok", [(date(2027, 3, 9), False), (date(2027, 3, 10), True)])
def test_a_deadline_is_today_or_later(deadline, ok):
    assert deadline_finding(deadline, date(2027, 3, 10)).ok is ok


@pytest.mark.parametrize(
    "fixed_on, code",
    [(date(2027, 3, 1), "art25.fixed_before_found"), (date(2027, 3, 2), "art25.fixed_on_ok"),
     (date(2027, 3, 10), "art25.fixed_on_ok"), (date(2027, 3, 11), "art25.fixed_in_future")],
)  # fmt: skip
def test_a_rectification_is_dated_from_the_finding_to_today(fixed_on, code):
    assert fixed_on_finding(fixed_on, date(2027, 3, 2), date(2027, 3, 10)).code == code
