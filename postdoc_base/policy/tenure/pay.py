"""Art. 9(5) and Art. 20 (薪酬与社会保险): a postdoc's yearly pay against the C tier and the unit's
same-level researchers, and social insurance."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..articles import ART9_5, ART20
from ..common import yuan
from ..findings import Finding, lazy_format
from ..salary import below_c_tier, pay_year_floor  # noqa: F401  (pay_year_floor: re-exported)


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
    values = {"pay": yuan(annual_pay_yuan), "floor": yuan(c_tier_floor_yuan)}
    if below_c_tier(annual_pay_yuan, c_tier_floor_yuan):
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
        same = {"pay": yuan(annual_pay_yuan), "same": yuan(same_level_pay_yuan)}
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
