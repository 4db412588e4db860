"""Art. 9 (申请条件): the five application conditions, all required."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..articles import ART9
from ..common import blank, yuan
from ..findings import Finding, item_finding, lazy_format
from ..salary import below_c_tier
from .facts import ApplicationFacts, EstablishmentParams, UnitFacts


def _check_art9_1(unit: UnitFacts) -> Finding:
    """第九条第（一）项 / Art. 9(1): independent legal person, registered in the region, operating well."""
    problems: list[tuple[str, object]] = []
    if not unit.independent_legal_person:
        problems.append(("not_independent_legal_person", _("不具有独立法人资格")))
    if not unit.registered_in_region:
        problems.append(("not_registered_in_region", _("注册地不在内蒙古自治区范围内")))
    if not unit.operating_well:
        problems.append(("not_operating_well", _("运行或经营状况不良")))
    return item_finding(
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
    elif blank(app.rnd_institution):
        problems.append(("rnd_institution_blank", _("未说明科学研究开发机构及其研究开发条件")))
    return item_finding(
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
    if blank(app.recruitment_plan):
        problems.append(("recruitment_plan_blank", _("没有明确的博士后招收计划")))
    if app.research_project_count < 1:
        problems.append(("no_research_project", _("未提出博士后研究项目")))
    return item_finding(
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
    if blank(app.research_conditions):
        problems.append(("research_conditions_blank", _("未说明能为博士后提供的科研条件")))
    if blank(app.living_conditions):
        problems.append(("living_conditions_blank", _("未说明能为博士后提供的生活条件")))
    if pay is None:
        problems.append(
            (
                "pay_not_stated",
                lazy_format(
                    _("未填写拟提供的年薪，年薪不得低于国家资助博士后研究人员计划C档标准%(floor)s元"),
                    floor=yuan(floor),
                ),
            )
        )
    elif below_c_tier(pay, floor):
        problems.append(
            (
                "salary_below_floor",
                lazy_format(
                    _("拟提供的年薪%(pay)s元低于国家资助博士后研究人员计划C档标准%(floor)s元"),
                    pay=yuan(pay),
                    floor=yuan(floor),
                ),
            )
        )
    return item_finding(
        ART9[4],
        "art9.5",
        problems,
        lazy_format(
            _(
                "符合第九条第（五）项：有博士后工作管理办法和必要的科研、生活条件，拟提供的年薪%(pay)s元"
                "不低于国家资助博士后研究人员计划C档标准%(floor)s元。"
            ),
            pay=yuan(pay or 0),
            floor=yuan(floor),
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
