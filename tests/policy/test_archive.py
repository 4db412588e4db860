"""Art. 25 archive check (policy.oversight.archive): each required record present and missing, with its article,
and the boundaries at which a record becomes required."""

from datetime import date

import pytest

from postdoc_base.policy.articles import ART13_1, ART13_2, ART17, ART18, ART20, ART23
from postdoc_base.policy.oversight.archive import (
    AGREEMENT,
    ENTRY_FILING,
    EXIT_ASSESSMENT,
    MIDTERM,
    PAY,
    RESEARCH_REPORT,
    WITHDRAWAL,
    WORK_SUMMARY,
    AppointmentFacts,
    missing_records,
    required_records,
)

TODAY = date(2028, 6, 15)
ENTERED = date(2026, 1, 31)  # entry filing due 2026-04-30, mid-term (12 months) 2027-01-31

# An appointment in the base whose every record so far is present.
IN_BASE = AppointmentFacts(
    agreement_signed=True, agreement_document=True, entered_on=ENTERED, entry_filing_reported=True,
    midterm_due_on=date(2027, 1, 31), midterm_graded=True, pay_years=frozenset({2026, 2027}),
)  # fmt: skip
EXITED = AppointmentFacts(
    **{**IN_BASE.__dict__, "exited": True, "left_on": date(2028, 3, 1), "exit_assessment_graded": True,
       "research_report": True, "work_summary": True, "pay_years": frozenset({2026, 2027, 2028})},
)  # fmt: skip
WITHDRAWN = AppointmentFacts(
    **{**IN_BASE.__dict__, "withdrawn": True, "left_on": date(2027, 5, 1), "withdrawal_decided": True},
)


def by_key(records):
    return {(r.key, r.year): r for r in records}


def with_(facts, **changes):
    return AppointmentFacts(**{**facts.__dict__, **changes})


@pytest.mark.parametrize(
    "base, key, year, article, field, absent",
    [
        (IN_BASE, AGREEMENT, None, ART13_1, "agreement_document", False),
        (IN_BASE, ENTRY_FILING, None, ART13_2, "entry_filing_reported", False),
        (IN_BASE, MIDTERM, None, ART17, "midterm_graded", False),
        (IN_BASE, PAY, 2027, ART20, "pay_years", frozenset({2026})),
        (EXITED, EXIT_ASSESSMENT, None, ART18, "exit_assessment_graded", False),
        (EXITED, RESEARCH_REPORT, None, ART18, "research_report", False),
        (EXITED, WORK_SUMMARY, None, ART18, "work_summary", False),
        (EXITED, PAY, 2028, ART20, "pay_years", frozenset({2026, 2027})),
        (WITHDRAWN, WITHDRAWAL, None, ART23, "withdrawal_decided", False),
    ],
)
def test_each_required_record_is_listed_present_and_missing_with_its_article(
    base, key, year, article, field, absent
):
    present = by_key(required_records(base, TODAY))[(key, year)]
    assert (present.present, present.article) == (True, article)
    missing = by_key(required_records(with_(base, **{field: absent}), TODAY))[(key, year)]
    assert (missing.present, missing.article) == (False, article)
    assert [
        (r.key, r.year) for r in missing_records(required_records(with_(base, **{field: absent}), TODAY))
    ] == [(key, year)]


def test_a_complete_appointment_misses_nothing():
    for facts in (IN_BASE, EXITED, WITHDRAWN):
        assert missing_records(required_records(facts, TODAY)) == []


def test_a_drafted_agreement_requires_nothing_yet():
    assert required_records(AppointmentFacts(), TODAY) == []


def test_a_signed_agreement_without_entry_requires_only_the_agreement_text():
    records = required_records(AppointmentFacts(agreement_signed=True), TODAY)
    assert [(r.key, r.present) for r in records] == [(AGREEMENT, False)]


@pytest.mark.parametrize(
    "today, listed",
    [(date(2026, 4, 30), False), (date(2026, 5, 1), True)],  # three months after 31 January: 30 April
)
def test_an_unreported_entry_filing_is_missing_only_after_its_three_months(today, listed):
    facts = AppointmentFacts(agreement_signed=True, agreement_document=True, entered_on=ENTERED)
    assert ((ENTRY_FILING, None) in by_key(required_records(facts, today))) is listed


def test_a_reported_entry_filing_is_listed_present_within_the_three_months():
    facts = AppointmentFacts(agreement_signed=True, entered_on=ENTERED, entry_filing_reported=True)
    assert by_key(required_records(facts, date(2026, 2, 10)))[(ENTRY_FILING, None)].present


@pytest.mark.parametrize("today, listed", [(date(2027, 1, 31), False), (date(2027, 2, 1), True)])
def test_the_midterm_is_required_from_the_day_after_its_date(today, listed):
    facts = with_(IN_BASE, midterm_graded=False)
    assert ((MIDTERM, None) in by_key(required_records(facts, today))) is listed


def test_a_postdoc_who_left_before_the_midterm_date_owes_none():
    facts = with_(WITHDRAWN, left_on=date(2027, 1, 30), midterm_graded=False)
    assert (MIDTERM, None) not in by_key(required_records(facts, TODAY))
    on_the_day = with_(WITHDRAWN, left_on=date(2027, 1, 31), midterm_graded=False)
    assert by_key(required_records(on_the_day, TODAY))[(MIDTERM, None)].present is False


def test_pay_is_owed_for_each_ended_year_while_in_the_base_and_to_the_year_of_leaving():
    in_base = [r.year for r in required_records(IN_BASE, date(2027, 12, 31)) if r.key == PAY]
    assert in_base == [2026]  # 2027 is owed once it has ended
    assert [r.year for r in required_records(IN_BASE, date(2028, 1, 1)) if r.key == PAY] == [2026, 2027]
    assert [r.year for r in required_records(EXITED, date(2028, 3, 2)) if r.key == PAY] == [2026, 2027, 2028]


def test_exit_and_withdrawal_records_are_required_only_once_exited_or_withdrawn():
    keys = {r.key for r in required_records(IN_BASE, TODAY)}
    assert keys.isdisjoint({EXIT_ASSESSMENT, RESEARCH_REPORT, WORK_SUMMARY, WITHDRAWAL})
    assert {EXIT_ASSESSMENT, RESEARCH_REPORT, WORK_SUMMARY} <= {
        r.key for r in required_records(EXITED, TODAY)
    }
    assert WITHDRAWAL in {r.key for r in required_records(WITHDRAWN, TODAY)}
