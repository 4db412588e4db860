"""Chapter 4 of the measures (博士后研究人员的招收和培养, Arts. 13-18) with Art. 9(5) and Arts. 20, 22, 23.

A postdoc's stay in a base, from the tripartite agreement to exit or withdrawal, as pure checks. Inputs
are plain values or frozen dataclasses filled in by the caller; every check returns findings for passing
conditions too, so a page can show each condition with its reason. Numbers the measures fix are
constants here, each with its source; numbers they leave open are marked "not fixed by the measures".
"""

from __future__ import annotations

import calendar
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .findings import Finding, lazy_format, lazy_join

ART9_5 = "第九条第（五）项"
ART13_1 = "第十三条第（一）项"
ART13_2 = "第十三条第（二）项"
ART14 = "第十四条"
ART15 = "第十五条"
ART16 = "第十六条"
ART17 = "第十七条"
ART18 = "第十八条"
ART20 = "第二十条"
ART22 = "第二十二条"
ART23 = "第二十三条"
WITHDRAWAL_ITEM_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")

# Art. 13(2): "于三个月内……报自治区人力资源和社会保障厅备案" — due three calendar months after entry.
ENTRY_FILING_MONTHS = 3
# Art. 14: "一般为2年，根据项目需要可在2至4年内灵活确定……最长不超过6年".
DEFAULT_TERM_MONTHS = 24
MIN_TERM_MONTHS = 24
MAX_TERM_MONTHS = 48
MAX_TERM_WITH_MAJOR_PROJECT_MONTHS = 72
# Art. 23(1): "进入基地半年后仍未取得国家承认的博士学位证书".
DEGREE_CERTIFICATE_MONTHS = 6
# Art. 23(8): "出国逾期不归超过30天".
ABROAD_OVERDUE_LIMIT_DAYS = 30
# Art. 23(9): "在基地时间超过6年".
MAX_STAY_MONTHS = 72
# Art. 17 requires mid-term and exit assessments but fixes no date: 12 months after entry by default,
# not fixed by the measures, configurable per base.
MIDTERM_DEFAULT_MONTHS = 12
# Art. 23, last paragraph: "退出基地的博士后研究人员，不享受国家、自治区对期满出站博士后研究人员规定的相关政策".
WITHDRAWN_ENTITLED_TO_EXIT_POLICIES = False
# Names: the longest accepted, in characters after normalisation (a system limit, not from the measures).
PERSON_NAME_MAX_LENGTH = 50

_ENUM_SEPARATOR = pgettext_lazy("enumeration separator", "、")


def _yuan(amount: int) -> str:
    return f"{amount:,}"


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months later; the month's last day when that day does not exist.

    31 January + 3 months is 30 April; 30 November + 3 months is 28 (or 29) February.
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


# --- Art. 13(1): the tripartite agreement ---------------------------------------------------------


class AgreementClause(models.TextChoices):
    """What the tripartite agreement must settle (第十三条第（一）项 / Art. 13(1)), in the article's order."""

    RIGHTS = "rights", _("三方权利")
    OBLIGATIONS = "obligations", _("三方义务")
    WORK_GOALS = "work_goals", _("工作目标")
    TERM = "term", _("工作期限")
    IP_OWNERSHIP = "ip_ownership", _("产权成果归属")
    BREACH_LIABILITY = "breach_liability", _("违约责任")


class Party(models.TextChoices):
    """The three parties to the agreement (第十三条第（一）项 / Art. 13(1))."""

    BASE = "base", _("基地")
    STATION = "station", _("博士后科研流动站")
    POSTDOC = "postdoc", _("博士后研究人员")


def check_tripartite_agreement(
    confirmed: Iterable[str], signed_by: Iterable[str], has_document: bool
) -> list[Finding]:
    """第十三条第（一）项 / Art. 13(1): the agreement settles each clause, all three parties sign it, and the
    signed document is uploaded.

    Ten findings in this order: one per ``AgreementClause`` (``art13.1.<clause>.confirmed|missing``), one
    per ``Party`` (``art13.1.<party>_signature.present|missing``), and ``art13.1.document.uploaded|missing``.
    Unknown values in ``confirmed`` or ``signed_by`` are ignored.
    """
    confirmed, signed_by = set(confirmed), set(signed_by)
    found: list[Finding] = []
    for clause in AgreementClause:
        if clause.value in confirmed:
            found.append(
                Finding(
                    ok=True,
                    code=f"art13.1.{clause.value}.confirmed",
                    article=ART13_1,
                    message=lazy_format(
                        _("符合第十三条第（一）项：协议已明确%(clause)s。"), clause=clause.label
                    ),
                )
            )
        else:
            found.append(
                Finding(
                    ok=False,
                    code=f"art13.1.{clause.value}.missing",
                    article=ART13_1,
                    message=lazy_format(
                        _("不符合第十三条第（一）项：三方协议尚未确认已明确%(clause)s。"), clause=clause.label
                    ),
                )
            )
    for party in Party:
        if party.value in signed_by:
            found.append(
                Finding(
                    ok=True,
                    code=f"art13.1.{party.value}_signature.present",
                    article=ART13_1,
                    message=lazy_format(
                        _("符合第十三条第（一）项：%(party)s已签署协议。"), party=party.label
                    ),
                )
            )
        else:
            found.append(
                Finding(
                    ok=False,
                    code=f"art13.1.{party.value}_signature.missing",
                    article=ART13_1,
                    message=lazy_format(
                        _("不符合第十三条第（一）项：%(party)s尚未签署三方协议。"), party=party.label
                    ),
                )
            )
    if has_document:
        found.append(
            Finding(
                ok=True,
                code="art13.1.document.uploaded",
                article=ART13_1,
                message=_("符合第十三条第（一）项：已上传三方签署的协议文本。"),
            )
        )
    else:
        found.append(
            Finding(
                ok=False,
                code="art13.1.document.missing",
                article=ART13_1,
                message=_("不符合第十三条第（一）项：尚未上传三方签署的协议文本。"),
            )
        )
    return found


