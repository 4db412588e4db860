"""Art. 10 (优先设立): the seven priority categories, each claimed with evidence within its window."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.utils.translation import gettext_lazy as _

from ..articles import ART10
from ..common import LIST_SEPARATOR, blank
from ..findings import Finding, lazy_format, lazy_join
from .facts import ClaimFacts, PriorityCategory

# Art. 10: "近五年" for awards and projects, "近三年" for rankings. A year counts when it is at most this
# many calendar years before the checked date's year and not after it: in 2026, 2021 is the oldest award year.
AWARD_WINDOW_YEARS = 5
RANKING_WINDOW_YEARS = 3


_WINDOWS = {
    PriorityCategory.AWARD_OR_PROJECT: AWARD_WINDOW_YEARS,
    PriorityCategory.RANKING: RANKING_WINDOW_YEARS,
}


def _check_claim(claim: ClaimFacts, on: date) -> Finding:
    """第十条 / Art. 10: one claim: a listed category, described, with evidence, within its window."""
    if claim.category not in PriorityCategory.values:
        return Finding(
            ok=False,
            code="art10.invalid_category",
            article=ART10,
            message=lazy_format(
                _("不能作为第十条的优先条件：“%(category)s”不是第十条所列的优先设立类别。"),
                category=claim.category,
            ),
        )
    category = PriorityCategory(claim.category)
    problems: list[tuple[str, object]] = []
    if blank(claim.description):
        problems.append(("description_blank", _("未说明具体情况（平台、荣誉、奖励、项目或榜单的名称等）")))
    if not claim.has_evidence:
        problems.append(("no_evidence", _("未提供证明材料")))
    window = _WINDOWS.get(category)
    if window is not None:
        if claim.year is None:
            problems.append(
                (
                    "year_missing",
                    lazy_format(_("未填写获得年份，无法判断是否在近%(window)d年内"), window=window),
                )
            )
        elif not 0 <= on.year - claim.year <= window:
            problems.append(
                (
                    "year_out_of_window",
                    lazy_format(
                        _("须为近%(window)d年内（%(start)d年至%(end)d年）取得，所填年份为%(year)d年"),
                        window=window,
                        start=on.year - window,
                        end=on.year,
                        year=claim.year,
                    ),
                )
            )
    if not problems:
        return Finding(
            ok=True,
            code="art10.ok",
            article=ART10,
            message=lazy_format(
                _("符合第十条，可优先设立：%(category)s（%(description)s）。"),
                category=category.label,
                description=claim.description.strip(),
            ),
        )
    return Finding(
        ok=False,
        code=f"art10.{problems[0][0]}",
        article=ART10,
        message=lazy_format(
            _("不能作为第十条的优先条件（%(category)s）：%(reasons)s。"),
            category=category.label,
            reasons=lazy_join(LIST_SEPARATOR, (reason for _suffix, reason in problems)),
        ),
    )


def check_art10(claims: Iterable[ClaimFacts], on: date) -> list[Finding]:
    """第十条 / Art. 10: one finding per priority claim, ``art10.ok`` or ``art10.<reason>``.

    A claim holds when its category is one of the seven, it is described and evidenced, and for
    award/project (近五年) and ranking (近三年) claims its year lies in the window ending in ``on``'s year.
    """
    return [_check_claim(claim, on) for claim in claims]


def has_priority(claims: Iterable[ClaimFacts], on: date) -> bool:
    """第十条 / Art. 10: any one valid claim qualifies the unit for priority."""
    return any(f.ok for f in check_art10(claims, on))
