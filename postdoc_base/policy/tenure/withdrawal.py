"""Art. 23 (退出基地): the ten reasons, the ones the dates reveal (items 1, 8, 9), and the loss of the exit
policies."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..articles import ART23
from ..common import add_months, person_date
from ..findings import Finding, lazy_format
from .term import MAX_STAY_MONTHS

# Art. 23(8): "出国逾期不归超过30天".
ABROAD_OVERDUE_LIMIT_DAYS = 30
WITHDRAWAL_ITEM_NUMERALS = ("一", "二", "三", "四", "五", "六", "七", "八", "九", "十")
# Art. 23(1): "进入基地半年后仍未取得国家承认的博士学位证书".
DEGREE_CERTIFICATE_MONTHS = 6
# Art. 23, last paragraph: "退出基地的博士后研究人员，不享受国家、自治区对期满出站博士后研究人员规定的相关政策".
WITHDRAWN_ENTITLED_TO_EXIT_POLICIES = False


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


def dispatch_overdue_days(abroad: bool, planned_return: date, returned_on: date | None, today: date) -> int:
    """第二十三条第（八）项 / Art. 23(8): days an abroad dispatch ran past its planned return.

    Counted to the return date, or to ``today`` while not returned; 0 for domestic dispatches and before
    the planned return date has passed.
    """
    if not abroad:
        return 0
    end = returned_on if returned_on is not None else today
    return max(0, (end - planned_return).days)


def abroad_overdue_if_planned_before(today: date) -> date:
    """第二十三条第（八）项 / Art. 23(8): an abroad dispatch not back is more than 30 days overdue ``today`` exactly
    when its planned return is before the day this returns (planned 1 March: overdue from 1 April). The
    sweep's SQL reads only those; ``is_abroad_overdue`` states the same rule in days."""
    return today - timedelta(days=ABROAD_OVERDUE_LIMIT_DAYS)


def is_abroad_overdue(overdue_days: int) -> bool:
    """第二十三条第（八）项 / Art. 23(8) "出国逾期不归超过30天": more than the limit, so day 31 is the first."""
    return overdue_days > ABROAD_OVERDUE_LIMIT_DAYS


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
                    on=person_date(degree_certificate_on),
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
                    entry=person_date(entry_date),
                    due=person_date(due),
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
                    _("第二十三条第（一）项：尚未取得博士学位证书，须于%(due)s前取得。"), due=person_date(due)
                ),
            )
        )
    art8 = withdrawal_article(WithdrawalReason.ABROAD_OVERDUE)
    if is_abroad_overdue(abroad_overdue_days):
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
                    end=person_date(term_end),
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
                    end=person_date(term_end),
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
                    _("不适用第二十三条第（九）项：合同（协议）至%(end)s期满。"), end=person_date(term_end)
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
                    entry=person_date(entry_date),
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
