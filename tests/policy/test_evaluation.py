"""Arts. 5, 6, 25: the evaluation rules as pure functions: who a campaign covers, the indicators and thresholds a
campaign may set, the weighted score, the grade at and just below each threshold, the rectification deadline."""

from datetime import date
from decimal import Decimal

import pytest

from postdoc_base.policy.oversight.evaluation import (
    DEFAULT_INDICATORS,
    DEFAULT_THRESHOLDS,
    MIN_FILED_YEARS,
    RECTIFICATION_DAYS,
    EvaluationGrade,
    Indicator,
    Thresholds,
    campaign_dates_findings,
    grade_for,
    indicator_findings,
    is_covered,
    rectification_due_finding,
    rectification_due_on,
    score_finding,
    threshold_findings,
    weighted_score,
)

G = EvaluationGrade


def codes(findings) -> list[str]:
    return [f.code for f in findings]


def test_the_defaults_are_the_issues_five_indicators_weighing_100_and_descending_thresholds():
    assert [i.label for i in DEFAULT_INDICATORS] == [
        "管理与制度建设", "招收及与流动站合作", "科研项目", "成果与转化", "博士后待遇",
    ]  # fmt: skip
    assert sum(i.weight for i in DEFAULT_INDICATORS) == 100
    assert indicator_findings(DEFAULT_INDICATORS) == []
    assert threshold_findings(DEFAULT_THRESHOLDS) == []
    assert (MIN_FILED_YEARS, RECTIFICATION_DAYS) == (2, 90)


@pytest.mark.parametrize(
    "filed_on, covered",
    [
        (date(2024, 11, 20), True),  # exactly two years before the reference date
        (date(2024, 11, 21), False),  # one day short
        (date(2020, 1, 1), True),
        (date(2026, 11, 1), False),
    ],
)
def test_a_campaign_covers_bases_filed_at_least_n_years_before_its_reference_date(filed_on, covered):
    assert is_covered(filed_on, date(2026, 11, 20)) is covered


def test_n_is_the_campaigns_parameter():
    assert is_covered(date(2025, 11, 20), date(2026, 11, 20), years=1)
    assert not is_covered(date(2025, 11, 20), date(2026, 11, 20), years=2)
    assert is_covered(date(2026, 11, 20), date(2026, 11, 20), years=0)


@pytest.mark.parametrize(
    "indicators, expected",
    [
        ([], ["art5.no_indicators"]),
        ([Indicator("管理", 60), Indicator("成果", 30)], ["art5.weights_not_100"]),
        ([Indicator("管理", 60), Indicator("成果", 50)], ["art5.weights_not_100"]),
        ([Indicator("", 50), Indicator("成果", 50)], ["art5.indicator_unnamed"]),
        ([Indicator("成果", 50), Indicator("成果", 50)], ["art5.indicator_twice"]),
        ([Indicator("管理", 0), Indicator("成果", 100)], ["art5.weight_not_positive"]),
        ([Indicator("管理", -10), Indicator("成果", 110)], ["art5.weight_not_positive"]),
        ([Indicator("全部", 100)], []),
    ],
)
def test_indicator_checks(indicators, expected):
    assert codes(indicator_findings(indicators)) == expected


def test_the_sum_message_says_the_actual_total():
    finding = indicator_findings([Indicator("管理", 60), Indicator("成果", 30)])[0]
    assert str(finding.message) == "评估指标的权重合计须为100，现为90。"
    assert finding.article == "第五条"


@pytest.mark.parametrize(
    "thresholds, expected",
    [
        (Thresholds(90, 80, 60), []),
        (Thresholds(100, 99, 1), []),
        (Thresholds(80, 90, 60), ["art5.thresholds_not_descending"]),
        (Thresholds(90, 80, 80), ["art5.thresholds_not_descending"]),
        (Thresholds(101, 80, 60), ["art5.threshold_range"]),
        (Thresholds(90, 80, 0), ["art5.threshold_range"]),
    ],
)
def test_threshold_checks(thresholds, expected):
    assert codes(threshold_findings(thresholds)) == expected


@pytest.mark.parametrize(
    "score, grade",
    [
        (Decimal("100"), G.EXCELLENT),
        (Decimal("90"), G.EXCELLENT),
        (Decimal("89.99"), G.GOOD),
        (Decimal("80"), G.GOOD),
        (Decimal("79.99"), G.QUALIFIED),
        (Decimal("60"), G.QUALIFIED),
        (Decimal("59.99"), G.UNQUALIFIED),
        (Decimal("0"), G.UNQUALIFIED),
    ],
)
def test_the_grade_at_each_threshold_and_just_below(score, grade):
    assert grade_for(score, DEFAULT_THRESHOLDS) == grade


def test_a_campaigns_own_thresholds_decide_the_grade():
    own = Thresholds(95, 85, 70)
    assert [grade_for(Decimal(s), own) for s in ("95", "94.99", "85", "70", "69.99")] == [
        G.EXCELLENT, G.GOOD, G.GOOD, G.QUALIFIED, G.UNQUALIFIED,
    ]  # fmt: skip


def test_the_weighted_score_is_the_sum_of_score_times_weight_over_100():
    weights = {1: 25, 2: 20, 3: 20, 4: 20, 5: 15}
    scores = {1: Decimal(90), 2: Decimal(80), 3: Decimal(70), 4: Decimal(60), 5: Decimal(100)}
    # (90*25 + 80*20 + 70*20 + 60*20 + 100*15) / 100 = 79.5
    assert weighted_score(scores, weights) == Decimal("79.50")
    assert weighted_score({1: Decimal("33.33")}, {1: 100}) == Decimal("33.33")
    assert weighted_score({1: Decimal("33.335"), 2: 0}, {1: 50, 2: 50}) == Decimal("16.67")  # half up


def test_no_score_while_an_indicator_is_unscored():
    assert weighted_score({1: Decimal(90)}, {1: 50, 2: 50}) is None
    assert weighted_score({}, {}) is None


@pytest.mark.parametrize(
    "value, code",
    [
        ("0", "art5.score_ok"),
        ("100", "art5.score_ok"),
        ("85.5", "art5.score_ok"),
        ("100.01", "art5.score_range"),
        ("-1", "art5.score_range"),
        ("abc", "art5.score_range"),
        ("NaN", "art5.score_range"),
        ("85.555", "art5.score_precision"),
    ],
)
def test_an_indicator_is_scored_0_to_100(value, code):
    assert score_finding(value).code == code


def test_campaign_dates_run_self_evaluation_then_check_then_grade():
    today, ref = date(2026, 12, 4), date(2026, 11, 30)
    ok = campaign_dates_findings(date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), ref, today)
    assert ok == []
    bad = campaign_dates_findings(date(2026, 12, 1), date(2026, 12, 1), date(2026, 11, 1), ref, today)
    assert codes(bad) == ["art5.self_due_past", "art6.check_due_early", "art5.grade_due_early"]
    early = campaign_dates_findings(
        date(2026, 12, 10), date(2027, 1, 1), date(2027, 2, 1), date(2027, 1, 1), today
    )
    assert codes(early) == ["art5.self_due_before_reference"]


def test_the_rectification_deadline_defaults_to_90_days_and_must_fall_after_grading():
    graded = date(2027, 3, 1)
    assert rectification_due_on(graded) == date(2027, 5, 30)
    assert rectification_due_finding(date(2027, 3, 2), graded).ok
    assert rectification_due_finding(graded, graded).code == "art25.rectification_due_early"
    assert rectification_due_finding(None, graded).code == "art25.rectification_due_missing"
    assert rectification_due_finding(graded, graded).article == "第二十五条"
