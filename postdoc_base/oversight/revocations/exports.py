"""Excel export of the revocation case list (取消基地备案, Art. 24)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.exports.registry import xlsx_export
from postdoc_base.web.exports import choice_label
from postdoc_base.web.pages import state_param

from .enums import RevocationState
from .selectors import REVOCATION_LIST, revocations_visible_to

REVOCATION_COLUMNS = (
    (_("基地"), lambda c: c.base.name),
    (_("备案号"), lambda c: c.base.filing_number),
    (_("所属盟市"), lambda c: c.base.unit.bureau.name if c.base.unit.bureau_id else ""),
    (_("事由"), lambda c: f"{c.get_ground_display()}（{c.article}）"),
    (_("无在站博士后起始日"), lambda c: c.empty_since),
    (_("可取消备案日期"), lambda c: c.due_on),
    (_("发起日期"), lambda c: timezone.localdate(c.created_at)),
    (_("状态"), choice_label("state")),
    (_("取消备案日期"), lambda c: c.revoked_on),
    (_("文号"), lambda c: c.document_number),
    (_("决定日期"), lambda c: c.decided_on),
)


@xlsx_export(
    "revocations", columns=REVOCATION_COLUMNS, sheet=_("取消基地备案案件"), filename_prefix="revocations"
)
def revocation_export(request):
    """The revocation case list (Art. 24) as .xlsx, filtered by ``?state=``."""
    return REVOCATION_LIST.filter(
        revocations_visible_to(request.user), state=state_param(request, RevocationState)
    )