# --- Art. 13(2): entry filing within three months -------------------------------------------------


def entry_filing_due(entry_date: date) -> date:
    """第十三条第（二）项 / Art. 13(2): the last day to file the entry with the region, three calendar months
    after the entry date (31 January -> 30 April)."""
    return add_months(entry_date, ENTRY_FILING_MONTHS)


def is_late(entry_date: date, filed_on: date) -> bool:
    """第十三条第（二）项 / Art. 13(2): filed after the due date (filing on the due date is on time)."""
    return filed_on > entry_filing_due(entry_date)


def entry_filing_overdue(entry_date: date, today: date) -> bool:
    """第十三条第（二）项 / Art. 13(2): an unfiled entry is overdue from the day after its due date."""
    return today > entry_filing_due(entry_date)


def check_entry_filing(entry_date: date, filed_on: date) -> Finding:
    """第十三条第（二）项 / Art. 13(2): a filing is accepted either way; a late one is marked late.

    Always ``ok=True``; code ``art13.2.on_time`` up to and including the due date, ``art13.2.late`` after.
    Raises ``ValueError`` when ``filed_on`` is before the entry date.
    """
    if filed_on < entry_date:
        raise ValueError("an entry cannot be filed before the entry date")
    due = entry_filing_due(entry_date)
    values = {"entry": entry_date.isoformat(), "due": due.isoformat(), "filed": filed_on.isoformat()}
    if filed_on > due:
        return Finding(
            ok=True,
            code="art13.2.late",
            article=ART13_2,
            message=lazy_format(
                _(
                    "逾期备案（第十三条第（二）项）：%(entry)s进基地，应于%(due)s前报自治区人力资源和社会保障厅"
                    "备案，实际于%(filed)s报送，逾期%(days)d天。"
                ),
                days=(filed_on - due).days,
                **values,
            ),
        )
    return Finding(
        ok=True,
        code="art13.2.on_time",
        article=ART13_2,
        message=lazy_format(
            _("按期备案（第十三条第（二）项）：%(entry)s进基地，于%(filed)s报送备案，未超过%(due)s的期限。"),
            **values,
        ),
    )


# --- Art. 14: contract type and term --------------------------------------------------------------


class ContractType(models.TextChoices):
    """The contract a base signs with its postdoc, by the unit's nature (第十四条 / Art. 14)."""

    LABOUR_CONTRACT = "labour_contract", _("劳动合同")
    EMPLOYMENT_CONTRACT = "employment_contract", _("聘用合同")
    WORK_AGREEMENT = "work_agreement", _("工作协议")


_CONTRACT_BY_NATURE = {
    "enterprise": ContractType.LABOUR_CONTRACT,
    "institution": ContractType.EMPLOYMENT_CONTRACT,
    "other": ContractType.WORK_AGREEMENT,
}


def contract_type(unit_nature: str) -> ContractType:
    """第十四条 / Art. 14: enterprise -> 劳动合同, public institution -> 聘用合同, any other unit -> 工作协议.

    ``unit_nature`` is a ``policy.establishment.UnitNature`` value; raises ``ValueError`` for anything else.
    """
    try:
        return _CONTRACT_BY_NATURE[str(unit_nature)]
    except KeyError:
        raise ValueError(f"unknown unit nature {unit_nature!r}") from None


def term_end(entry_date: date, months: int) -> date:
    """第十四条 / Art. 14: the last day of a term of ``months`` starting on ``entry_date``.

    The day before the same date ``months`` later: 2026-03-01 for 24 months ends on 2028-02-29.
    """
    return add_months(entry_date, months) - timedelta(days=1)


