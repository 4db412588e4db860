"""Chapter 3 of the measures (基地的设立, Arts. 9-11) with Art. 2 (who may apply) and Art. 24 (reapplication).

Inputs are plain frozen dataclasses filled in by the caller from the application form or the database;
every check returns findings for passing conditions too, so the UI can show each condition with its
reason. Numbers the measures leave open (minimum supervisors, salary floor in force) come in through
``EstablishmentParams``.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .findings import Finding, all_ok, lazy_format, lazy_join

ART2 = "第二条"
ART9 = ("第九条第（一）项", "第九条第（二）项", "第九条第（三）项", "第九条第（四）项", "第九条第（五）项")
ART10 = "第十条"
ART11 = "第十一条"
ART11_1 = "第十一条第（一）项"
ART11_2 = "第十一条第（二）项"
ART11_3 = "第十一条第（三）项"
ART24 = "第二十四条"

# Art. 10: "近五年" for awards and projects, "近三年" for rankings. A year counts when it is at most this
# many calendar years before the checked date's year and not after it: in 2026, 2021 is the oldest award year.
AWARD_WINDOW_YEARS = 5
RANKING_WINDOW_YEARS = 3

# Art. 9(5): C tier of the national funded postdoc programme (国家资助博士后研究人员计划C档), per person:
# 2024-2025 240,000 yuan for two years, from 2026 120,000 yuan a year. Rows: (effective_from, amount, years).
DEFAULT_SALARY_FLOOR_SCHEDULE: list[tuple[date, int, int]] = [
    (date(2024, 1, 1), 240000, 2),
    (date(2026, 1, 1), 120000, 1),
]

_LIST_SEPARATOR = pgettext_lazy("list separator", "；")
_ENUM_SEPARATOR = pgettext_lazy("enumeration separator", "、")


class Affiliation(models.TextChoices):
    """Where the applying unit belongs; decides its review route (第十一条第（一）项 / Art. 11(1))."""

    LOCAL = "local", _("地方单位")
    CENTRAL = "central", _("中央驻区单位")
    REGION = "region", _("自治区本级单位")


class UnitNature(models.TextChoices):
    """Unit nature, which decides the postdoc's contract type (第十四条 / Art. 14)."""

    ENTERPRISE = "enterprise", _("企业")
    INSTITUTION = "institution", _("事业单位")
    OTHER = "other", _("其他")


class PriorityCategory(models.TextChoices):
    """The seven priority categories of 第十条 / Art. 10, in the order the article lists them."""

    PLATFORM = "platform", _("自治区级以上科技创新平台")
    ENTERPRISE_HONOUR = (
        "enterprise_honour",
        _(
            "国家级高新技术企业、知识产权示范企业或自治区级以上技术创新示范、科技领军、“专精特新”小巨人、制造业单项冠军企业"
        ),
    )
    AWARD_OR_PROJECT = (
        "award_or_project",
        _("近五年自治区级以上科学技术奖励、重点研发计划项目或科技“突围”工程揭榜挂帅项目"),
    )
    RANKING = "ranking", _("近三年入选国内外知名榜单企业")
    HIGH_GROWTH = "high_growth", _("重点产业或战略新兴产业中具有较高成长性、研发投入比例较高的高新技术企业")
    ACADEMICIAN_STATION = "academician_station", _("建有运行状况良好的院士工作站")
    TALENT_FOUNDED = "talent_founded", _("“英才兴蒙”工程五类以上人才创办、研发投入比例较高的高新技术企业")


class ReviewLevel(models.TextChoices):
    """A level an application passes on its way to the region (第十一条 / Art. 11)."""

    DEPARTMENT = "department", _("主管部门")
    BUREAU = "bureau", _("盟市人社局")
    REGION = "region", _("自治区人社厅")


@dataclass(frozen=True)
class UnitFacts:
    independent_legal_person: bool
    registered_in_region: bool
    operating_well: bool
    has_mobile_station: bool
    has_workstation: bool
    base_revoked_on: date | None = None


@dataclass(frozen=True)
class ResearcherFacts:
    full_time: bool
    senior_title: bool  # 高级职称或相应水平
    can_supervise: bool


@dataclass(frozen=True)
class ClaimFacts:
    category: str
    description: str
    has_evidence: bool
    year: int | None = None  # year of the award, project or ranking, where the category has a window


@dataclass(frozen=True)
class ApplicationFacts:
    unit: UnitFacts
    has_rnd_institution: bool
    rnd_institution: str
    researchers: tuple[ResearcherFacts, ...]
    has_station_intention: bool  # a named partner mobile station with an intention document
    recruitment_plan: str
    research_project_count: int
    has_management_rules: bool
    research_conditions: str
    living_conditions: str
    offered_annual_pay_yuan: int | None
    claims: tuple[ClaimFacts, ...] = ()


