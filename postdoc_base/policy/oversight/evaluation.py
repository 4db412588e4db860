"""第五条 / Art. 5: the region "承担基地……评估……退出等工作"; 第六条 / Art. 6: a league/city bureau "承担辖区内基地
……评估等具体事宜"; 第二十五条 / Art. 25: the base "对在评估检查及自查中存在的问题应及时整改". The evaluation of
filed bases (评估), its grades and the rectification (整改) a failing grade opens.

The measures fix no evaluation cycle, indicators, weights or grades; these are the system's defaults, each a
parameter of the campaign the region opens (shown as "not fixed by the measures"):
- **Who is covered**: the bases in the register (备案) on the campaign's reference date that were filed at least
  ``MIN_FILED_YEARS`` years before it (a base filed last month has nothing to be evaluated on yet).
- **Indicators** (``DEFAULT_INDICATORS``) with integer weights summing to 100; each scored 0-100.
- **Score**: ``sum(score * weight) / 100`` to two decimals.
- **Grades** (``DEFAULT_THRESHOLDS``): 优秀 from 90, 良好 from 80, 合格 from 60, 不合格 below; a campaign may set
  its own thresholds, strictly descending within 1-100.
- **Rectification**: 不合格 opens a rectification due ``RECTIFICATION_DAYS`` days after grading unless the region
  sets another day (after the grading day).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..articles import ART5, ART6, ART25
from ..common import add_years, person_date
from ..findings import Finding, lazy_format

__all__ = [
    "ART5", "ART6", "ART25", "DEFAULT_INDICATORS", "DEFAULT_THRESHOLDS", "MIN_FILED_YEARS", "RECTIFICATION_DAYS",
    "SCORE_MAX", "TOTAL_WEIGHT", "EvaluationGrade", "Indicator", "Thresholds", "campaign_dates_findings",
    "covered_filed_by", "grade_for", "indicator_findings", "is_covered", "rectification_due_on",
    "rectification_due_finding", "score_finding", "threshold_findings", "weighted_score",
]  # fmt: skip

MIN_FILED_YEARS = 2  # a base is evaluated once filed at least this many years before the reference date
RECTIFICATION_DAYS = 90  # 整改 due this many days after a 不合格 grade, unless the region sets the day
TOTAL_WEIGHT = 100  # the indicators' weights sum to this
SCORE_MAX = Decimal(100)  # each indicator is scored 0-100
_CENT = Decimal("0.01")


class EvaluationGrade(models.TextChoices):
    """An evaluation's grade (common practice; not fixed by the measures)."""

    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    QUALIFIED = "qualified", _("合格")
    UNQUALIFIED = "unqualified", _("不合格")


@dataclass(frozen=True)
class Indicator:
    label: str
    weight: int


# From the issue: the five areas a base is evaluated on, with the system's default weights.
DEFAULT_INDICATORS: tuple[Indicator, ...] = (
    Indicator("管理与制度建设", 25),
    Indicator("招收及与流动站合作", 20),
    Indicator("科研项目", 20),
    Indicator("成果与转化", 20),
    Indicator("博士后待遇", 15),
)


@dataclass(frozen=True)
class Thresholds:
    """The lowest score of each passing grade; below ``qualified`` is 不合格."""

    excellent: int = 90
    good: int = 80
    qualified: int = 60


DEFAULT_THRESHOLDS = Thresholds()


# --- who is covered ------------------------------------------------------------------------------------------
def covered_filed_by(reference: date, years: int = MIN_FILED_YEARS) -> date:
    """The latest filing date a base may have to be covered by a campaign with this reference date."""
    return add_years(reference, -years)


def is_covered(filed_on: date, reference: date, years: int = MIN_FILED_YEARS) -> bool:
    """Art. 5: whether a base filed on ``filed_on`` is evaluated by a campaign with reference date ``reference``
    (filed at least ``years`` years before it; exactly ``years`` years counts)."""
    return filed_on <= covered_filed_by(reference, years)


# --- a campaign's parameters ---------------------------------------------------------------------------------
def indicator_findings(indicators: Sequence[Indicator]) -> list[Finding]:
    """Art. 5: the failing checks of a campaign's indicators: at least one, each named once, each weight a
    positive whole number, the weights summing to 100. Empty when they are in order."""
    problems: list[Finding] = []
    if not indicators:
        return [Finding(False, "art5.no_indicators", ART5, _("评估指标至少需要一项。"))]
    seen: set[str] = set()
    for n, item in enumerate(indicators, start=1):
        label = (item.label or "").strip()
        if not label:
            problems.append(Finding(
                False, "art5.indicator_unnamed", ART5, lazy_format(_("第%(n)s项评估指标未填写名称。"), n=n)
            ))  # fmt: skip
        elif label in seen:
            problems.append(Finding(
                False, "art5.indicator_twice", ART5, lazy_format(_("评估指标“%(label)s”重复。"), label=label)
            ))  # fmt: skip
        seen.add(label)
        if not isinstance(item.weight, int) or isinstance(item.weight, bool) or item.weight <= 0:
            problems.append(Finding(
                False, "art5.weight_not_positive", ART5,
                lazy_format(_("第%(n)s项评估指标的权重须为正整数。"), n=n),
            ))  # fmt: skip
    if not problems and (total := sum(i.weight for i in indicators)) != TOTAL_WEIGHT:
        problems.append(Finding(
            False, "art5.weights_not_100", ART5,
            lazy_format(_("评估指标的权重合计须为100，现为%(total)s。"), total=total),
        ))  # fmt: skip
    return problems