def check_term(
    months: int, has_major_project: bool, total_months_including_extensions: int | None = None
) -> list[Finding]:
    """第十四条 / Art. 14: the term in the base.

    ``months`` is the term agreed on entry; ``total_months_including_extensions`` the whole stay once
    every extension (this one included) is counted, ``months`` when omitted. Three findings:

    - the agreed term is at least 2 years (``art14.term_ok`` / ``art14.term_below_two_years``);
    - over 4 years only with a recorded major national or regional project (``art14.within_four_years``,
      ``art14.over_four_years_with_project`` / ``art14.over_four_years_without_project``);
    - never over 6 years in total (``art14.within_six_years`` / ``art14.over_six_years``).

    Raises ``ValueError`` when the total is shorter than the agreed term.
    """
    total = months if total_months_including_extensions is None else total_months_including_extensions
    if total < months:
        raise ValueError("the total stay cannot be shorter than the agreed term")
    longest = total
    found: list[Finding] = []
    if months < MIN_TERM_MONTHS:
        found.append(
            Finding(
                ok=False,
                code="art14.term_below_two_years",
                article=ART14,
                message=lazy_format(
                    _(
                        "不符合第十四条：在基地时间一般为2年，可在2至4年内灵活确定，约定的%(months)d个月不足2年。"
                    ),
                    months=months,
                ),
            )
        )
    else:
        found.append(
            Finding(
                ok=True,
                code="art14.term_ok",
                article=ART14,
                message=lazy_format(
                    _("符合第十四条：约定在基地时间%(months)d个月，不少于2年。"), months=months
                ),
            )
        )
    if longest <= MAX_TERM_MONTHS:
        found.append(
            Finding(
                ok=True,
                code="art14.within_four_years",
                article=ART14,
                message=lazy_format(
                    _("符合第十四条：在基地时间共%(months)d个月，未超过4年。"), months=longest
                ),
            )
        )
    elif has_major_project:
        found.append(
            Finding(
                ok=True,
                code="art14.over_four_years_with_project",
                article=ART14,
                message=lazy_format(
                    _(
                        "符合第十四条：在基地时间共%(months)d个月，超过4年，已记录承担的国家或自治区重大项目。"
                    ),
                    months=longest,
                ),
            )
        )
    else:
        found.append(
            Finding(
                ok=False,
                code="art14.over_four_years_without_project",
                article=ART14,
                message=lazy_format(
                    _(
                        "不符合第十四条：在基地时间共%(months)d个月，超过4年，须记录进基地后承担的国家或自治区"
                        "重大项目。"
                    ),
                    months=longest,
                ),
            )
        )
    if longest <= MAX_TERM_WITH_MAJOR_PROJECT_MONTHS:
        found.append(
            Finding(
                ok=True,
                code="art14.within_six_years",
                article=ART14,
                message=lazy_format(
                    _("符合第十四条：在基地时间共%(months)d个月，未超过6年。"), months=longest
                ),
            )
        )
    else:
        found.append(
            Finding(
                ok=False,
                code="art14.over_six_years",
                article=ART14,
                message=lazy_format(
                    _("不符合第十四条：在基地时间含延期共%(months)d个月，最长不得超过6年（72个月）。"),
                    months=longest,
                ),
            )
        )
    return found


# --- Art. 15: dual supervisors --------------------------------------------------------------------


class SupervisorSide(models.TextChoices):
    """Which side appointed a supervisor under the dual-supervisor system (第十五条 / Art. 15)."""

    STATION = "station", _("流动站合作导师")
    BASE = "base", _("基地合作导师")


@dataclass(frozen=True)
class SupervisorFacts:
    side: str  # a SupervisorSide value
    employer: str
    station_university: str  # the partner station's university
    base_unit: str  # the unit that set up the base


def _same_unit(a: str, b: str) -> bool:
    return bool(a.strip()) and " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def check_dual_supervisors(supervisors: Sequence[SupervisorFacts]) -> list[Finding]:
    """第十五条 / Art. 15: one supervisor engaged from the partner station's university and one named by the
    base from its own unit.

    Two findings, station side then base side: ``art15.station_supervisor.ok`` /
    ``art15.station_supervisor.missing`` (none on that side) / ``art15.station_supervisor.wrong_employer``
    (none on that side works for the station's university), and the same for ``art15.base_supervisor``.
    """
    sides = (
        (
            SupervisorSide.STATION,
            "art15.station_supervisor",
            lambda s: s.station_university,
            _("符合第十五条：已聘请合作招收流动站所在高校的合作导师。"),
            _("不符合第十五条：尚未向合作招收的博士后科研流动站聘请合作导师。"),
            _("不符合第十五条：流动站合作导师须为合作招收流动站所在高校（%(unit)s）的人员。"),
        ),
        (
            SupervisorSide.BASE,
            "art15.base_supervisor",
            lambda s: s.base_unit,
            _("符合第十五条：基地已在本单位指定合作导师。"),
            _("不符合第十五条：基地尚未在本单位指定合作导师。"),
            _("不符合第十五条：基地合作导师须为设立基地单位（%(unit)s）的人员。"),
        ),
    )
    found: list[Finding] = []
    for side, code, unit_of, ok_message, missing_message, wrong_message in sides:
        on_side = [s for s in supervisors if s.side == side.value]
        if any(_same_unit(s.employer, unit_of(s)) for s in on_side):
            found.append(Finding(ok=True, code=f"{code}.ok", article=ART15, message=ok_message))
        elif not on_side:
            found.append(Finding(ok=False, code=f"{code}.missing", article=ART15, message=missing_message))
        else:
            found.append(
                Finding(
                    ok=False,
                    code=f"{code}.wrong_employer",
                    article=ART15,
                    message=lazy_format(wrong_message, unit=unit_of(on_side[0]).strip()),
                )
            )
    return found


# --- Art. 9(5) and Art. 20: pay and social insurance ---------------------------------------------


