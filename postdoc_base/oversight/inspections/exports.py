"""Excel export of the self-inspection list (自查, Art. 25): the list's scope and filters."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from postdoc_base.exports.registry import xlsx_export
from postdoc_base.web.exports import choice_label
from postdoc_base.web.pages import int_param, state_param

from .enums import InspectionState
from .selectors import INSPECTION_LIST, inspections_visible_to, with_issue_counts

INSPECTION_COLUMNS = (
    (_("基地"), lambda i: i.base.name),
    (_("盟市"), lambda i: i.base.unit.bureau.name if i.base.unit.bureau_id else ""),
    (_("自查期间"), lambda i: i.period_label),
    (_("状态"), choice_label("state")),
    (_("发现问题数"), lambda i: i.issue_count),
    (_("未整改问题数"), lambda i: i.open_issue_count),
    (_("自查结论"), choice_label("conclusion")),
    (_("完成日期"), lambda i: i.closed_on),
)


@xlsx_export("inspections", columns=INSPECTION_COLUMNS, sheet=_("自查"), filename_prefix="inspections")
def inspection_export(request):
    """The self-inspection list (Art. 25) as .xlsx, filtered by ``?state=`` and ``?year=``."""
    return INSPECTION_LIST.filter(
        with_issue_counts(inspections_visible_to(request.user)),
        state=state_param(request, InspectionState),
        year=int_param(request.GET.get("year")),
    )
