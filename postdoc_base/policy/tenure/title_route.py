"""Art. 22 (直接申报副高级职称): who may apply directly for a deputy-senior title after exit."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from ..articles import ART22, ART23
from ..common import ENUM_SEPARATOR
from ..findings import Finding, lazy_format, lazy_join


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
                    met=lazy_join(ENUM_SEPARATOR, met),
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
