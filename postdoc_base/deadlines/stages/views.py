"""The time-in-stage page (/deadlines/stages/): how long one workflow's items waited at each step, per bureau
and per round, for the region administrator and the bureau officers (``permissions``)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext

from postdoc_base.kernel.bounds import MAX_DATE, MIN_DATE
from postdoc_base.web.pages import int_param

from .permissions import may_view_stage_times
from .selectors import (
    DEFAULT_WORKFLOW,
    stage_report,
    workflow_named,
    workflow_title,
    workflows_visible_to,
)


def year_param(value) -> tuple[int | None, bool]:
    """``?year=``: (the year, whether it was bad). Empty is no year; anything but a year between the
    calendar's ends (1900-2100) is bad and ignored."""
    text = str(value or "").strip()
    if not text:
        return None, False
    if not (text.isascii() and text.isdigit() and len(text) == 4):
        return None, True
    year = int(text)
    return (year, False) if MIN_DATE.year <= year <= MAX_DATE.year else (None, True)


@login_required
def stages(request):
    """第五条、第六条: the steps' median and 90th-percentile waits, those still waiting and the slowest cases."""
    user = request.user
    if not may_view_stage_times(user):
        raise Http404
    visible = workflows_visible_to(user)
    if not visible:
        raise Http404
    problems = []
    name = str(request.GET.get("workflow") or "").strip()
    workflow = workflow_named(user, name or DEFAULT_WORKFLOW) or visible[0]
    if name and workflow.name != name:
        problems.append(
            gettext("没有名为“%(name)s”的流程，已显示“%(shown)s”。")
            % {"name": name[:60], "shown": workflow_title(workflow)}
        )
    year, bad_year = year_param(request.GET.get("year"))
    if bad_year:
        problems.append(
            gettext("年份应为%(min)s至%(max)s之间的四位数字，已忽略。")
            % {"min": MIN_DATE.year, "max": MAX_DATE.year}
        )
    raw_bureau, raw_round = request.GET.get("bureau") or "", request.GET.get("round") or ""
    bureau_id, round_id = int_param(raw_bureau), int_param(raw_round)
    if (raw_bureau and bureau_id is None) or (raw_round and round_id is None):
        problems.append(gettext("盟市或批次的取值无效，已忽略。"))
    report = stage_report(user, workflow, bureau_id=bureau_id, round_id=round_id, year=year)
    if report.bureau_ignored or report.round_ignored:
        problems.append(gettext("所选盟市或批次不在可查看的范围内或没有事项，已显示全部。"))
    context = {
        "report": report,
        "workflow": workflow,
        "workflow_title": workflow_title(workflow),
        "workflows": [(w.name, workflow_title(w)) for w in visible],
        "year_value": year or "",
        "min_year": MIN_DATE.year,
        "max_year": MAX_DATE.year,
        "problems": problems,
    }
    return render(request, "deadlines/stages.html", context)
