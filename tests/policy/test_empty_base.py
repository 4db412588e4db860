"""第二十四条 / Art. 24, first sentence: a filed base with no postdoc in the base for 2 consecutive years
(policy.oversight.revocation). One case per clause: since filing when nobody ever entered, after the last
stay ended, a gap in between, stays that overlap or touch, an open stay, the day before, of and after the
second anniversary, and the leap day."""

from datetime import date, timedelta

import pytest

from postdoc_base.policy.oversight import (
    EMPTY_BASE_YEARS,
    Stay,
    check_revocation_decision,
    empty_base_finding,
    empty_since,
    revocation_due_on,
    two_year_spans,
)

FILED = date(2026, 1, 1)
DAY = timedelta(days=1)


def code(stays, today, filed=FILED):
    return empty_base_finding(filed, stays, today).code


def test_two_years_is_the_measures_number():
    assert EMPTY_BASE_YEARS == 2


@pytest.mark.parametrize(
    "today, expected",
    [(date(2027, 12, 31), "art24.empty_under_two_years"), (date(2028, 1, 1), "art24.empty_two_years"),
     (date(2028, 1, 2), "art24.empty_two_years")],
)  # fmt: skip
def test_nobody_ever_entered_counts_from_filing(today, expected):
    assert code([], today) == expected
    assert revocation_due_on(FILED, [], today) == date(2028, 1, 1)


def test_the_failing_finding_names_the_span_and_the_article():
    finding = empty_base_finding(FILED, [], date(2028, 3, 1))
    assert (finding.ok, finding.article) == (False, "第二十四条")
    assert (
        str(finding.message)
        == "基地自2026年1月1日起连续2年无在站博士后研究人员（2028年1月1日满2年），依第二十四条应取消基地备案。"
    )


def test_the_passing_finding_says_when_it_would_be_due():
    finding = empty_base_finding(FILED, [], date(2027, 6, 1))
    assert finding.ok
    assert str(finding.message) == "基地自2026年1月1日起无在站博士后研究人员，至2028年1月1日满2年。"


@pytest.mark.parametrize(
    "today, expected",
    [(date(2029, 6, 30), "art24.empty_under_two_years"), (date(2029, 7, 1), "art24.empty_two_years")],
)
def test_after_the_last_exit_counts_from_the_day_after_it(today, expected):
    stays = [Stay(date(2026, 3, 1), date(2027, 6, 30))]  # the exit day is a day in the base
    assert code(stays, today) == expected
    assert empty_since(FILED, stays, today) == date(2027, 7, 1)


def test_an_open_stay_keeps_the_base_alive_whatever_its_length():
    stays = [Stay(date(2026, 3, 1))]
    assert code(stays, date(2035, 1, 1)) == "art24.has_postdoc"
    assert revocation_due_on(FILED, stays, date(2035, 1, 1)) is None


def test_an_entry_before_the_second_anniversary_saves_the_base_and_one_on_it_is_too_late():
    saved = [Stay(date(2027, 12, 31), date(2028, 6, 30))]
    late = [Stay(date(2028, 1, 1), date(2028, 6, 30))]
    assert code(saved, date(2028, 3, 1)) == "art24.has_postdoc"
    assert code(late, date(2028, 3, 1)) == "art24.empty_two_years"  # 2026-01-01 .. 2027-12-31 were empty


def test_a_two_year_gap_between_stays_counts_even_after_someone_came_back():
    stays = [Stay(date(2026, 2, 1), date(2026, 12, 31)), Stay(date(2029, 1, 1), None)]
    assert code(stays, date(2029, 6, 1)) == "art24.empty_two_years"
    shorter = [Stay(date(2026, 2, 1), date(2026, 12, 31)), Stay(date(2028, 12, 31), None)]
    assert code(shorter, date(2029, 6, 1)) == "art24.has_postdoc"


