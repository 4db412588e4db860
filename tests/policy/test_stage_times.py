"""Time in stage (issue 12, item 4): stays from a stream of state changes, the linear-method median and 90th
percentile, the slowest stays, the still-waiting items and how a duration is written."""

from datetime import UTC, datetime, timedelta

import pytest

from postdoc_base.policy.stage_times import (
    Stay,
    days,
    duration_text,
    quantile,
    stays_of,
    step_times,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)
NOW = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def at(d: float) -> datetime:
    return T0 + timedelta(days=d)


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([], 0.5, None),
        ([7.0], 0.5, 7.0),
        ([7.0], 0.9, 7.0),
        ([1.0, 2.0, 3.0, 4.0], 0.5, 2.5),  # the mean of the two middle values
        ([3.0, 1.0, 2.0], 0.5, 2.0),  # unsorted input
        ([float(v) for v in range(1, 11)], 0.9, 9.1),  # rank 1 + 0.9 * 9 = 9.1
        ([float(v) for v in range(1, 11)], 0.5, 5.5),
        ([1.0, 10.0], 0.9, 9.1),  # 1 + 0.9 * (10 - 1)
        ([2.0, 2.0, 2.0], 0.9, 2.0),
    ],
)
def test_quantile_is_the_linear_method(values, q, expected):
    result = quantile(values, q)
    assert result == pytest.approx(expected) if expected is not None else result is None


def test_a_subject_s_stays_run_from_entering_a_state_to_leaving_it():
    changes = [
        ("1", at(0), "", "draft"),  # created
        ("1", at(2), "draft", "review"),
        ("1", at(3), "review", "review"),  # a write that keeps the state: no change of step
        ("1", at(4), "review", ""),  # a plain write
        ("1", at(5.5), "review", "filed"),
    ]
    assert list(stays_of(changes, final_states={"filed"})) == [
        Stay("1", "draft", at(0), at(2)),
        Stay("1", "review", at(2), at(5.5)),
    ]


def test_the_last_stay_is_still_waiting_unless_its_state_is_final():
    changes = [
        ("1", at(0), "", "draft"),
        ("1", at(1), "draft", "review"),
        ("2", at(0), "", "draft"),
        ("2", at(1), "draft", "filed"),
    ]
    assert list(stays_of(changes, final_states={"filed"})) == [
        Stay("1", "draft", at(0), at(1)),
        Stay("1", "review", at(1), None),
        Stay("2", "draft", at(0), at(1)),
    ]


def test_a_history_without_its_creation_starts_at_its_first_change():
    # How long the item sat in "draft" before the audit began is unknown: that stay is not counted.
    assert list(stays_of([("9", at(3), "draft", "review"), ("9", at(4), "review", "draft")])) == [
        Stay("9", "review", at(3), at(4)),
        Stay("9", "draft", at(4), None),
    ]


def test_returning_to_a_state_counts_each_stay():
    changes = [
        ("1", at(0), "", "review"),
        ("1", at(1), "review", "returned"),
        ("1", at(2), "returned", "review"),
        ("1", at(5), "review", "done"),
    ]
    times = step_times(stays_of(changes, {"done"}), now=NOW)
    assert times[((), "review")].count == 2
    assert times[((), "review")].median == pytest.approx(2 * 86400)  # 1 day and 3 days


def test_step_times_count_median_p90_and_the_slowest_five():
    # Ten applications waited 1, 2, ..., 10 days in review.
    stays = [Stay(str(n), "review", at(0), at(n)) for n in range(1, 11)]
    t = step_times(stays, now=NOW)[((), "review")]
    assert (t.count, t.median, t.p90) == (10, pytest.approx(5.5 * 86400), pytest.approx(9.1 * 86400))
    assert [s.subject_id for s in t.slowest] == ["10", "9", "8", "7", "6"]
    assert t.slowest[0].seconds == 10 * 86400
    assert (t.waiting, t.longest_waiting) == (0, None)


def test_ties_among_the_slowest_keep_the_earlier_stays():
    stays = [Stay(str(n), "review", at(0), at(2)) for n in range(1, 8)]
    t = step_times(stays, now=NOW, slowest=3)[((), "review")]
    assert [s.subject_id for s in t.slowest] == ["1", "2", "3"]


def test_still_waiting_items_are_counted_apart_and_not_in_the_median():
    stays = [
        Stay("1", "review", at(0), at(2)),
        Stay("2", "review", at(0), at(4)),
        Stay("3", "review", NOW - timedelta(days=30), None),
        Stay("4", "review", NOW - timedelta(days=45), None),
    ]
    t = step_times(stays, now=NOW)[((), "review")]
    assert (t.count, t.median, t.p90) == (2, 3 * 86400, pytest.approx(3.8 * 86400))
    assert t.waiting == 2
    assert (t.longest_waiting.subject_id, t.longest_waiting.seconds) == ("4", 45 * 86400)
    assert [s.subject_id for s in t.slowest] == ["2", "1"]


def test_groups_split_the_stays_by_bureau_and_round():
    stays = [
        Stay("1", "review", at(0), at(1)),
        Stay("2", "review", at(0), at(3)),
        Stay("3", "review", at(0), at(10)),
    ]
    bureau = {"1": 5, "2": 5, "3": 6}
    times = step_times(stays, now=NOW, groups=lambda s: [(), ("bureau", bureau[s.subject_id])])
    assert times[((), "review")].count == 3
    assert times[(("bureau", 5), "review")].median == 2 * 86400
    assert times[(("bureau", 6), "review")].median == 10 * 86400


def test_a_year_counts_the_stays_that_ended_in_it_and_waiting_only_in_the_current_one():
    stays = [
        Stay("1", "review", datetime(2025, 12, 20, tzinfo=UTC), datetime(2026, 1, 3, tzinfo=UTC)),
        Stay("2", "review", datetime(2025, 1, 1, tzinfo=UTC), datetime(2025, 1, 2, tzinfo=UTC)),
        Stay("3", "review", datetime(2026, 5, 1, tzinfo=UTC), None),
    ]
    y2026 = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC))
    t = step_times(stays, now=NOW, ended_between=y2026)[((), "review")]
    assert (t.count, t.median, t.waiting) == (1, 14 * 86400, 1)
    y2025 = (datetime(2025, 1, 1, tzinfo=UTC), datetime(2026, 1, 1, tzinfo=UTC))
    t = step_times(stays, now=NOW, ended_between=y2025)[((), "review")]
    assert (t.count, t.median, t.waiting) == (1, 86400, 0)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (None, "—"),
        (3.5 * 86400, "3.5天"),
        (86400, "1.0天"),
        (1.25 * 86400, "1.3天"),  # half up
        (10.04 * 86400, "10.0天"),
        (5.5 * 3600, "5.5小时"),
        (1800, "0.5小时"),
        (0, "0.0小时"),
    ],
)
def test_durations_read_in_days_with_one_decimal_and_in_hours_under_a_day(msgids, seconds, text):
    assert str(duration_text(seconds)) == text


def test_days_for_the_api_have_one_decimal():
    assert (days(None), days(3.55 * 86400), days(7200)) == (None, 3.6, 0.1)
