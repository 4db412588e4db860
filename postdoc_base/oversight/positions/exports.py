"""Excel exports of positions (岗位, Art. 21) and of the exit destinations report: the pages' scopes and filters."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext_lazy as _

from postdoc_base.exports.registry import xlsx_export
from postdoc_base.web.exports import YEAR, choice_label
from postdoc_base.web.pages import int_param

from .selectors import DESTINATIONS, exit_destinations_for
from .views import _listed

# The contact stays on the page: interest (who wants the position) is never exported.
POSITION_COLUMNS = (
    (_("岗位名称"), lambda p: p.title),
    (_("用人单位"), lambda p: p.employer),
    (_("所在盟市"), lambda p: p.bureau.name if p.bureau_id else _("全区")),
    (_("薪酬待遇"), lambda p: p.salary),
    (_("联系方式"), lambda p: p.contact),
    (_("截止日期"), lambda p: p.closes_on),
    (_("状态"), choice_label("state")),
)


@xlsx_export("positions", columns=POSITION_COLUMNS, sheet=_("岗位"), filename_prefix="positions")
def position_export(request):
    """The position list (Art. 21) as .xlsx, filtered by ``?state=`` and ``?bureau=``."""
    return _listed(request)


class RowList(list):
    """The report's rows (a handful per bureau and year) in the shape an export reads from a queryset."""

    def count(self, *args) -> int:  # noqa: D102 - the queryset's count(), not list.count(value)
        return len(self)

    def iterator(self, chunk_size=None):
        return iter(self)


DESTINATION_COLUMNS = (
    (_("盟市"), lambda r: r.bureau_name or _("未归属盟市")),
    (_("出基地年度"), lambda r: r.year, YEAR),
    *((d.label, (lambda r, i=i: r.cells[i])) for i, d in enumerate(DESTINATIONS)),
    (_("未登记去向"), lambda r: r.cells[len(DESTINATIONS)]),
    (_("合计"), lambda r: r.total),
)


@xlsx_export("exit_destinations", columns=DESTINATION_COLUMNS, sheet=_("出基地去向"),
             filename_prefix="exit-destinations")  # fmt: skip
def exit_destination_export(request):
    """The exit destinations report (Art. 21) as .xlsx, filtered by ``?year=``."""
    rows = exit_destinations_for(request.user, int_param(request.GET.get("year")))
    if rows is None:
        raise Http404
    return RowList(rows)