def check_pay(
    annual_pay_yuan: int, c_tier_floor_yuan: int, same_level_pay_yuan: int | None, social_insurance: bool
) -> list[Finding]:
    """第九条第（五）项 / Art. 9(5) and 第二十条 / Art. 20: a postdoc's yearly pay and social insurance.

    Three findings, warnings when failing: pay not below the C-tier floor in force
    (``art9.5.pay_ok`` / ``art9.5.pay_below_c_tier``); not below the unit's same-level researchers
    (``art20.pay_ok`` / ``art20.pay_below_same_level``; ``art20.same_level_not_recorded``, passing,
    when that pay is not recorded); social insurance paid (``art20.social_insurance_ok`` /
    ``art20.no_social_insurance``). Equal pay passes ("不低于").
    """
    found: list[Finding] = []
    values = {"pay": _yuan(annual_pay_yuan), "floor": _yuan(c_tier_floor_yuan)}
    if annual_pay_yuan < c_tier_floor_yuan:
        found.append(
            Finding(
                ok=False,
                code="art9.5.pay_below_c_tier",
                article=ART9_5,
                message=lazy_format(
                    _(
                        "不符合第九条第（五）项：年薪%(pay)s元低于国家资助博士后研究人员计划C档标准%(floor)s元。"
                    ),
                    **values,
                ),
            )
        )
    else:
        found.append(
            Finding(
                ok=True,
                code="art9.5.pay_ok",
                article=ART9_5,
                message=lazy_format(
                    _(
                        "符合第九条第（五）项：年薪%(pay)s元不低于国家资助博士后研究人员计划C档标准%(floor)s元。"
                    ),
                    **values,
                ),
            )
        )
    if same_level_pay_yuan is None:
        found.append(
            Finding(
                ok=True,
                code="art20.same_level_not_recorded",
                article=ART20,
                message=_("第二十条：未记录本单位相同层次科研人员的工资标准，未作比较。"),
            )
        )
    else:
        same = {"pay": _yuan(annual_pay_yuan), "same": _yuan(same_level_pay_yuan)}
        if annual_pay_yuan < same_level_pay_yuan:
            found.append(
                Finding(
                    ok=False,
                    code="art20.pay_below_same_level",
                    article=ART20,
                    message=lazy_format(
                        _("不符合第二十条：年薪%(pay)s元低于本单位相同层次科研人员的标准%(same)s元。"), **same
                    ),
                )
            )
        else:
            found.append(
                Finding(
                    ok=True,
                    code="art20.pay_ok",
                    article=ART20,
                    message=lazy_format(
                        _("符合第二十条：年薪%(pay)s元不低于本单位相同层次科研人员的标准%(same)s元。"), **same
                    ),
                )
            )
    if social_insurance:
        found.append(
            Finding(
                ok=True,
                code="art20.social_insurance_ok",
                article=ART20,
                message=_("符合第二十条：设立基地的单位为博士后研究人员缴纳社会保险费。"),
            )
        )
    else:
        found.append(
            Finding(
                ok=False,
                code="art20.no_social_insurance",
                article=ART20,
                message=_("不符合第二十条：设立基地的单位应为博士后研究人员缴纳社会保险费，尚未记录缴纳。"),
            )
        )
    return found


def pay_year_floor(year: int, schedule: Sequence[tuple[date, int, int]]) -> int:
    """第九条第（五）项 / Art. 9(5): the yearly C-tier floor a year's pay is held to — the one in force on
    1 January of ``year``; a year before the first schedule row takes that row's floor (the earliest standard
    known, not fixed by the measures)."""
    from .establishment import salary_floor_annual

    try:
        return salary_floor_annual(date(year, 1, 1), schedule)
    except ValueError:
        return salary_floor_annual(min(row[0] for row in schedule), schedule)


# --- Art. 16 and Art. 23(8): dispatches -----------------------------------------------------------


class DispatchDestination(models.TextChoices):
    """Where a postdoc is dispatched (第十六条 / Art. 16: 国内外)."""

    DOMESTIC = "domestic", _("国内")
    ABROAD = "abroad", _("国（境）外")


class DispatchPurpose(models.TextChoices):
    """Why a postdoc is dispatched (第十六条 / Art. 16)."""

    EXCHANGE = "exchange", _("科技交流与合作")
    CONFERENCE = "conference", _("参加学术会议")
    SECONDMENT = "secondment", _("挂职")


def dispatch_overdue_days(abroad: bool, planned_return: date, returned_on: date | None, today: date) -> int:
    """第二十三条第（八）项 / Art. 23(8): days an abroad dispatch ran past its planned return.

    Counted to the return date, or to ``today`` while not returned; 0 for domestic dispatches and before
    the planned return date has passed.
    """
    if not abroad:
        return 0
    end = returned_on if returned_on is not None else today
    return max(0, (end - planned_return).days)


def check_dispatch_overdue(
    abroad: bool, planned_return: date, returned_on: date | None, today: date
) -> Finding:
    """第十六条 / Art. 16 and 第二十三条第（八）项 / Art. 23(8): abroad and more than 30 days overdue opens a
    withdrawal case.

    ``art23.8.abroad_overdue`` (failing) from the 31st day after the planned return (also when the postdoc
    came back later than that); otherwise ``art23.8.domestic`` or ``art23.8.within_limit``.
    """
    days = dispatch_overdue_days(abroad, planned_return, returned_on, today)
    article = withdrawal_article(WithdrawalReason.ABROAD_OVERDUE)
    if not abroad:
        return Finding(
            ok=True,
            code="art23.8.domestic",
            article=article,
            message=_("国内派出，不适用第二十三条第（八）项出国逾期不归的规定。"),
        )
    values = {"planned": planned_return.isoformat(), "days": days, "limit": ABROAD_OVERDUE_LIMIT_DAYS}
    if days > ABROAD_OVERDUE_LIMIT_DAYS:
        return Finding(
            ok=False,
            code="art23.8.abroad_overdue",
            article=article,
            message=lazy_format(
                _(
                    "符合第二十三条第（八）项退出情形：出国计划于%(planned)s返回，逾期不归%(days)d天，"
                    "超过%(limit)d天。"
                ),
                **values,
            ),
        )
    return Finding(
        ok=True,
        code="art23.8.within_limit",
        article=article,
        message=lazy_format(
            _("出国派出计划于%(planned)s返回，逾期%(days)d天，未超过第二十三条第（八）项规定的%(limit)d天。"),
            **values,
        ),
    )


# --- Art. 17: assessments -------------------------------------------------------------------------


@dataclass(frozen=True)
class AssessmentIndicator:
    key: str
    label: object  # lazy Chinese label
    weight: int  # percentage points; a base's weights sum to 100


