"""Expert review as pure functions (第十一条第（三）项): conflicts, weighted totals, aggregation."""

from decimal import Decimal

import pytest

from postdoc_base.policy.review import (
    ConflictParties,
    ExpertFacts,
    RubricLine,
    aggregate,
    conflict_causes,
    weighted_total,
)

PARTIES = ConflictParties(subjects=("甲新材料有限公司",), partners=("内蒙古工业大学",))


@pytest.mark.parametrize(
    ("expert", "causes"),
    [
        (ExpertFacts("甲新材料有限公司"), [("employer_is_subject", "甲新材料有限公司")]),
        (ExpertFacts(" 内蒙古 工业大学 "), [("employer_is_partner", "内蒙古工业大学")]),
        (ExpertFacts("内蒙古大学", ("甲新材料有限公司",)), [("declared", "甲新材料有限公司")]),
        (ExpertFacts("内蒙古大学", ("内蒙古工业大学",)), [("declared", "内蒙古工业大学")]),
        (ExpertFacts("内蒙古大学", ("  ",)), []),
        (ExpertFacts(""), []),
    ],
)
def test_conflict_causes_one_case_per_clause(expert, causes):
    assert conflict_causes(expert, PARTIES) == causes


def test_employer_and_declared_conflict_are_both_reported():
    expert = ExpertFacts("甲新材料有限公司", ("甲新材料有限公司",))
    assert conflict_causes(expert, PARTIES) == [
        ("employer_is_subject", "甲新材料有限公司"), ("declared", "甲新材料有限公司"),
    ]  # fmt: skip


def test_weighted_total_is_on_a_hundred_point_scale():
    lines = [RubricLine(Decimal(3), Decimal(100)), RubricLine(Decimal(1), Decimal(10))]
    assert weighted_total(lines, [Decimal(90), Decimal(8)]) == Decimal("87.50")
    assert weighted_total(lines, [Decimal(100), Decimal(10)]) == Decimal("100.00")
    assert weighted_total(lines, [Decimal(0), Decimal(0)]) == Decimal("0.00")


@pytest.mark.parametrize("scores", [[Decimal(101), Decimal(1)], [Decimal(-1), Decimal(1)], [Decimal(1)]])
def test_weighted_total_refuses_out_of_range_or_missing_scores(scores):
    lines = [RubricLine(Decimal(3), Decimal(100)), RubricLine(Decimal(1), Decimal(10))]
    with pytest.raises(ValueError):
        weighted_total(lines, scores)


def test_aggregate_mean_median_spread_and_flag():
    agg = aggregate([Decimal(90), Decimal(60), Decimal(70)], Decimal(20))
    assert (agg.count, agg.mean, agg.median, agg.spread, agg.disagreement) == (
        3, Decimal("73.33"), Decimal("70.00"), Decimal(30), True,
    )  # fmt: skip


def test_aggregate_at_the_threshold_is_not_a_disagreement_and_one_score_never_is():
    assert aggregate([Decimal(80), Decimal(60)], Decimal(20)).disagreement is False
    assert aggregate([Decimal(10)], Decimal(0)).disagreement is False
    assert aggregate([]).count == 0
