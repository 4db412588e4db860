"""Every kind of obligation the workflows declare, with the reminder schedule in force for it: the kind's own
default (``ObligationSpec.reminders``, else ``policy.deadlines.DEFAULT_SCHEDULE``) unless the region
administrator has set one (``ReminderSetting``). Read from the kernel's workflow registry, so a new workflow's
obligations are reminded of without touching this app."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.workflow import WORKFLOWS, ObligationSpec, article_of
from postdoc_base.policy.deadlines import DEFAULT_SCHEDULE, ReminderSchedule

from ..models import ReminderSetting


@dataclass(frozen=True)
class ObligationKind:
    kind: str
    title: Any
    role: str
    date_means: str
    article: str  # the spec's article when it does not depend on the subject, else ""
    default: ReminderSchedule
    workflow: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


def kinds() -> dict[str, ObligationKind]:
    """Every obligation kind of every registered workflow, by kind, in the order the workflows declare them."""
    out: dict[str, ObligationKind] = {}
    for workflow in WORKFLOWS.values():
        for spec in workflow.obligations:
            out.setdefault(spec.kind, _kind(spec, workflow.name))
    return out


def _kind(spec: ObligationSpec, workflow: str) -> ObligationKind:
    return ObligationKind(
        kind=spec.kind,
        title=spec.title,
        role=spec.role,
        date_means=spec.date_means,
        article="" if callable(spec.article) else article_of(spec.article, None),
        default=spec.reminders or DEFAULT_SCHEDULE,
        workflow=workflow,
    )


def schedule_of(row: ReminderSetting) -> ReminderSchedule:
    return ReminderSchedule(
        before=tuple(row.before),
        working_days=row.working_days,
        escalate_bureau_after=row.escalate_bureau_after,
        escalate_region_after=row.escalate_region_after,
        enabled=row.enabled,
    )


def schedules() -> dict[str, ReminderSchedule]:
    """The schedule in force for every kind: the region's setting where there is one, else the default.
    One query."""
    chosen = {row.kind: schedule_of(row) for row in ReminderSetting.objects.all()}
    return {kind: chosen.get(kind, info.default) for kind, info in kinds().items()}
