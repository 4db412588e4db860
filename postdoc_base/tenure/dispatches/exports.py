"""Excel export of the dispatch list (派出, Art. 16); the rules every export follows are in
``tenure/sheets.py``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from postdoc_base.exports.registry import xlsx_export
from postdoc_base.web.exports import choice_label
from postdoc_base.web.pages import state_param

from .enums import DispatchState
from .selectors import dispatches_visible_to

DISPATCH_COLUMNS = (
    (_("博士后研究人员"), lambda d: d.appointment.postdoc.name),
    (_("基地"), lambda d: d.appointment.base.name),
    (_("派出地域"), choice_label("destination")),
    (_("派出事由"), choice_label("purpose")),
    (_("派往单位或地点"), lambda d: d.place),
    (_("计划派出日期"), lambda d: d.planned_start),
    (_("计划返回日期"), lambda d: d.planned_return),
    (_("实际返回日期"), lambda d: d.returned_on),
    (_("状态"), choice_label("state")),
)


@xlsx_export("dispatches", columns=DISPATCH_COLUMNS, sheet=_("派出"), filename_prefix="dispatches")
def dispatch_export(request):
    """The dispatch list (派出, Art. 16) as .xlsx, filtered by ``?state=``."""
    qs = dispatches_visible_to(request.user)
    if state := state_param(request, DispatchState):
        qs = qs.filter(state=state)
    return qs
