"""第二十四条 / Art. 24, first sentence: a filed base with no postdoc in the base for 2 consecutive years
(policy.oversight.revocation). One case per clause: since filing when nobody ever entered, after the last
stay ended, a gap in between, stays that overlap or touch, an open stay, the day before, of and after the
second anniversary, and the leap day."""

from datetime import date, timedelta

import pytest

from postdoc_base.policy.oversight import (
    EMPTY_BASE_YEARS,
    Stay,
    empty_base_finding,
    empty_since,
    revocation_due_on,
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