def test_overlapping_and_touching_stays_leave_no_gap():
    stays = [Stay(date(2026, 1, 1), date(2026, 12, 31)), Stay(date(2027, 1, 1), date(2027, 12, 31)),
             Stay(date(2027, 6, 1), date(2028, 6, 30))]  # fmt: skip
    assert empty_since(FILED, stays, date(2029, 1, 1)) == date(2028, 7, 1)
    assert code(stays, date(2030, 6, 30)) == "art24.empty_under_two_years"
    assert code(stays, date(2030, 7, 1)) == "art24.empty_two_years"


@pytest.mark.parametrize("order", [1, -1])
def test_two_postdocs_entering_the_same_day_one_still_in_one_gone_keep_the_base_alive(order):
    # The nightly sweep once stopped here: None (still in the base) was compared with a date (bench, issue 12).
    stays = [Stay(date(2026, 9, 1), None), Stay(date(2026, 9, 1), date(2027, 3, 1))][::order]
    assert empty_since(FILED, stays, date(2029, 1, 1)) is None
    assert revocation_due_on(FILED, stays, date(2029, 1, 1)) is None
    assert code(stays, date(2030, 1, 1)) != "art24.empty_two_years"
    # Both entered before filing: both count from filing, the same day.
    early = [Stay(date(2025, 5, 1), None), Stay(date(2025, 6, 1), date(2026, 3, 1))][::order]
    assert empty_since(FILED, early, date(2029, 1, 1)) is None


def test_a_stay_that_began_before_filing_counts_from_filing_and_future_entries_do_not_count():
    assert empty_since(FILED, [Stay(date(2025, 6, 1), date(2026, 2, 28))], date(2026, 6, 1)) == date(
        2026, 3, 1
    )
    assert code([Stay(date(2028, 6, 1))], date(2028, 3, 1)) == "art24.empty_two_years"  # not entered yet


def test_filed_on_a_leap_day_is_due_on_28_february():
    filed = date(2028, 2, 29)
    assert revocation_due_on(filed, [], date(2029, 1, 1)) == date(2030, 2, 28)
    assert code([], date(2030, 2, 27), filed) == "art24.empty_under_two_years"
    assert code([], date(2030, 2, 28), filed) == "art24.empty_two_years"


def test_a_postdoc_leaves_23_months_empty_a_new_one_then_24_months_empty():
    # In the base 1 Feb - 31 Jul 2026; empty 1 Aug 2026 - 30 Jun 2028 (23 months); in again 1 Jul 2028 -
    # 31 Dec 2028; empty from 1 Jan 2029: 2 years complete on 1 Jan 2031.
    stays = [Stay(date(2026, 2, 1), date(2026, 7, 31)), Stay(date(2028, 7, 1), date(2028, 12, 31))]
    assert two_year_spans(FILED, stays, date(2030, 12, 31)) == []
    assert code(stays, date(2030, 12, 31)) == "art24.empty_under_two_years"
    assert two_year_spans(FILED, stays, date(2031, 1, 1)) == [(date(2029, 1, 1), date(2031, 1, 1))]
    assert code(stays, date(2031, 1, 1)) == "art24.empty_two_years"


def test_the_region_decides_with_a_date_from_the_due_day_up_to_today_and_an_official_number():
    due, today = date(2028, 1, 1), date(2028, 3, 1)
    ok = "内人社发〔2028〕12号"
    assert check_revocation_decision(due, ok, due, today) == []
    assert check_revocation_decision(today, ok, due, today) == []
    assert [f.code for f in check_revocation_decision(due - DAY, ok, due, today)] == [
        "art24.revocation_before_due"
    ]
    assert [f.code for f in check_revocation_decision(today + DAY, ok, due, today)] == [
        "art24.revocation_in_future"
    ]
    assert [f.code for f in check_revocation_decision(None, ok, due, today)] == ["art24.no_revocation_date"]
    for bad in ("", "12号", "内人社发〔28〕12号", "内人社发[2028]12号", "内人社发〔2028〕号"):
        assert [f.code for f in check_revocation_decision(due, bad, due, today)] == [
            "art24.bad_document_number"
        ]
