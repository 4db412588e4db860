"""Excel export of the appointment list (进基地, Arts. 13-15); the rules every export follows are in
``tenure/sheets.py``."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from postdoc_base.exports.registry import xlsx_export
from postdoc_base.web.exports import choice_label, narrowed
from postdoc_base.web.pages import int_param, state_param

from ..sheets import _station, _yes_no
from .enums import AppointmentState
from .selectors import appointments_visible_to, filter_appointments

APPOINTMENT_COLUMNS = (
    (_("博士后研究人员"), lambda a: a.postdoc.name),
    (_("证件号码"), lambda a: a.postdoc.masked_id),
    (_("基地"), lambda a: a.base.name),
    (_("合作流动站"), lambda a: _station(a.station)),
    (_("合同类型"), choice_label("contract_type")),
    (_("在基地期限（月）"), lambda a: a.term_months),
    (_("已延期（月）"), lambda a: a.extended_months),
    (_("进基地日期"), lambda a: a.entry_date),
    (_("期满日期"), lambda a: a.term_ends_on),
    (_("进站备案截止日期"), lambda a: a.entry_filing_due),
    (_("进站备案报送日期"), lambda a: a.entry_filing_submitted_on),
    (_("进站备案日期"), lambda a: a.entry_filed_on),
    (_("逾期备案"), lambda a: _yes_no(a.entry_filing_late)),
    (_("状态"), choice_label("state")),
    (_("出基地日期"), lambda a: a.exit_date),
    (_("出基地去向"), choice_label("destination")),
)


# What the columns read: of the appointment, and of the objects it links to.
EXPORT_OWN = ("contract_type", "term_months", "extended_months", "entry_date", "entry_filing_submitted_on",
              "entry_filed_on", "entry_filing_late", "state", "exit_date", "destination")  # fmt: skip
EXPORT_READS = {
    "postdoc": ("name", "id_type", "id_number"),
    "base": ("name",),
    "station": ("university", "discipline"),
}


@xlsx_export("appointments", columns=APPOINTMENT_COLUMNS, sheet=_("进基地"), filename_prefix="appointments")
def appointment_export(request):
    """The appointment list (进基地, Arts. 13-15) as .xlsx, filtered by ``?state=`` and ``?base=``."""
    rows = filter_appointments(
        appointments_visible_to(request.user),
        state=state_param(request, AppointmentState),
        base_id=int_param(request.GET.get("base")),
    )
    return narrowed(rows, EXPORT_READS, own=EXPORT_OWN)
