"""Time in stage (issue 12, item 4): how long one workflow's items waited at each step, overall, per bureau and
per round, read from the audit history in a fixed number of queries whatever the number of items.

The subjects in the user's scope are read once with their bureau and round ids (the workflow's ``bureau_path``
and ``round_path``); the workflow's state changes are streamed once, ordered by subject and sequence, and turned
into stays and statistics by ``policy.stage_times``; the few slowest items are then linked (one query for the
objects, one for their labels: the label of each item's newest audit event, so that no ``__str__`` runs a query
per item). The page and the API read the same ``StageReport``.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import CharField, F, Model
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext

from postdoc_base.directory.models import Bureau
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.kernel.workflow import WORKFLOWS, Workflow
from postdoc_base.policy import stage_times
from postdoc_base.policy.stage_times import Slow, StepTimes

from .permissions import sees_workflow, stage_bureaus

DEFAULT_WORKFLOW = "base_application"
ALL: tuple = ()  # the group of every stay
NO_BUREAU = 0  # the group key of the items that belong to no bureau (bureau ids start at 1)


def workflows_visible_to(user) -> list[Workflow]:
    """The workflows the user may read, the establishment application first, then in registration order."""
    found = [w for w in WORKFLOWS.values() if sees_workflow(user, w)]
    return sorted(found, key=lambda w: w.name != DEFAULT_WORKFLOW)


def workflow_named(user, name: str) -> Workflow | None:
    """The visible workflow called ``name`` (``Workflow.name``), or None."""
    return next((w for w in workflows_visible_to(user) if w.name == name), None)


def workflow_title(workflow: Workflow) -> str:
    return str(workflow.model._meta.verbose_name)


def round_model(workflow: Workflow) -> type[Model] | None:
    """The model ``workflow.round_path`` ends at (a foreign key's target), or None when it has no rounds."""
    if not workflow.round_path:
        return None
    model: Any = workflow.model
    *hops, last = workflow.round_path.split("__")
    for hop in hops:
        model = model._meta.get_field(hop).related_model
    if last in ("pk", "id"):
        return model
    name = last[:-3] if last.endswith("_id") else last
    return model._meta.get_field(name).related_model


def final_states(workflow: Workflow) -> frozenset[str]:
    """The states the table has no step out of (filed, rejected, withdrawn): nothing waits there."""
    sources = {s for t in workflow.transitions.values() for s in t.sources}
    return frozenset(workflow.state_labels) - sources


@dataclass(frozen=True)
class Case:
    """One of the slowest items of a step: its label and page, how long, when it entered and left the step."""

    subject_id: str
    label: str
    url: str
    seconds: float
    entered: datetime
    left: datetime | None

    @property
    def duration(self):
        return stage_times.duration_text(self.seconds)

    @property
    def days(self) -> float | None:
        return stage_times.days(self.seconds)


class _Timed:
    """The median and 90th percentile of ``self.times``, as the page writes them (3.5天, 5.5小时)."""

    times: StepTimes

    @property
    def median(self):
        return stage_times.duration_text(self.times.median)

    @property
    def p90(self):
        return stage_times.duration_text(self.times.p90)


@dataclass(frozen=True)
class StepRow(_Timed):
    state: str
    label: str
    times: StepTimes
    slowest: tuple[Case, ...] = ()
    longest_waiting: Case | None = None


@dataclass(frozen=True)
class Cell(_Timed):
    """One step of one bureau or round: the count, median and 90th percentile of its ended stays."""

    times: StepTimes


@dataclass(frozen=True)
class GroupRow:
    """A bureau or a round: its id (None for the items of no bureau), its label, one cell per step."""

    id: int | None
    label: str
    cells: tuple[Cell, ...]


@dataclass
class StageReport:
    workflow: Workflow
    steps: list[StepRow]
    bureau_id: int | None = None
    round_id: int | None = None
    year: int | None = None
    bureau_options: list[tuple[int, str]] = field(default_factory=list)
    round_options: list[tuple[int, str]] = field(default_factory=list)
    by_bureau: list[GroupRow] | None = None  # None: not shown (a single bureau's officer, or no bureaus)
    by_round: list[GroupRow] | None = None  # None: the workflow has no rounds
    # A bureau or round asked for that is not among the options (outside the scope, no items): not applied.
    bureau_ignored: bool = False
    round_ignored: bool = False


def _bureau_options(user, scope: frozenset[int] | None) -> list[tuple[int, str]]:
    if scope is None:
        return list(Bureau.objects.order_by("order", "id").values_list("pk", "name"))
    # A bureau officer's bureaus came with their assignments (no query).
    named = {a.bureau_id: a.bureau for a in user.assignments if a.bureau_id in scope}
    ordered = sorted(named.values(), key=lambda b: (b.order, b.pk))
    return [(b.pk, b.name) for b in ordered]


def _year_window(year: int | None) -> tuple[datetime, datetime] | None:
    if year is None:
        return None
    zone = timezone.get_current_timezone()
    return datetime(year, 1, 1, tzinfo=zone), datetime(year + 1, 1, 1, tzinfo=zone)


def stage_report(
    user,
    workflow: Workflow,
    *,
    bureau_id: int | None = None,
    round_id: int | None = None,
    year: int | None = None,
    now: datetime | None = None,
) -> StageReport:
    """How long ``workflow``'s items in ``user``'s scope waited at each step; narrowed to one bureau, one
    round and the stays that ended in ``year`` when given. The caller has checked ``sees_workflow``."""
    now = now or timezone.now()
    scope = stage_bureaus(user)
    bureau_path, round_path = workflow.bureau_path, workflow.round_path
    subjects = workflow.model._default_manager.all()
    if scope is not None:
        subjects = subjects.filter(**{f"{bureau_path}__in": scope})

    # 1. Every subject in scope with its bureau and round (the options and the groups).
    columns = [path for path in (bureau_path, round_path) if path]
    dims: dict[str, tuple[int | None, int | None]] = {}
    for row in subjects.order_by().values_list("pk", *columns).iterator(chunk_size=5000):
        values = iter(row[1:])
        bureau = next(values) if bureau_path else None
        round_ = next(values) if round_path else None
        dims[str(row[0])] = (bureau, round_)

    bureau_options = _bureau_options(user, scope) if bureau_path else []
    bureau_ignored = bureau_id is not None and bureau_id not in {pk for pk, _name in bureau_options}
    if bureau_ignored:
        bureau_id = None
    rounds = round_model(workflow)
    round_options: list[tuple[int, str]] = []
    if rounds is not None:
        seen = {r for _b, r in dims.values() if r is not None}
        round_options = [(r.pk, str(r)) for r in rounds._default_manager.filter(pk__in=seen)]
    round_ignored = round_id is not None and round_id not in {pk for pk, _name in round_options}
    if round_ignored:
        round_id = None

    wanted = {
        pk
        for pk, (b, r) in dims.items()
        if (bureau_id is None or b == bureau_id) and (round_id is None or r == round_id)
    }

    # 2. The state changes, streamed in subject and sequence order (narrowed in SQL for a scoped reader).
    events = (
        AuditEvent.objects.filter(subject_type=workflow.model._meta.label_lower, seq__isnull=False)
        .exclude(to_state="")
        .exclude(to_state=F("from_state"))
    )
    narrowed = subjects
    if bureau_id is not None:
        narrowed = narrowed.filter(**{bureau_path: bureau_id})
    if round_id is not None:
        narrowed = narrowed.filter(**{round_path: round_id})
    if narrowed is not subjects or scope is not None:
        ids = narrowed.order_by().annotate(subject_key=Cast("pk", CharField())).values("subject_key")
        events = events.filter(subject_id__in=ids)
    changes = (
        row
        for row in events.order_by("subject_id", "seq")
        .values_list("subject_id", "at", "from_state", "to_state")
        .iterator(chunk_size=5000)
        if row[0] in wanted
    )
    per_bureau = bool(bureau_path) and (scope is None or len(scope) > 1)

    def groups(stay) -> list[Hashable]:
        bureau, round_ = dims[stay.subject_id]
        keys: list[Hashable] = [ALL]
        if per_bureau:
            keys.append(("bureau", bureau or NO_BUREAU))
        if rounds is not None and round_ is not None:
            keys.append(("round", round_))
        return keys

    final = final_states(workflow)
    times = stage_times.step_times(
        stage_times.stays_of(changes, final), now=now, groups=groups, ended_between=_year_window(year)
    )
    states = [s for s in workflow.state_labels if s not in final]

    # 3. The slowest items linked: their objects (for the workflow's URL) and labels, one query each.
    steps_times = {s: times.get((ALL, s), StepTimes()) for s in states}
    picked = [slow for t in steps_times.values() for slow in (*t.slowest, t.longest_waiting) if slow]
    cases = _cases(workflow, picked)
    steps = [
        StepRow(
            state=s,
            label=workflow.state_label(s),
            times=t,
            slowest=tuple(cases[(c.subject_id, c.entered)] for c in t.slowest),
            longest_waiting=cases[(t.longest_waiting.subject_id, t.longest_waiting.entered)]
            if t.longest_waiting
            else None,
        )
        for s, t in steps_times.items()
    ]

    def group_rows(kind: str, options: list[tuple[int | None, str]]) -> list[GroupRow]:
        rows = []
        for pk, label in options:
            key = (kind, pk if pk is not None else NO_BUREAU)
            cells = tuple(Cell(times.get((key, s), StepTimes())) for s in states)
            if any(c.times.count or c.times.waiting for c in cells):
                rows.append(GroupRow(pk, label, cells))
        return rows

    by_bureau = None
    if per_bureau:
        by_bureau = group_rows("bureau", [*bureau_options, (None, gettext("未归属盟市"))])
    by_round = group_rows("round", round_options) if rounds is not None else None
    return StageReport(
        workflow=workflow, steps=steps, bureau_id=bureau_id, round_id=round_id, year=year,
        bureau_options=bureau_options, round_options=round_options, by_bureau=by_bureau, by_round=by_round,
        bureau_ignored=bureau_ignored, round_ignored=round_ignored,
    )  # fmt: skip


def _cases(workflow: Workflow, picked: list[Slow]) -> dict[tuple[str, datetime], Case]:
    """The picked stays as linked cases: one query for the objects, one for the newest label of each."""
    ids = {slow.subject_id for slow in picked}
    if not ids:
        return {}
    model = workflow.model
    pk_field = model._meta.pk
    objects = {
        str(obj.pk): obj for obj in model._default_manager.filter(pk__in=[pk_field.to_python(i) for i in ids])
    }
    labels: dict[str, str] = {}
    rows = (
        AuditEvent.objects.filter(subject_type=model._meta.label_lower, subject_id__in=ids)
        .order_by("subject_id", "-seq")
        .values_list("subject_id", "subject_label")
    )
    for subject_id, label in rows:
        labels.setdefault(subject_id, label)
    found = {}
    for slow in picked:
        obj = objects.get(slow.subject_id)
        found[(slow.subject_id, slow.entered)] = Case(
            subject_id=slow.subject_id,
            label=labels.get(slow.subject_id) or slow.subject_id,
            url=workflow.url(obj) if obj is not None else "",
            seconds=slow.seconds,
            entered=slow.entered,
            left=slow.left,
        )
    return found