# Art. 17: "注重衡量其在专利、发明、技术创新等方面的成果，重点考察其完成重大基础研究、破解关键核心技术、
# 科技成果转化、承担重大项目、增加企业经济效益、促进产业转型升级、服务地方经济社会发展等方面做出的业绩和贡献".
# Equal weights by default (not fixed by the measures); each base may edit them.
DEFAULT_ASSESSMENT_INDICATORS: tuple[AssessmentIndicator, ...] = (
    AssessmentIndicator("patents", _("专利"), 10),
    AssessmentIndicator("inventions", _("发明"), 10),
    AssessmentIndicator("technical_innovation", _("技术创新"), 10),
    AssessmentIndicator("major_basic_research", _("完成重大基础研究"), 10),
    AssessmentIndicator("key_core_technology", _("破解关键核心技术"), 10),
    AssessmentIndicator("technology_transfer", _("科技成果转化"), 10),
    AssessmentIndicator("major_projects", _("承担重大项目"), 10),
    AssessmentIndicator("economic_benefit", _("增加企业经济效益"), 10),
    AssessmentIndicator("industrial_upgrading", _("促进产业转型升级"), 10),
    AssessmentIndicator("local_development", _("服务地方经济社会发展"), 10),
)


class AssessmentKind(models.TextChoices):
    """The two assessments of 第十七条 / Art. 17."""

    MIDTERM = "midterm", _("中期考核")
    EXIT = "exit", _("出基地考核")


class AssessmentGrade(models.TextChoices):
    """Result of a mid-term or exit assessment (第十七条 / Art. 17; 不合格 is 第二十三条第（三）项)."""

    EXCELLENT = "excellent", _("优秀")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


def midterm_due(entry_date: date, months: int = MIDTERM_DEFAULT_MONTHS) -> date:
    """第十七条 / Art. 17: the mid-term assessment date, ``months`` after entry (12 by default, not fixed by
    the measures)."""
    return add_months(entry_date, months)


def opens_withdrawal(grade: str) -> bool:
    """第二十三条第（三）项 / Art. 23(3): a failed mid-term or exit assessment opens a withdrawal case."""
    return grade == AssessmentGrade.FAIL


def assessment_article(kind: str) -> str:
    """The article an assessment acts under: 第十七条 for the mid-term, 第十八条 for the exit assessment."""
    return ART18 if kind == AssessmentKind.EXIT else ART17


def check_indicator_weights(weights: dict[str, object]) -> list[Finding]:
    """第十七条 / Art. 17: a base's indicator weights are whole, non-negative percentage points summing to 100.

    Failures only (an empty list means the weights are acceptable): ``art17.weight_invalid`` (not a whole
    number, or negative; one per indicator) and ``art17.weight_sum`` (the total is not 100).
    """
    found: list[Finding] = []
    total = 0
    for key, value in weights.items():
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            found.append(
                Finding(
                    False,
                    "art17.weight_invalid",
                    ART17,
                    lazy_format(_("指标“%(key)s”的权重须为不小于0的整数。"), key=key),
                )  # fmt: skip
            )
            continue
        total += value
    if not found and total != 100:
        found.append(
            Finding(
                False,
                "art17.weight_sum",
                ART17,
                lazy_format(_("各项指标权重之和须为100，当前为%(total)s。"), total=total),
            )  # fmt: skip
        )
    return found


# Art. 17 and Art. 7: the assessment is the joint work of "设立基地的单位和博士后科研流动站", with the base's
# academic committee ("专家学术委员会") vouching for the mid-term and exit assessments. The measures fix no
# panel size: three is the smallest panel that seats both sides and still has a majority (a system
# minimum, not fixed by the measures).
ASSESSMENT_PANEL_MIN_MEMBERS = 3


@dataclass(frozen=True)
class AssessmentPanelMember:
    employer: str
    is_chair: bool = False
    is_supervisor: bool = False  # one of the assessed postdoc's two supervisors (Supervisor.expert)
    is_postdoc: bool = False  # the expert's account is the assessed postdoc's own


