"""Excel export of the withdrawal case list (退出基地, Art. 23); the rules every export follows are in
``tenure/sheets.py``."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.exports.registry import xlsx_export
from postdoc_base.web.exports import choice_label
from postdoc_base.web.pages import state_param

from ..sheets import _station
from .enums import WithdrawalState
from .selectors import withdrawals_visible_to

# The facts and evidence stay on the case page: they may carry personal details the list never shows.
WITHDRAWAL_COLUMNS = (
    (_("博士后研究人员"), lambda c: c.appointment.postdoc.name),
    (_("基地"), lambda c: c.appointment.base.name),
    (_("合作流动站"), lambda c: _station(c.appointment.station)),
    (_("退出事由"), lambda c: f"{c.article}：{c.get_reason_display()}"),
    (_("提出日期"), lambda c: timezone.localdate(c.created_at)),  # Excel takes no time zones
    (_("状态"), choice_label("state")),
    (_("决定依据"), lambda c: c.decision_article),
    (_("决定日期"), lambda c: c.decided_on),
)


@xlsx_export(
    "withdrawals", columns=WITHDRAWAL_COLUMNS, sheet=_("退出基地案件"), filename_prefix="withdrawals"
)
def withdrawal_export(request):
    """The withdrawal case list (退出基地, Art. 23) as .xlsx, filtered by ``?state=``."""
    qs = withdrawals_visible_to(request.user)
    if state := state_param(request, WithdrawalState):
        qs = qs.filter(state=state)
    return qs
