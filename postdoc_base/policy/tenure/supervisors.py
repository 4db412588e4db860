"""Art. 15 (双导师制): one supervisor from the partner station, one named by the base."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..articles import ART15
from ..findings import Finding, lazy_format


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


def same_unit(a: str, b: str) -> bool:
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
        if any(same_unit(s.employer, unit_of(s)) for s in on_side):
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
