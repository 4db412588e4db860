"""Art. 17 (考核) and Art. 18: the indicator system, mid-term and exit assessments, grades and the joint
panel."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..articles import ART17, ART18
from ..common import add_months
from ..findings import Finding, lazy_format
from .supervisors import same_unit

# Art. 17 requires mid-term and exit assessments but fixes no date: 12 months after entry by default,
# not fixed by the measures, configurable per base.
MIDTERM_DEFAULT_MONTHS = 12


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
        if any(same_unit(m.employer, base_unit) for m in members)
        else Finding(
            False,
            "art17.base_member.missing",
            article,
            lazy_format(
                _("考核专家组须有设立基地单位（%(unit)s）学术委员会的专家。"), unit=base_unit.strip()
            ),
        ),  # fmt: skip
        Finding(True, "art17.station_member.ok", article, _("专家组有合作流动站的专家。"))
        if any(same_unit(m.employer, station_university) for m in members)
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
