"""Excel exports of the funding list and of its totals (Art. 19): the same scope and filters as the pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from postdoc_base.exports.registry import xlsx_export
from postdoc_base.policy.oversight.funding import FundingSource
from postdoc_base.web.exports import YEAR, choice_label

from .selectors import TOTAL_GROUPS, funding_totals
from .views import filtered_funding

FUNDING_COLUMNS = (
    (_("基地"), lambda r: r.base.name),
    (_("备案号"), lambda r: r.base.filing_number),
    (_("盟市"), lambda r: r.base.unit.bureau.name if r.base.unit.bureau_id else ""),
    (_("年度"), lambda r: r.year, YEAR),
    (_("经费来源"), choice_label("source")),
    (_("金额（元）"), lambda r: r.amount),
    (_("用途"), lambda r: r.purpose),
    (_("博士后研究人员"), lambda r: r.appointment.postdoc.name if r.appointment_id else ""),
    (_("政策文件名称"), lambda r: r.policy_title),
    (_("政策文件文号"), lambda r: r.policy_number),
    (_("备注"), lambda r: r.note),
)


@xlsx_export("funding", columns=FUNDING_COLUMNS, sheet=_("经费记录"), filename_prefix="funding")
def funding_export(request):
    """The funding list (Art. 19) as .xlsx: the page's scope and filters."""
    return filtered_funding(request)


def totals_by(request) -> str:
    by = request.GET.get("by") or ""
    return by if by in TOTAL_GROUPS else "base"


def _sum_columns() -> tuple:
    return (
        *((label, lambda row, key=f"{value}_total": row[key]) for value, label in FundingSource.choices),
        (_("合计（元）"), lambda row: row["total"]),
    )


_GROUP_COLUMNS = {
    "base": ((_("基地"), lambda row: row["base__name"]), (_("备案号"), lambda row: row["base__filing_number"]),
             (_("盟市"), lambda row: row["base__unit__bureau__name"] or "")),
    "bureau": ((_("盟市"), lambda row: row["base__unit__bureau__name"] or ""),),
    "year": ((_("年度"), lambda row: row["year"], YEAR),),
}  # fmt: skip


def totals_columns(request):
    """The grouping's columns, then each source's sum (元) and the total."""
    return (*_GROUP_COLUMNS[totals_by(request)], *_sum_columns())


@xlsx_export("funding_totals", columns=totals_columns, sheet=_("经费汇总"), filename_prefix="funding-totals")
def funding_totals_export(request):
    """The funding totals (Art. 19) per base (``?by=base``, default), per bureau or per year, over the list's
    scope and filters."""
    return funding_totals(filtered_funding(request), totals_by(request))
