"""Art. 14 (合同与在基地时间): the contract type by the unit's nature and the term of the stay — 2 years usually,
2 to 4 flexibly, longer for major projects, never over 6 years in all (also Art. 23(9))."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..articles import ART14
from ..common import add_months
from ..findings import Finding, lazy_format

# Art. 14: "一般为2年，根据项目需要可在2至4年内灵活确定……最长不超过6年".
DEFAULT_TERM_MONTHS = 24
MIN_TERM_MONTHS = 24
MAX_TERM_MONTHS = 48
MAX_TERM_WITH_MAJOR_PROJECT_MONTHS = 72
# Art. 23(9): "在基地时间超过6年".
MAX_STAY_MONTHS = 72


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