def check_assessment_panel(
    members: Sequence[AssessmentPanelMember], base_unit: str, station_university: str, article: str = ART17
) -> list[Finding]:
    """第十七条 (mid-term) / 第十八条 (exit): a joint panel of the base's academic committee and the partner
    station's experts.

    Five findings: ``art17.panel_size`` (at least ``ASSESSMENT_PANEL_MIN_MEMBERS``), ``art17.base_member``
    (someone employed by the base's unit), ``art17.station_member`` (someone employed by the station's
    university), ``art17.chair`` (exactly one chair, not one of the postdoc's supervisors: a supervisor
    may sit but not chair), ``art17.self_review`` (the postdoc does not assess themself); each ``.ok`` or
    with the failure's suffix.
    """
    n = len(members)
    found = [
        Finding(True, "art17.panel_size.ok", article, _("考核专家组人数符合要求。"))
        if n >= ASSESSMENT_PANEL_MIN_MEMBERS
        else Finding(
            False,
            "art17.panel_size.too_small",
            article,
            lazy_format(
                _("考核专家组至少需要%(min)d名专家，当前%(n)d名。"), min=ASSESSMENT_PANEL_MIN_MEMBERS, n=n
            ),
        ),  # fmt: skip
        Finding(True, "art17.base_member.ok", article, _("专家组有基地学术委员会（设立基地单位）的专家。"))
        if any(_same_unit(m.employer, base_unit) for m in members)
        else Finding(
            False,
            "art17.base_member.missing",
            article,
            lazy_format(
                _("考核专家组须有设立基地单位（%(unit)s）学术委员会的专家。"), unit=base_unit.strip()
            ),
        ),  # fmt: skip
        Finding(True, "art17.station_member.ok", article, _("专家组有合作流动站的专家。"))
        if any(_same_unit(m.employer, station_university) for m in members)
        else Finding(
            False,
            "art17.station_member.missing",
            article,
            lazy_format(
                _("考核专家组须有合作流动站所在高校（%(unit)s）的专家。"), unit=station_university.strip()
            ),
        ),  # fmt: skip
    ]
    chairs = [m for m in members if m.is_chair]
    if len(chairs) != 1:
        found.append(Finding(False, "art17.chair.missing", article, _("请指定一名专家组成员担任组长。")))
    elif chairs[0].is_supervisor:
        found.append(
            Finding(
                False, "art17.chair.supervisor", article, _("合作导师可以参加考核专家组，但不能担任组长。")
            )
        )
    else:
        found.append(Finding(True, "art17.chair.ok", article, _("组长不是该博士后研究人员的合作导师。")))
    if any(m.is_postdoc for m in members):
        found.append(
            Finding(
                False, "art17.self_review.postdoc", article, _("博士后研究人员本人不能参加对自己的考核。")
            )
        )
    else:
        found.append(Finding(True, "art17.self_review.ok", article, _("专家组成员不含被考核人本人。")))
    return found


# --- Art. 23: withdrawal --------------------------------------------------------------------------


class WithdrawalReason(models.IntegerChoices):
    """The ten withdrawal reasons of 第二十三条 / Art. 23; the value is the item number."""

    NO_DEGREE_CERTIFICATE = 1, _("进入基地半年后仍未取得国家承认的博士学位证书")
    FALSE_MATERIALS = 2, _("提供虚假材料获得进入基地资格")
    ASSESSMENT_FAILED = 3, _("中期考核或出基地考核不合格")
    ACADEMIC_MISCONDUCT = 4, _("严重违反学术道德，弄虚作假，影响恶劣")
    CRIMINAL_LIABILITY = 5, _("被追究刑事责任")
    LABOUR_DISCIPLINE = 6, _("因旷工等行为违反所在单位劳动纪律规定，符合解除劳动（聘用）合同情形")
    ILLNESS = 7, _("因患病等原因难以完成研究工作")
    ABROAD_OVERDUE = 8, _("出国逾期不归超过30天")
    TERM_EXPIRED_OR_OVER_SIX_YEARS = 9, _("合同（协议）期满，无正当理由不办理出基地手续或在基地时间超过6年")
    OTHER = 10, _("其他应予以退出基地的情形")


def withdrawal_article(reason: int) -> str:
    """The item of 第二十三条 / Art. 23 a reason cites: 8 -> 第二十三条第（八）项."""
    number = int(reason)
    if not 1 <= number <= len(WITHDRAWAL_ITEM_NUMERALS):
        raise ValueError(f"no withdrawal reason {reason!r}")
    return f"{ART23}第（{WITHDRAWAL_ITEM_NUMERALS[number - 1]}）项"


def degree_certificate_due(entry_date: date) -> date:
    """第二十三条第（一）项 / Art. 23(1): the last day to hold the doctoral degree certificate, six months
    after entry."""
    return add_months(entry_date, DEGREE_CERTIFICATE_MONTHS)


def degree_certificate_obtained_on(
    degree_date: date | None, certificate_number: str, foreign_degree_verification: str
) -> date | None:
    """第二十三条第（一）项 / Art. 23(1): the day the doctoral degree certificate was obtained, as far as the
    record shows it — the degree date, when a certificate number or a foreign-degree verification evidences
    it; otherwise None (not obtained)."""
    evidenced = bool((certificate_number or "").strip() or (foreign_degree_verification or "").strip())
    return degree_date if evidenced else None


