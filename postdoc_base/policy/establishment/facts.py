"""The inputs of the chapter 3 checks: unit and application facts filled in by the caller, the choices
they use (affiliation, nature, priority category) and the parameters the measures leave open."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..findings import Finding
from ..salary import CURRENT_DEFAULT_FLOOR_YUAN

# Art. 24: "3年后方可再次申请设立".
REAPPLICATION_BAN_YEARS = 3
# Art. 9(3): "有一定数量……可担任博士后合作导师的本单位全职科研人员" — not fixed by the measures; a parameter.
DEFAULT_MIN_SUPERVISING_RESEARCHERS = 1


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
    min_supervising_researchers: int = DEFAULT_MIN_SUPERVISING_RESEARCHERS
    salary_floor_annual_yuan: int = CURRENT_DEFAULT_FLOOR_YUAN  # C tier in force on the date checked (caller)
    reapplication_ban_years: int = REAPPLICATION_BAN_YEARS  # Art. 24

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
