"""Excel export of the treatment checklists (补齐设站相关待遇, Art. 24)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from postdoc_base.exports.registry import xlsx_export
from postdoc_base.web.exports import choice_label
from postdoc_base.web.pages import state_param

from .enums import ChecklistState
from .selectors import CHECKLIST_LIST, checklists_visible_to

TREATMENT_COLUMNS = (
    (_("博士后研究人员"), lambda c: c.appointment.postdoc.name),
    (_("原基地"), lambda c: c.appointment.base.name),
    (
        _("所属盟市"),
        lambda c: c.appointment.base.unit.bureau.name if c.appointment.base.unit.bureau_id else "",
    ),
    (_("获批日期"), lambda c: c.approval.approved_on),
    (_("批准文号"), lambda c: c.approval.document_number),
    (_("已补齐事项"), lambda c: c.progress),
    (_("状态"), choice_label("state")),
    (_("确认日期"), lambda c: c.confirmed_on),
)


@xlsx_export(
    "treatments", columns=TREATMENT_COLUMNS, sheet=_("补齐设站相关待遇"), filename_prefix="treatments"
)
def treatment_export(request):
    """The treatment checklists (Art. 24) as .xlsx, filtered by ``?state=``."""
    return CHECKLIST_LIST.filter(
        checklists_visible_to(request.user), state=state_param(request, ChecklistState)
    )