def threshold_findings(thresholds: Thresholds) -> list[Finding]:
    """Art. 5: the failing checks of a campaign's grade thresholds: whole numbers, 优秀 > 良好 > 合格, all within
    1-100. Empty when they are in order."""
    values = (thresholds.excellent, thresholds.good, thresholds.qualified)
    if any(not isinstance(v, int) or isinstance(v, bool) or not 1 <= v <= 100 for v in values):
        return [Finding(False, "art5.threshold_range", ART5, _("等次分数线须为1至100之间的整数。"))]
    if not thresholds.excellent > thresholds.good > thresholds.qualified:
        return [Finding(
            False, "art5.thresholds_not_descending", ART5,
            _("等次分数线须依次递减：优秀高于良好，良好高于合格。"),
        )]  # fmt: skip
    return []


def campaign_dates_findings(
    self_due_on: date, check_due_on: date, grade_due_on: date, reference: date, today: date
) -> list[Finding]:
    """Arts. 5, 6: the failing checks of a campaign's dates: the self-evaluation deadline not before today nor
    before the reference date; the bureau check after it; the region's grading after the check (Art. 6's
    bureau checks before the region grades). Empty when they are in order."""
    problems: list[Finding] = []
    if self_due_on < today:
        problems.append(Finding(False, "art5.self_due_past", ART5, _("自评截止日期不能早于今天。")))
    elif self_due_on < reference:
        problems.append(Finding(False, "art5.self_due_before_reference", ART5,
                                _("自评截止日期不能早于评估基准日。")))  # fmt: skip
    if check_due_on <= self_due_on:
        problems.append(
            Finding(False, "art6.check_due_early", ART6, _("盟市审核截止日期须晚于自评截止日期。"))
        )
    if grade_due_on <= check_due_on:
        problems.append(
            Finding(False, "art5.grade_due_early", ART5, _("自治区评定截止日期须晚于盟市审核截止日期。"))
        )
    return problems


# --- scores and grades ---------------------------------------------------------------------------------------
def score_finding(value) -> Finding:
    """One indicator's score: a number from 0 to 100 (two decimals at most)."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        number = None
    if number is None or not number.is_finite() or not Decimal(0) <= number <= SCORE_MAX:
        return Finding(False, "art5.score_range", ART5, _("评分须为0至100之间的数字。"))
    if number != number.quantize(_CENT):
        return Finding(False, "art5.score_precision", ART5, _("评分最多保留两位小数。"))
    return Finding(True, "art5.score_ok", ART5, _("评分有效。"))


def weighted_score(scores: Mapping[object, Decimal], weights: Mapping[object, int]) -> Decimal | None:
    """Art. 5: the evaluation's score, ``sum(score * weight) / 100`` over every indicator (``weights`` by the
    indicator's key), to two decimals; None while an indicator is unscored."""
    if not weights or any(key not in scores or scores[key] is None for key in weights):
        return None
    total = sum((Decimal(scores[key]) * weight for key, weight in weights.items()), Decimal(0))
    return (total / TOTAL_WEIGHT).quantize(_CENT, rounding=ROUND_HALF_UP)


def grade_for(score: Decimal, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """Art. 5: the grade of ``score``: 优秀 from ``excellent``, 良好 from ``good``, 合格 from ``qualified``, else
    不合格 (each threshold itself is in the higher grade)."""
    if score >= thresholds.excellent:
        return EvaluationGrade.EXCELLENT
    if score >= thresholds.good:
        return EvaluationGrade.GOOD
    if score >= thresholds.qualified:
        return EvaluationGrade.QUALIFIED
    return EvaluationGrade.UNQUALIFIED


# --- rectification ---------------------------------------------------------------------------------------------
def rectification_due_on(graded_on: date, days: int = RECTIFICATION_DAYS) -> date:
    """Art. 25 (及时整改): the default rectification deadline, ``days`` days after the 不合格 grade."""
    return graded_on + timedelta(days=days)


def rectification_due_finding(due_on: date | None, graded_on: date) -> Finding:
    """Art. 25: a rectification deadline the region sets must fall after the grading day."""
    if due_on is None:
        return Finding(False, "art25.rectification_due_missing", ART25, _("请填写整改期限。"))
    if due_on <= graded_on:
        return Finding(
            False, "art25.rectification_due_early", ART25,
            lazy_format(_("整改期限须晚于评定日期（%(day)s）。"), day=person_date(graded_on)),
        )  # fmt: skip
    return Finding(True, "art25.rectification_due_ok", ART25, _("整改期限有效。"))