def detect_withdrawal_reasons(
    entry_date: date,
    degree_certificate_on: date | None,
    term_end: date,
    exited: bool,
    today: date,
    abroad_overdue_days: int,
    total_months: int,
    exit_in_progress: bool = False,
) -> list[Finding]:
    """第二十三条 / Art. 23: the reasons detectable from dates, items (1), (8) and (9).

    Four findings, failing ones open a withdrawal case:

    - (1) ``art23.1.no_degree_certificate`` from the day after entry + 6 months without a certificate
      obtained by then; ``art23.1.certificate_obtained`` or ``art23.1.within_window`` otherwise;
    - (8) ``art23.8.abroad_overdue`` when ``abroad_overdue_days`` > 30, else ``art23.8.within_limit``;
    - (9) ``art23.9.term_expired`` from the day after ``term_end`` while not exited and no exit or extension
      is being handled (``exit_in_progress``), else ``art23.9.exit_in_progress``, ``art23.9.term_current``
      (or ``art23.9.exited``);
    - (9) ``art23.9.over_six_years`` when ``total_months`` > 72 or, while not exited, ``today`` is past
      6 years after entry; else ``art23.9.within_six_years``.
    """
    found: list[Finding] = []
    art1 = withdrawal_article(WithdrawalReason.NO_DEGREE_CERTIFICATE)
    due = degree_certificate_due(entry_date)
    if degree_certificate_on is not None and degree_certificate_on <= due:
        found.append(
            Finding(
                ok=True,
                code="art23.1.certificate_obtained",
                article=art1,
                message=lazy_format(
                    _("不适用第二十三条第（一）项：已于%(on)s取得博士学位证书。"),
                    on=degree_certificate_on.isoformat(),
                ),
            )
        )
    elif today > due or degree_certificate_on is not None:
        found.append(
            Finding(
                ok=False,
                code="art23.1.no_degree_certificate",
                article=art1,
                message=lazy_format(
                    _(
                        "符合第二十三条第（一）项退出情形：%(entry)s进基地，至%(due)s仍未取得国家承认的博士学位证书。"
                    ),
                    entry=entry_date.isoformat(),
                    due=due.isoformat(),
                ),
            )
        )
    else:
        found.append(
            Finding(
                ok=True,
                code="art23.1.within_window",
                article=art1,
                message=lazy_format(
                    _("第二十三条第（一）项：尚未取得博士学位证书，须于%(due)s前取得。"), due=due.isoformat()
                ),
            )
        )
    art8 = withdrawal_article(WithdrawalReason.ABROAD_OVERDUE)
    if abroad_overdue_days > ABROAD_OVERDUE_LIMIT_DAYS:
        found.append(
            Finding(
                ok=False,
                code="art23.8.abroad_overdue",
                article=art8,
                message=lazy_format(
                    _("符合第二十三条第（八）项退出情形：出国逾期不归%(days)d天，超过%(limit)d天。"),
                    days=abroad_overdue_days,
                    limit=ABROAD_OVERDUE_LIMIT_DAYS,
                ),
            )
        )
    else:
        found.append(
            Finding(
                ok=True,
                code="art23.8.within_limit",
                article=art8,
                message=lazy_format(
                    _("不适用第二十三条第（八）项：没有出国逾期不归超过%(limit)d天的记录。"),
                    limit=ABROAD_OVERDUE_LIMIT_DAYS,
                ),
            )
        )
    art9 = withdrawal_article(WithdrawalReason.TERM_EXPIRED_OR_OVER_SIX_YEARS)
    if exited:
        found.append(
            Finding(
                ok=True,
                code="art23.9.exited",
                article=art9,
                message=_("不适用第二十三条第（九）项：已办理出基地手续。"),
            )
        )
    elif today > term_end and exit_in_progress:
        # "无正当理由不办理出基地手续": an exit applied for, or an extension awaiting its decision, is being
        # handled, so the expired term alone opens no case.
        found.append(
            Finding(
                ok=True,
                code="art23.9.exit_in_progress",
                article=art9,
                message=lazy_format(
                    _("不适用第二十三条第（九）项：合同（协议）已于%(end)s期满，出基地或延期正在办理。"),
                    end=term_end.isoformat(),
                ),
            )
        )
    elif today > term_end:
        found.append(
            Finding(
                ok=False,
                code="art23.9.term_expired",
                article=art9,
                message=lazy_format(
                    _("符合第二十三条第（九）项退出情形：合同（协议）已于%(end)s期满，尚未办理出基地手续。"),
                    end=term_end.isoformat(),
                ),
            )
        )
    else:
        found.append(
            Finding(
                ok=True,
                code="art23.9.term_current",
                article=art9,
                message=lazy_format(
                    _("不适用第二十三条第（九）项：合同（协议）至%(end)s期满。"), end=term_end.isoformat()
                ),
            )
        )
    six_years_end = add_months(entry_date, MAX_STAY_MONTHS) - timedelta(days=1)
    if total_months > MAX_STAY_MONTHS or (not exited and today > six_years_end):
        found.append(
            Finding(
                ok=False,
                code="art23.9.over_six_years",
                article=art9,
                message=lazy_format(
                    _("符合第二十三条第（九）项退出情形：%(entry)s进基地，在基地时间超过6年。"),
                    entry=entry_date.isoformat(),
                ),
            )
        )
    else:
        found.append(
            Finding(
                ok=True,
                code="art23.9.within_six_years",
                article=art9,
                message=_("不适用第二十三条第（九）项：在基地时间未超过6年。"),
            )
        )
    return found


def entitled_to_exit_policies(exited_normally: bool, withdrawn: bool) -> bool:
    """第二十三条 / Art. 23, last paragraph: only a normal exit carries the policies for postdocs who exit at
    the end of their term (Art. 22 included); a withdrawn postdoc has none."""
    return exited_normally and (WITHDRAWN_ENTITLED_TO_EXIT_POLICIES or not withdrawn)


# --- Art. 22: the deputy-senior title route -------------------------------------------------------