@dataclass(frozen=True)
class EstablishmentParams:
    min_supervising_researchers: int = 1  # Art. 9(3): "一定数量", not fixed by the measures
    salary_floor_annual_yuan: int = 120000  # C tier in force on the date checked, supplied by the caller
    reapplication_ban_years: int = 3  # Art. 24

    def __post_init__(self) -> None:
        for name in ("min_supervising_researchers", "salary_floor_annual_yuan", "reapplication_ban_years"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must not be negative")


@dataclass(frozen=True)
class EligibilityReport:
    findings: tuple[Finding, ...]  # Art. 2, Art. 24, Art. 9(1)-(5), in that order
    eligible: bool
    priority: bool
    priority_findings: tuple[Finding, ...]  # Art. 10, one per claim


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def _yuan(amount: int) -> str:
    return f"{amount:,}"


def _add_years(day: date, years: int) -> date:
    """Same month and day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _item(article: str, code: str, problems: list[tuple[str, object]], ok_message, fail_message) -> Finding:
    """One finding for an item: passing, or failing with the first problem's code and every reason listed."""
    if not problems:
        return Finding(ok=True, code=f"{code}.ok", article=article, message=ok_message)
    reasons = lazy_join(_LIST_SEPARATOR, (reason for _suffix, reason in problems))
    return Finding(
        ok=False,
        code=f"{code}.{problems[0][0]}",
        article=article,
        message=lazy_format(fail_message, reasons=reasons),
    )


# --- Art. 2 and Art. 24: who may apply -------------------------------------------------------------


def check_no_station(unit: UnitFacts) -> list[Finding]:
    """第二条 / Art. 2: only a unit without a postdoc mobile station or workstation may become a base.

    One failing finding per cause (codes ``art2.has_mobile_station``, ``art2.has_workstation``), or one
    passing finding ``art2.ok``.
    """
    found: list[Finding] = []
    if unit.has_mobile_station:
        found.append(
            Finding(
                ok=False,
                code="art2.has_mobile_station",
                article=ART2,
                message=_("不符合第二条：本单位已设立博士后科研流动站，不能申请设立博士后创新实践基地。"),
            )
        )
    if unit.has_workstation:
        found.append(
            Finding(
                ok=False,
                code="art2.has_workstation",
                article=ART2,
                message=_("不符合第二条：本单位已设立博士后科研工作站，不能申请设立博士后创新实践基地。"),
            )
        )
    if not found:
        found.append(
            Finding(
                ok=True,
                code="art2.ok",
                article=ART2,
                message=_("符合第二条：本单位未设立博士后科研流动站或工作站。"),
            )
        )
    return found


def reapplication_allowed_from(revoked_on: date, params: EstablishmentParams | None = None) -> date:
    """第二十四条 / Art. 24: the first day a unit whose base filing was cancelled may apply again."""
    params = params or EstablishmentParams()
    return _add_years(revoked_on, params.reapplication_ban_years)


def check_reapplication_ban(unit: UnitFacts, on: date, params: EstablishmentParams | None = None) -> Finding:
    """第二十四条 / Art. 24: after the base filing is cancelled, the unit may apply again only after 3 years.

    Refused while ``on`` is before the anniversary of ``base_revoked_on`` (same month and day; 29 February
    falls on 28 February); allowed from the anniversary itself.
    """
    params = params or EstablishmentParams()
    if unit.base_revoked_on is None:
        return Finding(
            ok=True,
            code="art24.no_revocation",
            article=ART24,
            message=_("符合第二十四条：本单位没有被取消基地备案的记录。"),
        )
    allowed = reapplication_allowed_from(unit.base_revoked_on, params)
    values = {
        "revoked": unit.base_revoked_on.isoformat(),
        "years": params.reapplication_ban_years,
        "allowed": allowed.isoformat(),
    }
    if on < allowed:
        return Finding(
            ok=False,
            code="art24.reapplication_banned",
            article=ART24,
            message=lazy_format(
                _(
                    "不符合第二十四条：本单位基地备案已于%(revoked)s取消，%(years)d年后方可再次申请设立，"
                    "自%(allowed)s起可再次申请。"
                ),
                **values,
            ),
        )
    return Finding(
        ok=True,
        code="art24.ban_elapsed",
        article=ART24,
        message=lazy_format(
            _(
                "符合第二十四条：本单位基地备案于%(revoked)s取消，已满%(years)d年，自%(allowed)s起可再次申请。"
            ),
            **values,
        ),
    )


# --- Art. 9: the five conditions -------------------------------------------------------------------


def _check_art9_1(unit: UnitFacts) -> Finding:
    """第九条第（一）项 / Art. 9(1): independent legal person, registered in the region, operating well."""
    problems: list[tuple[str, object]] = []
    if not unit.independent_legal_person:
        problems.append(("not_independent_legal_person", _("不具有独立法人资格")))
    if not unit.registered_in_region:
        problems.append(("not_registered_in_region", _("注册地不在内蒙古自治区范围内")))
    if not unit.operating_well:
        problems.append(("not_operating_well", _("运行或经营状况不良")))
    return _item(
        ART9[0],
        "art9.1",
        problems,
        _("符合第九条第（一）项：具有独立法人资格，注册地在内蒙古自治区范围内，运行或经营状况良好。"),
        _("不符合第九条第（一）项：%(reasons)s。"),
    )


def _check_art9_2(app: ApplicationFacts) -> Finding:
    """第九条第（二）项 / Art. 9(2): a dedicated R&D institution with good conditions, described."""
    problems: list[tuple[str, object]] = []
    if not app.has_rnd_institution:
        problems.append(("no_rnd_institution", _("未设立专门的科学研究开发机构")))
    elif _blank(app.rnd_institution):
        problems.append(("rnd_institution_blank", _("未说明科学研究开发机构及其研究开发条件")))
    return _item(
        ART9[1],
        "art9.2",
        problems,
        lazy_format(
            _("符合第九条第（二）项：设有专门的科学研究开发机构（%(institution)s）。"),
            institution=(app.rnd_institution or "").strip(),
        ),
        _("不符合第九条第（二）项：%(reasons)s。"),
    )


def _check_art9_3(app: ApplicationFacts, params: EstablishmentParams) -> Finding:
    """第九条第（三）项 / Art. 9(3): enough full-time senior researchers able to act as supervisors."""
    qualified = sum(1 for r in app.researchers if r.full_time and r.senior_title and r.can_supervise)
    minimum = params.min_supervising_researchers
    values = {"count": qualified, "minimum": minimum, "partial": len(app.researchers) - qualified}
    if qualified >= minimum:
        return Finding(
            ok=True,
            code="art9.3.ok",
            article=ART9[2],
            message=lazy_format(
                _(
                    "符合第九条第（三）项：有%(count)d名具有高级职称或相应水平、可担任博士后合作导师的"
                    "本单位全职科研人员（要求至少%(minimum)d名）。"
                ),
                **values,
            ),
        )
    if values["partial"]:
        message = _(
            "不符合第九条第（三）项：具有高级职称或相应水平、可担任博士后合作导师的本单位全职科研人员"
            "仅%(count)d名，要求至少%(minimum)d名；另有%(partial)d名人员未同时满足全职、高级职称、"
            "可担任合作导师三项条件。"
        )
    else:
        message = _(
            "不符合第九条第（三）项：具有高级职称或相应水平、可担任博士后合作导师的本单位全职科研人员"
            "仅%(count)d名，要求至少%(minimum)d名。"
        )
    return Finding(
        ok=False,
        code="art9.3.too_few_supervising_researchers",
        article=ART9[2],
        message=lazy_format(message, **values),
    )


def _check_art9_4(app: ApplicationFacts) -> Finding:
    """第九条第（四）项 / Art. 9(4): recruitment intention with a mobile station, a plan and projects."""
    problems: list[tuple[str, object]] = []
    if not app.has_station_intention:
        problems.append(
            (
                "no_station_intention",
                _("未与博士后科研流动站达成代为招收合作意向（须写明合作流动站并提供合作意向书）"),
            )
        )
    if _blank(app.recruitment_plan):
        problems.append(("recruitment_plan_blank", _("没有明确的博士后招收计划")))
    if app.research_project_count < 1:
        problems.append(("no_research_project", _("未提出博士后研究项目")))
    return _item(
        ART9[3],
        "art9.4",
        problems,
        lazy_format(
            _(
                "符合第九条第（四）项：已与博士后科研流动站达成代为招收合作意向，有明确的招收计划，"
                "提出了%(count)d个博士后研究项目。"
            ),
            count=app.research_project_count,
        ),
        _("不符合第九条第（四）项：%(reasons)s。"),
    )


def _check_art9_5(app: ApplicationFacts, params: EstablishmentParams) -> Finding:
    """第九条第（五）项 / Art. 9(5): management rules, research and living conditions, pay >= the C tier."""
    floor = params.salary_floor_annual_yuan
    pay = app.offered_annual_pay_yuan
    problems: list[tuple[str, object]] = []
    if not app.has_management_rules:
        problems.append(("no_management_rules", _("未制定本单位博士后工作管理办法")))
    if _blank(app.research_conditions):
        problems.append(("research_conditions_blank", _("未说明能为博士后提供的科研条件")))
    if _blank(app.living_conditions):
        problems.append(("living_conditions_blank", _("未说明能为博士后提供的生活条件")))
    if pay is None:
        problems.append(
            (
                "pay_not_stated",
                lazy_format(
                    _("未填写拟提供的年薪，年薪不得低于国家资助博士后研究人员计划C档标准%(floor)s元"),
                    floor=_yuan(floor),
                ),
            )
        )
    elif pay < floor:
        problems.append(
            (
                "salary_below_floor",
                lazy_format(
                    _("拟提供的年薪%(pay)s元低于国家资助博士后研究人员计划C档标准%(floor)s元"),
                    pay=_yuan(pay),
                    floor=_yuan(floor),
                ),
            )
        )
    return _item(
        ART9[4],
        "art9.5",
        problems,
        lazy_format(
            _(
                "符合第九条第（五）项：有博士后工作管理办法和必要的科研、生活条件，拟提供的年薪%(pay)s元"
                "不低于国家资助博士后研究人员计划C档标准%(floor)s元。"
            ),
            pay=_yuan(pay or 0),
            floor=_yuan(floor),
        ),
        _("不符合第九条第（五）项：%(reasons)s。"),
    )


def check_art9(app: ApplicationFacts, params: EstablishmentParams | None = None) -> list[Finding]:
    """第九条 / Art. 9: the five application conditions, all required.

    Exactly five findings, one per item (1)-(5), codes ``art9.<item>.ok`` or ``art9.<item>.<reason>``.
    When an item fails for several reasons, the code names the first (in the item's own order) and the
    message lists them all.
    """
    params = params or EstablishmentParams()
    return [
        _check_art9_1(app.unit),
        _check_art9_2(app),
        _check_art9_3(app, params),
        _check_art9_4(app),
        _check_art9_5(app, params),
    ]


# --- Art. 10: priority ------------------------------------------------------------------------------

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
    if _blank(claim.description):
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
            reasons=lazy_join(_LIST_SEPARATOR, (reason for _suffix, reason in problems)),
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


def eligibility(
    app: ApplicationFacts, on: date, params: EstablishmentParams | None = None
) -> EligibilityReport:
    """第二条、第九条、第十条、第二十四条 / Arts. 2, 9, 10, 24: may the unit apply on ``on``, with priority?

    ``eligible`` needs every Art. 2, Art. 24 and Art. 9 finding to pass; Art. 10 only adds priority.
    """
    params = params or EstablishmentParams()
    findings = (
        *check_no_station(app.unit),
        check_reapplication_ban(app.unit, on, params),
        *check_art9(app, params),
    )
    priority_findings = tuple(check_art10(app.claims, on))
    return EligibilityReport(
        findings=findings,
        eligible=all_ok(findings),
        priority=any(f.ok for f in priority_findings),
        priority_findings=priority_findings,
    )


# --- Art. 11: procedure -----------------------------------------------------------------------------

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
                    items=lazy_join(_ENUM_SEPARATOR, (ART9[int(key) - 1] for key in unchecked)),
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
    if _blank(inspection):
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
    if _blank(recommendation):
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
                ranks=lazy_join(_ENUM_SEPARATOR, (str(r) for r in duplicates)),
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
                given=lazy_join(_ENUM_SEPARATOR, (str(r) for r in sorted(ranks))),
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
                items=lazy_join(_ENUM_SEPARATOR, (f"（{key}）" for key in failed)),
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


# --- Art. 9(5) salary floor in force ----------------------------------------------------------------


def salary_floor_annual(on: date, schedule: Sequence[tuple[date, int, int]] | None = None) -> int:
    """第九条第（五）项 / Art. 9(5): the yearly C-tier pay floor in force on ``on``, in yuan.

    Uses the latest schedule row whose ``effective_from`` is on or before ``on`` and returns
    ``amount_yuan // period_years``. Raises ``ValueError`` if ``on`` precedes every row or a row's
    period is not positive. ``schedule`` defaults to ``DEFAULT_SALARY_FLOOR_SCHEDULE``.
    """
    if schedule is None:
        schedule = DEFAULT_SALARY_FLOOR_SCHEDULE
    in_force = [row for row in schedule if row[0] <= on]
    if not in_force:
        raise ValueError(f"no salary floor is in force on {on.isoformat()}")
    _effective_from, amount_yuan, period_years = max(in_force, key=lambda row: row[0])
    if period_years <= 0:
        raise ValueError("period_years must be positive")
    return amount_yuan // period_years


def filing_number(year: int, serial: int) -> str:
    """第十一条第（三）项 / Art. 11(3) 予以备案: the filing number of the ``serial``-th base filed in ``year``.

    Format chosen by the system (the measures fix none): 蒙博基备〔2026〕001号.
    """
    if serial < 1:
        raise ValueError("serial starts at 1")
    return f"蒙博基备〔{year}〕{serial:03d}号"
