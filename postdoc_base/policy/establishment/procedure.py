"""Art. 11 (设立程序): review routes, preliminary review and written recommendation, ranking, batch
submission, round dates, filing numbers and the facts of a filing recorded from its paper notice."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping, Sequence
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..articles import ART9, ART11, ART11_1, ART11_2, ART11_3
from ..common import ENUM_SEPARATOR, blank, person_date
from ..findings import Finding, lazy_format, lazy_join
from ..oversight.revocation import DOCUMENT_NUMBER
from .facts import Affiliation


class ReviewLevel(models.TextChoices):
    """A level an application passes on its way to the region (第十一条 / Art. 11)."""

    DEPARTMENT = "department", _("主管部门")
    BUREAU = "bureau", _("盟市人社局")
    REGION = "region", _("自治区人社厅")


_ROUTES: dict[str, tuple[ReviewLevel, ...]] = {
    Affiliation.LOCAL: (ReviewLevel.BUREAU, ReviewLevel.REGION),
    Affiliation.CENTRAL: (ReviewLevel.DEPARTMENT, ReviewLevel.BUREAU, ReviewLevel.REGION),
    Affiliation.REGION: (ReviewLevel.DEPARTMENT, ReviewLevel.REGION),
}


def review_route(affiliation: Affiliation | str) -> tuple[ReviewLevel, ...]:
    """第十一条第（一）项 / Art. 11(1): the levels an application passes, in order.

    Local unit: league/city bureau, then region. Central unit in the region: competent department's
    consent, bureau, region. Region-level unit: competent department's consent, then region directly.
    Raises ``ValueError`` for an unknown affiliation.
    """
    return _ROUTES[Affiliation(affiliation)]


def affiliations_through(
    level: ReviewLevel | str, *, after: ReviewLevel | str | None = None
) -> tuple[Affiliation, ...]:
    """第十一条第（一）项 / Art. 11(1): the affiliations whose applications pass ``level``, read from the route
    table, so the selectors that decide who sees an application follow the routes (a new affiliation is seen
    only by the levels its route names).

    With ``after``: only those whose route passes ``after`` before ``level``, whose applications reach
    ``level`` only once ``after`` has agreed (中央驻区企事业单位须经主管部门同意后向所在盟市人力资源社会保障部门
    提出申请: a central unit's application reaches the bureau after its competent department).
    """
    level = ReviewLevel(level)
    found = []
    for affiliation, route in _ROUTES.items():
        if level not in route:
            continue
        if after is not None and not (
            ReviewLevel(after) in route and route.index(ReviewLevel(after)) < route.index(level)
        ):
            continue
        found.append(Affiliation(affiliation))
    return tuple(found)


def next_level(affiliation: Affiliation | str, current: ReviewLevel | str | None) -> ReviewLevel | None:
    """第十一条第（一）项 / Art. 11(1): the level after ``current`` (``None``: just submitted).

    Returns ``None`` after the last level (the region). Raises ``ValueError`` if ``current`` is not on
    this affiliation's route.
    """
    route = review_route(affiliation)
    if current is None:
        return route[0]
    level = ReviewLevel(current)
    if level not in route:
        raise ValueError(f"{level.value!r} is not on the review route of {Affiliation(affiliation).value!r}")
    index = route.index(level)
    return route[index + 1] if index + 1 < len(route) else None


ART9_ITEM_KEYS = ("1", "2", "3", "4", "5")


def check_preliminary_review(
    condition_checks: Mapping[str, bool | None], inspection: str, recommendation: str
) -> list[Finding]:
    """第十一条第（二）项 / Art. 11(2): the bureau's preliminary review is complete.

    Every Art. 9 item "1".."5" has a verdict (True/False; None or absent means not checked), the
    comprehensive inspection (综合考察) is recorded and a written recommendation (书面推荐意见) given.
    Three findings: ``art11.2.conditions_*``, ``art11.2.inspection_*``, ``art11.2.recommendation_*``.
    """
    unchecked = [key for key in ART9_ITEM_KEYS if not isinstance(condition_checks.get(key), bool)]
    found: list[Finding] = []
    if unchecked:
        found.append(
            Finding(
                ok=False,
                code="art11.2.conditions_unchecked",
                article=ART11_2,
                message=lazy_format(
                    _("初审不完整（第十一条第（二）项）：尚未对%(items)s的申报条件给出是否符合的结论。"),
                    items=lazy_join(ENUM_SEPARATOR, (ART9[int(key) - 1] for key in unchecked)),
                ),
            )
        )
    else:
        found.append(
            Finding(
                ok=True,
                code="art11.2.conditions_checked",
                article=ART11_2,
                message=_("初审已对第九条第（一）至（五）项申报条件逐项给出结论（第十一条第（二）项）。"),
            )
        )
    if blank(inspection):
        found.append(
            Finding(
                ok=False,
                code="art11.2.inspection_blank",
                article=ART11_2,
                message=_("初审不完整（第十一条第（二）项）：尚未填写综合考察情况。"),
            )
        )
    else:
        found.append(
            Finding(
                ok=True,
                code="art11.2.inspection_ok",
                article=ART11_2,
                message=_("已填写综合考察情况（第十一条第（二）项）。"),
            )
        )
    if blank(recommendation):
        found.append(
            Finding(
                ok=False,
                code="art11.2.recommendation_blank",
                article=ART11_2,
                message=_("初审不完整（第十一条第（二）项）：尚未形成书面推荐意见。"),
            )
        )
    else:
        found.append(
            Finding(
                ok=True,
                code="art11.2.recommendation_ok",
                article=ART11_2,
                message=_("已形成书面推荐意见（第十一条第（二）项）。"),
            )
        )
    return found


def check_recommendation_ranking(ranks: Sequence[int | None]) -> Finding:
    """第十一条第（二）项 / Art. 11(2): the bureau's recommended units are ranked 1..n, no gaps or ties.

    Codes: ``art11.2.ranking_ok``, ``art11.2.ranking_missing`` (a rank is None),
    ``art11.2.ranking_duplicate``, ``art11.2.ranking_gap`` (values are not exactly 1..n).
    """
    n = len(ranks)
    missing = sum(1 for r in ranks if r is None)
    if missing:
        return Finding(
            ok=False,
            code="art11.2.ranking_missing",
            article=ART11_2,
            message=lazy_format(
                _("推荐排序不完整（第十一条第（二）项）：有%(count)d个推荐单位未填写排序。"), count=missing
            ),
        )
    duplicates = sorted(rank for rank, count in Counter(ranks).items() if count > 1)
    if duplicates:
        return Finding(
            ok=False,
            code="art11.2.ranking_duplicate",
            article=ART11_2,
            message=lazy_format(
                _("推荐排序重复（第十一条第（二）项）：排序%(ranks)s被多个推荐单位使用。"),
                ranks=lazy_join(ENUM_SEPARATOR, (str(r) for r in duplicates)),
            ),
        )
    if sorted(ranks) != list(range(1, n + 1)):
        return Finding(
            ok=False,
            code="art11.2.ranking_gap",
            article=ART11_2,
            message=lazy_format(
                _("推荐排序应为1至%(n)d的连续整数（第十一条第（二）项），现为%(given)s。"),
                n=n,
                given=lazy_join(ENUM_SEPARATOR, (str(r) for r in sorted(ranks))),
            ),
        )
    if n == 0:
        return Finding(
            ok=True,
            code="art11.2.ranking_ok",
            article=ART11_2,
            message=_("没有需要排序的推荐单位（第十一条第（二）项）。"),
        )
    return Finding(
        ok=True,
        code="art11.2.ranking_ok",
        article=ART11_2,
        message=lazy_format(_("推荐排序完整（第十一条第（二）项）：共%(n)d个推荐单位，依次排序。"), n=n),
    )


def check_recommendable(condition_checks: Mapping[str, bool | None]) -> list[Finding]:
    """第十一条第（二）项 / Art. 11(2): a unit whose Art. 9 condition the bureau judged not met cannot be recommended.

    One failing finding ``art11.2.condition_failed`` naming the items judged ``False``; empty otherwise
    (unchecked items are ``check_preliminary_review``'s concern).
    """
    failed = sorted(key for key, value in condition_checks.items() if value is False)
    if not failed:
        return []
    return [
        Finding(
            ok=False,
            code="art11.2.condition_failed",
            article=ART11_2,
            message=lazy_format(
                _("初审认定第九条第%(items)s项条件不符合，不能推荐；可退回修改或不予推荐。"),
                items=lazy_join(ENUM_SEPARATOR, (f"（{key}）" for key in failed)),
            ),
        )
    ]


def check_batch_submission(pending: int, recommended: int, ranks: Sequence[int | None]) -> list[Finding]:
    """第十一条第（二）项 / Art. 11(2): may a bureau submit its round's recommendations to the region together?

    ``pending``: applications still waiting for the bureau's decision; ``recommended``: those recommended;
    ``ranks``: their ranks. Refused while any is pending (``art11.2.pending``), when nothing is recommended
    (``art11.2.nothing``), otherwise as ``check_recommendation_ranking`` says. One finding, the first rule
    that decides.
    """
    if pending:
        return [
            Finding(
                ok=False,
                code="art11.2.pending",
                article=ART11_2,
                message=lazy_format(
                    _("还有%(n)d份申请尚未作出初审结论，请先逐一推荐、退回或不予推荐。"), n=pending
                ),
            )
        ]
    if not recommended:
        return [
            Finding(ok=False, code="art11.2.nothing", article=ART11_2, message=_("没有拟推荐的申请可报送。"))
        ]
    return [check_recommendation_ranking(ranks)]


def check_route_prerequisites(
    affiliation: Affiliation | str, has_bureau: bool, has_department: bool
) -> list[Finding]:
    """第十一条第（一）项 / Art. 11(1): the unit names every body on its review route.

    Derived from ``review_route``: a route through the competent department needs the department
    (``art11.1.department_missing``), one through the league/city bureau needs the bureau
    (``art11.1.bureau_missing``). Only failing findings; empty for an unknown affiliation (a choices error).
    """
    try:
        route = review_route(affiliation)
    except ValueError:
        return []
    found: list[Finding] = []
    if ReviewLevel.DEPARTMENT in route and not has_department:
        found.append(
            Finding(
                ok=False,
                code="art11.1.department_missing",
                article=ART11_1,
                message=_(
                    "中央驻区单位和自治区本级单位须经主管部门同意后申报，请先在单位信息中填写主管部门。"
                ),
            )
        )
    if ReviewLevel.BUREAU in route and not has_bureau:
        found.append(
            Finding(
                ok=False,
                code="art11.1.bureau_missing",
                article=ART11_1,
                message=_("请先在单位信息中填写注册地盟市。"),
            )
        )
    return found


def check_round_dates(
    application_deadline: date, review_deadline: date, today: date | None = None
) -> list[Finding]:
    """第十一条 / Art. 11: a round's dates. The bureau's recommendation deadline is not before the units'
    application deadline (``round.review_before_deadline``); when ``today`` is given (opening a round),
    the application deadline has not passed (``round.deadline_past``). Only failing findings.
    """
    found: list[Finding] = []
    if today is not None and application_deadline < today:
        found.append(
            Finding(
                ok=False,
                code="round.deadline_past",
                article=ART11,
                message=_("单位申报截止日期已过，请先修改日期。"),
            )
        )
    if review_deadline < application_deadline:
        found.append(
            Finding(
                ok=False,
                code="round.review_before_deadline",
                article=ART11,
                message=_("盟市推荐截止日期不能早于单位申报截止日期。"),
            )
        )
    return found


# The system's filing number (the measures fix none), written by ``filing_number`` and read by
# ``parse_filing_number``: the prefix, the filing year in 〔〕 and the year's serial, e.g. 蒙博基备〔2026〕001号.
FILING_NUMBER_PREFIX = "蒙博基备"
# Read as people type it: other brackets (〔〕 [] 【】 () （）), spaces, the serial without its leading zeros.
_FILING_NUMBER_RE = re.compile(
    rf"^{FILING_NUMBER_PREFIX}\s*[〔\[【(（]\s*(\d{{4}})\s*[〕\]】)）]\s*(\d{{1,4}})\s*号$"
)


def filing_number(year: int, serial: int) -> str:
    """第十一条第（三）项 / Art. 11(3) 予以备案: the filing number of the ``serial``-th base filed in ``year``.

    Format chosen by the system (the measures fix none): 蒙博基备〔2026〕001号.
    """
    if serial < 1:
        raise ValueError("serial starts at 1")
    return f"{FILING_NUMBER_PREFIX}〔{year}〕{serial:03d}号"


def parse_filing_number(text: str | None) -> tuple[int, int] | None:
    """The (year, serial) of a number in the system's format (``filing_number``), also when typed with other
    brackets or without the serial's leading zeros (蒙博基备[2023]12号 is 蒙博基备〔2023〕012号); None for any
    other number, e.g. one a paper filing notice gave in another form."""
    match = _FILING_NUMBER_RE.match((text or "").strip())
    if match is None or int(match[2]) < 1:
        return None
    return int(match[1]), int(match[2])


def normalize_filing_number(text: str | None) -> str:
    """A filing number as the register stores it: the system's format written as ``filing_number`` writes it
    (so one number is never stored in two spellings), any other number as typed, without surrounding spaces."""
    parsed = parse_filing_number(text)
    return filing_number(*parsed) if parsed else (text or "").strip()


# A base recorded from its paper filing notice (历史备案) was filed no earlier than the year of the national notice
# on practice bases that Art. 1 names first among them (《关于博士后创新实践基地建设有关问题的通知》, 人社部发〔2011〕21号):
# an earlier date is a typing error, not a filing. The system's rule: the measures themselves say nothing of it.
HISTORICAL_FILING_EARLIEST = date(2011, 1, 1)


def check_historical_filing(filed_on: date, number: str, notice_number: str, today: date) -> list[Finding]:
    """第十一条第（三）项 / Art. 11(3) 予以备案，并发文公布, for a filing the region made on paper before the system:
    the facts its notice gives agree with each other and with the calendar.

    The filing date is not after ``today`` (``art11.3.historical_in_future``) and not before
    ``HISTORICAL_FILING_EARLIEST`` (``art11.3.historical_too_early``); a filing number in the system's format
    carries the filing year (``art11.3.historical_year_mismatch``); the notice's number is written as official
    documents are, ``…〔YYYY〕N号`` (``art11.3.historical_bad_notice``), and the notice, which announced the filing,
    is not of an earlier year (``art11.3.historical_notice_before_filing``). Returns the failing findings.
    """
    refused: list[Finding] = []
    if filed_on > today:
        refused.append(Finding(False, "art11.3.historical_in_future", ART11_3, _("备案日期不能晚于今天。")))
    elif filed_on < HISTORICAL_FILING_EARLIEST:
        refused.append(
            Finding(
                False,
                "art11.3.historical_too_early",
                ART11_3,
                lazy_format(
                    _(
                        "备案日期不能早于%(earliest)s（本办法第一条所依据的《关于博士后创新实践基地建设有关问题的通知》"
                        "（人社部发〔2011〕21号）印发之年）。"
                    ),
                    earliest=person_date(HISTORICAL_FILING_EARLIEST),
                ),
            )
        )
    parsed = parse_filing_number(number)
    if parsed is not None and parsed[0] != filed_on.year:
        refused.append(
            Finding(
                False,
                "art11.3.historical_year_mismatch",
                ART11_3,
                lazy_format(
                    _("备案号中的年份（%(year)d年）与备案日期所在年份（%(filed)d年）不一致。"),
                    year=parsed[0],
                    filed=filed_on.year,
                ),
            )
        )
    notice = DOCUMENT_NUMBER.match((notice_number or "").strip())
    if notice is None:
        refused.append(
            Finding(
                False,
                "art11.3.historical_bad_notice",
                ART11_3,
                _("请按“机关代字〔年份〕序号号”填写备案通知文号，例如：内人社发〔2023〕12号。"),
            )
        )
    elif int(notice[1]) < filed_on.year:
        refused.append(
            Finding(
                False,
                "art11.3.historical_notice_before_filing",
                ART11_3,
                lazy_format(
                    _("备案通知文号中的年份（%(year)d年）早于备案日期所在年份（%(filed)d年），请核对。"),
                    year=int(notice[1]),
                    filed=filed_on.year,
                ),
            )
        )
    return refused
