"""Expert review (第十一条第（三）项 / Art. 11(3): 组织专家对申报材料进行论证评议), as pure functions:
conflict-of-interest exclusion, weighted rubric totals and the aggregation of several experts' totals.

The module serves every review the measures ask for: base applications (Art. 11(3)), postdoc mid-term
and exit assessments (Art. 17, 18) and base evaluations (Art. 5).
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

ART11_3 = "第十一条第（三）项"


class ConflictCause(models.TextChoices):
    EMPLOYER_IS_SUBJECT = "employer_is_subject", _("专家工作单位为被评审单位")
    EMPLOYER_IS_PARTNER = "employer_is_partner", _("专家工作单位为合作流动站所在高校")
    DECLARED = "declared", _("专家申报存在利益冲突")


@dataclass(frozen=True)
class ConflictParties:
    """Who a review is about: the subject's own organisations and its partners' (e.g. the station's university)."""

    subjects: tuple[str, ...]
    partners: tuple[str, ...] = ()


@dataclass(frozen=True)
class ExpertFacts:
    employer: str
    declared_conflicts: tuple[str, ...] = ()


def _norm(name: str) -> str:
    return "".join(name.split()).casefold()


def conflict_causes(expert: ExpertFacts, parties: ConflictParties) -> list[tuple[str, str]]:
    """Every reason the expert may not review these parties, as ``(cause, organisation)``; empty = free.

    Names compare without white space and case, so "内蒙古大学 " and "内蒙古大学" are the same employer.
    """
    employer = _norm(expert.employer)
    causes: list[tuple[str, str]] = []
    for name in parties.subjects:
        if employer and _norm(name) == employer:
            causes.append((ConflictCause.EMPLOYER_IS_SUBJECT, name))
    for name in parties.partners:
        if employer and _norm(name) == employer:
            causes.append((ConflictCause.EMPLOYER_IS_PARTNER, name))
    declared = {_norm(d) for d in expert.declared_conflicts if d.strip()}
    for name in (*parties.subjects, *parties.partners):
        if _norm(name) in declared:
            causes.append((ConflictCause.DECLARED, name))
    return causes


@dataclass(frozen=True)
class RubricLine:
    weight: Decimal  # relative weight, any positive scale
    max_score: Decimal


TWO_PLACES = Decimal("0.01")


def weighted_total(lines: Sequence[RubricLine], scores: Sequence[Decimal]) -> Decimal:
    """Total on a 100-point scale: each item's score as a share of its maximum, weighted.

    Raises ValueError when a score is missing, negative or above its item's maximum.
    """
    if len(lines) != len(scores) or not lines:
        raise ValueError("one score per rubric item is required")
    total_weight = sum((line.weight for line in lines), Decimal(0))
    if total_weight <= 0:
        raise ValueError("rubric weights must add up to more than zero")
    acc = Decimal(0)
    for line, score in zip(lines, scores, strict=True):
        if score < 0 or score > line.max_score:
            raise ValueError(f"score {score} outside 0..{line.max_score}")
        acc += Decimal(score) / line.max_score * line.weight
    return (acc / total_weight * 100).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Aggregate:
    count: int
    mean: Decimal | None
    median: Decimal | None
    spread: Decimal | None  # highest minus lowest total
    disagreement: bool  # spread above the panel's threshold


def aggregate(totals: Iterable[Decimal], disagreement_threshold: Decimal = Decimal(20)) -> Aggregate:
    values = sorted(Decimal(t) for t in totals)
    if not values:
        return Aggregate(0, None, None, None, False)
    mean = (sum(values, Decimal(0)) / len(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    median = Decimal(statistics.median(values)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    spread = values[-1] - values[0]
    return Aggregate(len(values), mean, median, spread, len(values) > 1 and spread > disagreement_threshold)
