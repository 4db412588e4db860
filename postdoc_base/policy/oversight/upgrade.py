"""第二十四条 / Art. 24, second sentence: "基地所在单位获批设立博士后科研工作站的，基地资格自动注销，在站博士后研究人员
补齐设站相关待遇" — a unit approved to set up a postdoc workstation loses the base (automatically), and its postdocs in the
base are brought up to what a workstation's postdocs have.

The measures do not list those treatments; the system's checklist (the region may refine the wording) is
``TREATMENT_ITEMS``, each item cited to Art. 24. The unit completes every item, the region confirms the list."""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from ..articles import ART24
from ..common import person_date
from ..findings import Finding, lazy_format
from .revocation import DOCUMENT_NUMBER


class TreatmentItem(NamedTuple):
    key: str
    label: object


# 补齐设站相关待遇: what a postdoc of a workstation has that the unit must now give each postdoc who was in the base.
TREATMENT_ITEMS = (
    TreatmentItem("filing", _("按博士后科研工作站进站程序补办进站备案手续")),
    TreatmentItem("agreement", _("与合作流动站、博士后研究人员重新确认联合招收培养协议")),
    TreatmentItem("pay", _("工资福利、社会保险和住房公积金按工作站博士后标准落实")),
    TreatmentItem("funding", _("日常经费和科研经费按工作站标准落实")),
    TreatmentItem("policies", _("落实博士后研究人员户籍、子女入学、职称评审等相关政策待遇")),
)


def check_treatments_complete(done: dict[str, date | None]) -> list[Finding]:
    """The failing findings for the items of ``TREATMENT_ITEMS`` not yet done (``done``: key -> day done)."""
    return [
        Finding(
            False,
            "art24.treatment_missing",
            ART24,
            lazy_format(_("尚未补齐：%(item)s。"), item=item.label),
        )  # fmt: skip
        for item in TREATMENT_ITEMS
        if done.get(item.key) is None
    ]


def check_workstation_approval(
    approved_on: date | None, document_number: str, filed_on: date, today: date
) -> list[Finding]:
    """The failing findings for recording a workstation approval: the day it was approved (not in the future, not
    before the base was filed: a unit with a workstation could not have applied, Art. 2) and its document number
    written as official documents are."""
    refused = []
    if approved_on is None:
        refused.append(Finding(False, "art24.no_approval_date", ART24, _("请填写获批设立工作站的日期。")))
    elif approved_on > today:
        refused.append(Finding(False, "art24.approval_in_future", ART24, _("获批日期不能晚于今天。")))
    elif approved_on < filed_on:
        refused.append(Finding(
            False, "art24.approval_before_filing", ART24,
            lazy_format(_("获批日期不能早于基地备案日期（%(filed)s）。"), filed=person_date(filed_on)),
        ))  # fmt: skip
    if not DOCUMENT_NUMBER.match((document_number or "").strip()):
        refused.append(Finding(
            False, "art24.bad_approval_document", ART24,
            _("请按“机关代字〔年份〕序号号”填写批准文号，例如：人社部函〔2028〕35号。"),
        ))  # fmt: skip
    return refused
