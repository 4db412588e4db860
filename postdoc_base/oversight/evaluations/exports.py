"""Excel export of evaluations (评估, Arts. 5, 6): a campaign's results (``?campaign=``), in the list's scope and
filters."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from postdoc_base.exports.registry import xlsx_export
from postdoc_base.web.exports import choice_label

from .views import evaluation_rows

EVALUATION_COLUMNS = (
    (_("评估批次"), lambda e: e.campaign.name),
    (_("基地"), lambda e: e.base.name),
    (_("备案号"), lambda e: e.base.filing_number),
    (_("所属盟市"), lambda e: e.base.unit.bureau.name if e.base.unit.bureau_id else ""),
    (_("状态"), choice_label("state")),
    (_("自评提交日期"), lambda e: e.submitted_on),
    (_("盟市审核日期"), lambda e: e.checked_on),
    (_("综合得分"), lambda e: e.score),
    (_("得分来源"), choice_label("score_source")),
    (_("评估等次"), choice_label("grade")),
    (_("评定日期"), lambda e: e.graded_on),
    (_("整改期限"), lambda e: e.rectification_due_on),
    (_("最终结论"), choice_label("final_grade")),
    (_("办结日期"), lambda e: e.closed_on),
)


@xlsx_export(
    "evaluations", columns=EVALUATION_COLUMNS, sheet=_("基地评估结果"), filename_prefix="evaluations"
)
def evaluation_export(request):
    """The evaluation list (Arts. 5, 6) as .xlsx, filtered by ``?campaign=``, ``?state=`` and ``?grade=``."""
    return evaluation_rows(request)