def check_title_route(
    exited_normally: bool,
    withdrawn: bool,
    stays_in_region: bool,
    national_funded: bool,
    cpsf_grant: bool,
    led_provincial_project: bool,
) -> list[Finding]:
    """第二十二条 / Art. 22: may the postdoc apply directly for a deputy-senior title (副高级职称) on the
    employer's recommendation?

    Four findings, all must pass: ``art22.exited`` / ``art22.not_exited``; ``art22.not_withdrawn`` /
    ``art22.withdrawn`` (Art. 23, last paragraph); ``art22.stays_in_region`` / ``art22.left_region``;
    ``art22.achievement`` (naming which of (a) national funded programme, (b) CPSF grant, (c) leading a
    provincial-or-ministerial-level or higher project were met) / ``art22.no_achievement``.
    """
    found: list[Finding] = []
    if exited_normally:
        found.append(
            Finding(ok=True, code="art22.exited", article=ART22, message=_("符合第二十二条：已期满出基地。"))
        )
    else:
        found.append(
            Finding(
                ok=False,
                code="art22.not_exited",
                article=ART22,
                message=_("不符合第二十二条：尚未期满出基地，出基地后方可按第二十二条申报。"),
            )
        )
    if withdrawn:
        found.append(
            Finding(
                ok=False,
                code="art22.withdrawn",
                article=ART23,
                message=_("不符合第二十二条：已退出基地，按第二十三条不享受期满出站博士后的相关政策。"),
            )
        )
    else:
        found.append(
            Finding(
                ok=True,
                code="art22.not_withdrawn",
                article=ART23,
                message=_("符合第二十二条：未被作退出基地处理（第二十三条）。"),
            )
        )
    if stays_in_region:
        found.append(
            Finding(
                ok=True,
                code="art22.stays_in_region",
                article=ART22,
                message=_("符合第二十二条：出基地后留在内蒙古自治区工作。"),
            )
        )
    else:
        found.append(
            Finding(
                ok=False,
                code="art22.left_region",
                article=ART22,
                message=_("不符合第二十二条：出基地后未留在内蒙古自治区工作。"),
            )
        )
    met = [
        label
        for flag, label in (
            (national_funded, _("获选国家资助博士后研究人员计划")),
            (cpsf_grant, _("获得中国博士后科学基金资助")),
            (led_provincial_project, _("主持省部级以上项目")),
        )
        if flag
    ]
    if met:
        found.append(
            Finding(
                ok=True,
                code="art22.achievement",
                article=ART22,
                message=lazy_format(
                    _("符合第二十二条：在站期间%(met)s，经用人单位推荐可直接申报副高级职称。"),
                    met=lazy_join(_ENUM_SEPARATOR, met),
                ),
            )
        )
    else:
        found.append(
            Finding(
                ok=False,
                code="art22.no_achievement",
                article=ART22,
                message=_(
                    "不符合第二十二条：在站期间未获选国家资助博士后研究人员计划、未获得中国博士后科学基金资助，"
                    "也未主持省部级以上项目。"
                ),
            )
        )
    return found


# --- Names ----------------------------------------------------------------------------------------

MIDDLE_DOT = "·"  # U+00B7, the separator of transliterated names (巴特尔·朝鲁)
# Look-alikes typed for the middle dot: katakana middle dot, its half-width form, bullet, hyphenation
# point, bullet operator, dot operator, one dot leader, full-width full stop.
MIDDLE_DOT_VARIANTS = "・･•‧∙⋅․．"
# Format characters of the Mongolian script (free variation selectors, vowel separator, narrow no-break
# space), accepted inside names written in traditional Mongolian.
_MONGOLIAN_FORMAT = {"\u180b", "\u180c", "\u180d", "\u180e", "\u180f", "\u202f"}
_NAME_PUNCTUATION = {MIDDLE_DOT, " ", "-", "'"}


def normalize_person_name(name: str) -> str:
    """NFC, trimmed, inner whitespace collapsed, every middle-dot look-alike as U+00B7 with no spaces
    around it: " 巴特尔 ・ 朝鲁 " -> "巴特尔·朝鲁"."""
    text = unicodedata.normalize("NFC", name or "")
    for variant in MIDDLE_DOT_VARIANTS:
        text = text.replace(variant, MIDDLE_DOT)
    text = " ".join(text.split())
    return text.replace(f" {MIDDLE_DOT}", MIDDLE_DOT).replace(f"{MIDDLE_DOT} ", MIDDLE_DOT)


def check_person_name(name: str) -> Finding:
    """A postdoc's or supervisor's name, normalised first (``normalize_person_name``).

    Accepts Chinese names, transliterated names with middle dots (巴特尔·朝鲁), long Mongolian-origin
    names, names in traditional Mongolian script and Latin-script passport names. Codes ``name.ok``,
    ``name.empty``, ``name.too_long`` (over 50 characters), ``name.digits``, ``name.invalid_chars``, ``name.no_letters``,
    ``name.misplaced_dot`` (at either end or doubled). No article: a system rule.
    """
    text = normalize_person_name(name if isinstance(name, str) else "")
    if not text:
        return Finding(ok=False, code="name.empty", article="", message=_("请填写姓名。"))
    if len(text) > PERSON_NAME_MAX_LENGTH:
        return Finding(
            ok=False,
            code="name.too_long",
            article="",
            message=lazy_format(
                _("姓名不能超过%(max)d个字符，现为%(length)d个字符。"),
                max=PERSON_NAME_MAX_LENGTH,
                length=len(text),
            ),
        )
    if any(char.isdigit() for char in text):
        return Finding(ok=False, code="name.digits", article="", message=_("姓名不能包含数字。"))
    bad = sorted(
        {
            char
            for char in text
            if not (
                char.isalpha()
                or unicodedata.category(char) in ("Mn", "Mc")
                or char in _MONGOLIAN_FORMAT
                or char in _NAME_PUNCTUATION
            )
        }
    )
    if not bad and not any(char.isalpha() for char in text):
        return Finding(ok=False, code="name.no_letters", article="", message=_("姓名须包含文字。"))
    if bad:
        return Finding(
            ok=False,
            code="name.invalid_chars",
            article="",
            message=lazy_format(_("姓名含有不允许的字符：%(chars)s"), chars=" ".join(bad)),
        )
    if text.startswith(MIDDLE_DOT) or text.endswith(MIDDLE_DOT) or MIDDLE_DOT * 2 in text:
        return Finding(
            ok=False,
            code="name.misplaced_dot",
            article="",
            message=_("姓名中的间隔号“·”只能用于两段姓名之间。"),
        )
    return Finding(ok=True, code="name.ok", article="", message=lazy_format(_("姓名：%(name)s"), name=text))
