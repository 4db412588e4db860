"""Art. 2 and Art. 24 (who may apply): units without a postdoc station or workstation, and the three-year
ban after a revocation."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from ..articles import ART2, ART24
from ..common import add_years, person_date
from ..findings import Finding, failures, lazy_format
from .facts import EstablishmentParams, UnitFacts


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


# What the later steps say for each cause ``check_no_station`` finds, naming the unit: a bureau forwards and the
# region files many units' applications together, so the reason must say whose application is held.
_STILL_NO_STATION_MESSAGES = {
    "art2.has_mobile_station": _(
        "不符合第二条：申报单位“%(unit)s”已设立博士后科研流动站，不能设立为博士后创新实践基地，"
        "本申请不能继续办理。"
    ),
    "art2.has_workstation": _(
        "不符合第二条：申报单位“%(unit)s”已设立博士后科研工作站，不能设立为博士后创新实践基地，"
        "本申请不能继续办理（第二十四条：基地获批设立博士后科研工作站的，其基地资格自动注销）。"
    ),
}


def check_still_no_station(unit: UnitFacts, unit_name: str) -> list[Finding]:
    """第二条 / Art. 2, read with 第二十四条 / Art. 24: re-checked at every step after submission.

    A unit that sets up a postdoc mobile station or workstation while its application is in review (with the
    department, the bureau, the experts or in the public notice) no longer meets Art. 2, which admits only units
    without either; Art. 24 says the same of a filed base (获批设立博士后科研工作站的，其基地资格自动注销). So
    the department's consent, the bureau's recommendation and forwarding, the region's expert review and pass
    and the filing each ask again. The facts are ``check_no_station``'s (one rule); the messages name the unit.
    Codes as there: ``art2.has_mobile_station``, ``art2.has_workstation`` (failing), or ``art2.ok``.
    """
    found = [
        Finding(
            ok=False,
            code=f.code,
            article=ART2,
            message=lazy_format(_STILL_NO_STATION_MESSAGES[f.code], unit=unit_name),
        )
        for f in failures(check_no_station(unit))
    ]
    return found or [
        Finding(
            ok=True,
            code="art2.ok",
            article=ART2,
            message=lazy_format(
                _("符合第二条：申报单位“%(unit)s”未设立博士后科研流动站或工作站。"), unit=unit_name
            ),
        )
    ]


def reapplication_allowed_from(revoked_on: date, params: EstablishmentParams | None = None) -> date:
    """第二十四条 / Art. 24: the first day a unit whose base filing was cancelled may apply again."""
    params = params or EstablishmentParams()
    return add_years(revoked_on, params.reapplication_ban_years)


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
        "revoked": person_date(unit.base_revoked_on),
        "years": params.reapplication_ban_years,
        "allowed": person_date(allowed),
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
