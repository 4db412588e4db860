"""/api/v1/deadlines/stages, mounted by api/api.py: how long one workflow's items waited at each step (the page's
``StageReport``): per step the count, median and 90th percentile of the ended stays in days (one decimal, and as
a person reads it), the items still waiting and the slowest cases; per bureau and per round. The region
administrator and the bureau officers only; anyone else 404."""

from datetime import datetime
from typing import Annotated

from django.utils.translation import gettext
from ninja import Field, Router, Schema

from postdoc_base.api.errors import ApiError
from postdoc_base.api.types import Id, Query
from postdoc_base.kernel.bounds import MAX_DATE, MIN_DATE
from postdoc_base.policy.stage_times import days as _days

from .permissions import may_view_stage_times
from .selectors import DEFAULT_WORKFLOW, stage_report, workflow_named, workflow_title, workflows_visible_to

Year = Annotated[int, Field(ge=MIN_DATE.year, le=MAX_DATE.year)]


class StageWorkflowOut(Schema):
    name: str
    label: str


class StageOptionOut(Schema):
    id: int
    label: str


class StageCaseOut(Schema):
    id: str = Field(description="the item's id")
    label: str
    url: str
    days: float = Field(description="days in the step, one decimal")
    duration: str = Field(description="as a person reads it: 3.5天, or hours under a day")
    entered: datetime
    left: datetime | None = Field(description="null while still waiting")


class StageStepOut(Schema):
    state: str
    label: str
    count: int = Field(description="stays ended in the step")
    median_days: float | None
    p90_days: float | None = Field(description="90th percentile, linear method")
    median: str
    p90: str
    waiting: int = Field(description="items still in the step now")
    longest_waiting: StageCaseOut | None
    slowest: list[StageCaseOut]


class StageCellOut(Schema):
    state: str
    count: int
    median_days: float | None
    p90_days: float | None


class StageGroupOut(Schema):
    id: int | None = Field(description="the bureau or round; null for the items of no bureau")
    label: str
    steps: list[StageCellOut]


class StageTimesOut(Schema):
    workflow: StageWorkflowOut
    workflows: list[StageWorkflowOut]
    bureau: int | None
    round: int | None
    year: int | None
    bureaus: list[StageOptionOut]
    rounds: list[StageOptionOut]
    steps: list[StageStepOut]
    by_bureau: list[StageGroupOut] | None = Field(description="null when not shown (one bureau's officer)")
    by_round: list[StageGroupOut] | None = Field(description="null when the workflow has no rounds")


def _case(c) -> dict | None:
    if c is None:
        return None
    return {"id": c.subject_id, "label": c.label, "url": c.url, "days": c.days, "duration": str(c.duration),
            "entered": c.entered, "left": c.left}  # fmt: skip


def _groups(rows, steps) -> list[dict] | None:
    if rows is None:
        return None
    return [
        {"id": row.id, "label": row.label,
         "steps": [{"state": step.state, "count": cell.times.count, "median_days": _days(cell.times.median),
                    "p90_days": _days(cell.times.p90)} for step, cell in zip(steps, row.cells, strict=True)]}
        for row in rows
    ]  # fmt: skip


def _invalid(field: str, message) -> ApiError:
    return ApiError(422, "validation_error", gettext("提交的数据有误。"), errors={field: [str(message)]})


stages = Router(tags=["deadlines"])


@stages.get(
    "", response=StageTimesOut, summary="Time in stage per step, bureau and round (from the audit history)"
)
def stage_times(
    request,
    workflow: Query = DEFAULT_WORKFLOW,
    bureau: Id | None = None,
    round: Id | None = None,
    year: Year | None = None,
):
    user = request.user
    if not may_view_stage_times(user):
        raise ApiError(403, "not_permitted", gettext("只有自治区人社厅和盟市人社局可以查看各环节办理用时。"))
    chosen = workflow_named(user, workflow)
    if chosen is None:
        raise _invalid("workflow", gettext("没有名为“%(name)s”的流程。") % {"name": workflow})
    report = stage_report(user, chosen, bureau_id=bureau, round_id=round, year=year)
    if report.bureau_ignored:
        raise _invalid("bureau", gettext("该盟市不在您可查看的范围内。"))
    if report.round_ignored:
        raise _invalid("round", gettext("该流程没有此批次的事项。"))
    return {
        "workflow": {"name": chosen.name, "label": workflow_title(chosen)},
        "workflows": [{"name": w.name, "label": workflow_title(w)} for w in workflows_visible_to(user)],
        "bureau": report.bureau_id,
        "round": report.round_id,
        "year": report.year,
        "bureaus": [{"id": pk, "label": name} for pk, name in report.bureau_options],
        "rounds": [{"id": pk, "label": name} for pk, name in report.round_options],
        "steps": [
            {
                "state": s.state,
                "label": s.label,
                "count": s.times.count,
                "median_days": _days(s.times.median),
                "p90_days": _days(s.times.p90),
                "median": str(s.median),
                "p90": str(s.p90),
                "waiting": s.times.waiting,
                "longest_waiting": _case(s.longest_waiting),
                "slowest": [_case(c) for c in s.slowest],
            }
            for s in report.steps
        ],  # fmt: skip
        "by_bureau": _groups(report.by_bureau, report.steps),
        "by_round": _groups(report.by_round, report.steps),
    }


routers = [("/deadlines/stages", stages)]

__all__ = ["routers"]
