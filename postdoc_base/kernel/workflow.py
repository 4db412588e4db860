"""The workflow kernel: transition tables and the one entry point that changes a state.

Each workflow declares its transitions (action, from-states, to-state, roles, guards, article). ``apply``
locks the row, checks the table, the actor's role and scope and the guards, sets the state, writes the
audit event, opens and closes obligations, all in one transaction, and queues notifications after commit.
``available_actions`` tells a user, for one object, every action from its current state with allowed or
refused and the reasons. No other code assigns a workflow's state field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import ScopeKind, scope_kind_of
from postdoc_base.policy.findings import Finding

from . import audit
from .models import DateMeaning, Obligation, ObligationStatus

Guard = Callable[[Any, "ActionContext"], Iterable[Finding]]


@dataclass
class ActionContext:
    actor: Any  # None for a step the rules take
    role: str
    assignment: Any  # the RoleAssignment the actor acts under; None for a step the rules take
    comment: str = ""
    payload: dict = field(default_factory=dict)
    # The day a rule step is taken for (a sweep run with --date); people act today.
    on: date | None = None

    @property
    def today(self) -> date:
        return self.on or timezone.localdate()


@dataclass(frozen=True)
class Transition:
    action: str
    label: Any
    sources: tuple[str, ...]
    target: str | Callable[[Any], str]
    roles: tuple[str, ...]
    # The article the step rests on; a callable when it depends on the subject (one review step serves
    # Art. 11(3) establishment review and Arts. 17-18 assessments).
    article: str | Callable[[Any], str]
    guards: tuple[Guard, ...] = ()
    comment_required: bool = False
    # Sets the non-state fields that belong to this step (e.g. ``submitted_at``); runs under the row lock.
    effect: Callable[[Any, ActionContext], None] | None = None
    style: str = "primary"
    # Actions done in bulk by a dedicated service (e.g. a bureau's batch submission) are hidden from item pages.
    batch_only: bool = False
    # Fields the step records from its payload (an entry date, a return date): set before the guards read
    # them and written with the state, so the step's one audit event carries them in its diff.
    records: tuple[str, ...] = ()

    def target_for(self, obj) -> str:
        return self.target(obj) if callable(self.target) else self.target


@dataclass(frozen=True)
class ObligationSpec:
    """An obligation that is open while the subject is in one of ``states``, owed by ``role``.

    The scope kind follows from the role (``scope_kind_of``: a unit administrator owes it in a unit, the
    region in the region); ``scope`` gives the id of the scope object for the subject (its unit's id), or
    None when nobody holds it yet (a supervisor not yet named). Region obligations have no ``scope``.
    """

    kind: str
    title: Any
    states: frozenset[str]
    role: str
    scope: Callable[[Any], int | None] | None
    due: Callable[[Any], date | None]
    article: str | Callable[[Any], str] = ""
    # Other roles whose step also fulfils it (the postdoc asking to exit meets the base's term-end item).
    met_by: tuple[str, ...] = ()
    # Whether ``due`` is the last day to act or the first day one may (DateMeaning): the to-do list says
    # "截止" or "起办", and reminders word themselves accordingly.
    date_means: str = DateMeaning.DUE
    # When its owner is reminded and when it escalates (a ``policy.deadlines.ReminderSchedule``); None: the
    # default schedule. The region administrator may replace either (``deadlines.ReminderSetting``).
    reminders: Any = None

    def __post_init__(self):
        regional = self.scope_kind == ScopeKind.REGION
        if regional != (self.scope is None):
            raise ValueError(
                f"obligation {self.kind}: a scope id is needed exactly when {self.role} has a scope"
            )

    @property
    def scope_kind(self) -> ScopeKind:
        return scope_kind_of(self.role)

    def scope_of(self, obj) -> tuple[ScopeKind, int | None] | None:
        """(kind, id) of who owes it for ``obj``; None when nobody holds that scope yet."""
        if self.scope is None:
            return self.scope_kind, None
        scope_id = self.scope(obj)
        return None if scope_id is None else (self.scope_kind, scope_id)


# The role of steps the rules take (sweeps, lapses, cancellations), not a person: a transition that lists it
# may be taken by ``apply_by_rule``. Nobody holds it, so such steps never show as buttons.
SYSTEM_ROLE = "system"


def article_of(article: str | Callable[[Any], str], obj) -> str:
    """The article a transition or obligation cites for ``obj``."""
    return article(obj) if callable(article) else article


@dataclass(frozen=True)
class ActionOption:
    action: str
    label: str
    allowed: bool
    findings: tuple[Finding, ...]
    comment_required: bool
    style: str
    article: str

    def as_dict(self) -> dict:
        return {
            "action": self.action,
            "label": str(self.label),
            "allowed": self.allowed,
            "comment_required": self.comment_required,
            "article": self.article,
            "reasons": [f.as_dict() for f in self.findings if not f.ok],
        }


class TransitionRefused(Exception):
    def __init__(self, findings: Iterable[Finding]):
        self.findings = tuple(findings)
        super().__init__("; ".join(str(f.message) for f in self.findings))


class UnknownAction(Exception):
    pass


InScope = Callable[[Any, str, Any], Any]  # (user, role, obj) -> matching RoleAssignment or None
Recipients = Callable[[Any, Transition, str], Iterable[Any]]


# Every workflow by the label of its model ("tenure.appointment"), filled as the workflow modules load.
WORKFLOWS: dict[str, Workflow] = {}


class Workflow:
    """One workflow: its transition table, who may act, its states' labels and the obligations of each state.

    ``bureau_path`` and ``round_path`` are ORM lookups from the subject model to the id of its bureau (盟市)
    and of its round (an application's ``round_id``, an evaluation's ``campaign_id``); empty when the subject
    has none. The deadline desk's time-in-stage report (``deadlines.stages``) groups and scopes by them: a
    bureau officer sees only the workflows that have a ``bureau_path``. A ``round_path`` ends at a foreign key,
    so the round's own model (and its ``__str__``) labels the groups.
    """

    def __init__(
        self,
        *,
        name: str,
        model: type[models.Model],
        transitions: Iterable[Transition],
        assignment_for: InScope,
        state_labels: dict[str, Any],
        state_field: str = "state",
        obligations: Iterable[ObligationSpec] = (),
        recipients: Recipients | None = None,
        url: Callable[[Any], str] = lambda obj: "",
        bureau_path: str = "",
        round_path: str = "",
    ):
        self.name = name
        self.model = model
        self.state_field = state_field
        self.transitions = {t.action: t for t in transitions}
        self.assignment_for = assignment_for
        self.state_labels = state_labels
        self.obligations = tuple(obligations)
        self.recipients = recipients
        self.url = url
        self.bureau_path = bureau_path
        self.round_path = round_path
        WORKFLOWS[model._meta.label_lower] = self

    def state_of(self, obj) -> str:
        return getattr(obj, self.state_field)

    def state_label(self, state: str) -> str:
        return str(self.state_labels.get(state, state))

    def get(self, action: str) -> Transition:
        try:
            return self.transitions[action]
        except KeyError:
            raise UnknownAction(action) from None

    # --- checking -------------------------------------------------------------------------------------
    def _wrong_state(self, obj, transition: Transition) -> Finding:
        return Finding(
            False,
            "kernel.wrong_state",
            article_of(transition.article, obj),
            _("当前状态为“%(state)s”，不能执行“%(action)s”。")
            % {"state": self.state_label(self.state_of(obj)), "action": transition.label},
        )

    def evaluate(self, obj, transition: Transition, user, comment: str = "") -> tuple[list[Finding], Any]:
        """All reasons this user may not take this action now; and the assignment they would act under."""
        if self.state_of(obj) not in transition.sources:
            return [self._wrong_state(obj, transition)], None
        assignment = next(
            (a for role in transition.roles if (a := self.assignment_for(user, role, obj)) is not None), None
        )
        if assignment is None:
            return [
                Finding(
                    False,
                    "kernel.not_permitted",
                    article_of(transition.article, obj),
                    _("您没有对该事项执行“%(action)s”的权限。") % {"action": transition.label},
                )
            ], None
        findings: list[Finding] = []
        ctx = ActionContext(actor=user, role=assignment.role, assignment=assignment, comment=comment)
        for guard in transition.guards:
            findings.extend(f for f in guard(obj, ctx) if not f.ok)
        return findings, assignment

    def _who_may(self, obj, action: str, user) -> tuple[list[Finding], Any]:
        findings, assignment = self.evaluate(obj, self.get(action), user)
        return [f for f in findings if f.code in ("kernel.wrong_state", "kernel.not_permitted")], assignment

    def require(self, obj, action: str, user):
        """The assignment under which ``user`` may take ``action`` on ``obj`` in its current state; refuses
        (``TransitionRefused``) when the state is wrong or the user may not. The action's other guards are
        left to ``apply``: a service calls this first when it must refuse an intruder before it checks the
        data it will pass as the step's payload (an exit's date and destination)."""
        blocking, assignment = self._who_may(obj, action, user)
        if blocking:
            raise TransitionRefused(blocking)
        return assignment

    def permits(self, obj, action: str, user) -> bool:
        """Whether ``user`` may take ``action`` on ``obj`` now (state, role and scope): the question a page
        asks before it shows a form whose service refuses through ``require`` — one answer for both."""
        return not self._who_may(obj, action, user)[0]

    def available_actions(self, obj, user, include_batch: bool = False) -> list[ActionOption]:
        """Every action from the object's current state, for this user, allowed or refused with reasons.

        Actions whose roles the user does not hold at all are left out: a unit administrator need not be
        told, on every page, that only the region may file.
        """
        state = self.state_of(obj)
        held = {a.role for a in user.assignments} if getattr(user, "is_authenticated", False) else set()
        options = []
        for t in self.transitions.values():
            if (
                state not in t.sources
                or not held.intersection(t.roles)
                or (t.batch_only and not include_batch)
            ):
                continue
            findings, _assignment = self.evaluate(obj, t, user)
            options.append(
                ActionOption(
                    action=t.action,
                    label=t.label,
                    allowed=not findings,
                    findings=tuple(findings),
                    comment_required=t.comment_required,
                    style=t.style,
                    article=article_of(t.article, obj),
                )
            )
        return options

    # --- applying -------------------------------------------------------------------------------------
    def apply(
        self, obj, action: str, *, actor, comment: str = "", payload: dict | None = None, batch: bool = False
    ):
        """Apply one action; returns the updated object or raises ``TransitionRefused`` with the findings.

        ``batch_only`` actions are refused unless the dedicated bulk service applies them (``batch=True``):
        otherwise a generic transition endpoint would skip the service's own checks (e.g. Art. 11(2) ranking).
        """
        transition = self.get(action)
        if transition.batch_only and not batch:
            raise TransitionRefused(
                [
                    Finding(
                        False,
                        "kernel.batch_only",
                        article_of(transition.article, obj),
                        _("“%(action)s”只能通过批量办理进行。") % {"action": transition.label},
                    )
                ]
            )
        comment = (comment or "").strip()
        payload = payload or {}
        with transaction.atomic():
            locked = self.model._default_manager.select_for_update().get(pk=obj.pk)
            before = snapshot(locked)
            for name in transition.records:
                if name in payload:
                    setattr(locked, name, payload[name])
            findings, assignment = self.evaluate(locked, transition, actor, comment)
            if not findings and transition.comment_required and not comment:
                findings = [
                    Finding(
                        False,
                        "kernel.comment_required",
                        article_of(transition.article, locked),
                        _("请填写意见或理由。"),
                    )  # fmt: skip
                ]
            if findings:
                raise TransitionRefused(findings)
            ctx = ActionContext(
                actor=actor,
                role=assignment.role,
                assignment=assignment,
                comment=comment,
                payload=payload,
            )
            to_state = self._take(locked, transition, ctx, before, scope=assignment.scope_label)
            self._queue_notifications(locked, transition, to_state, actor)
        return locked

    def apply_by_rule(self, obj, action: str, *, comment: str = "", on: date | None = None):
        """A step the rules take, not a person (an open extension lapsing, an assessment cancelled when the
        postdoc is withdrawn): a row of the table whose roles include ``SYSTEM_ROLE``; state and guards are
        checked as for a person, the effect sets the step's fields, the event is recorded with the role
        ``system``, and the obligations it ends close as cancelled, since nobody who owed them did them."""
        transition = self.get(action)
        if SYSTEM_ROLE not in transition.roles:
            raise UnknownAction(f"{self.name}.{action} is not a step the rules take")
        with transaction.atomic():
            locked = self.model._default_manager.select_for_update().get(pk=obj.pk)
            if self.state_of(locked) not in transition.sources:
                raise TransitionRefused([self._wrong_state(locked, transition)])
            ctx = ActionContext(actor=None, role=SYSTEM_ROLE, assignment=None, comment=comment, on=on)
            findings = [f for guard in transition.guards for f in guard(locked, ctx) if not f.ok]
            if findings:
                raise TransitionRefused(findings)
            self._take(locked, transition, ctx, snapshot(locked), scope="")
        return locked

    def _take(self, locked, transition: Transition, ctx: ActionContext, before: dict, *, scope: str) -> str:
        """The step itself, once allowed: its effect, the new state, one audit event with the diff since
        ``before``, the obligations synced to the new state. Returns the new state."""
        from_state, to_state = self.state_of(locked), transition.target_for(locked)
        if transition.effect:
            transition.effect(locked, ctx)
        setattr(locked, self.state_field, to_state)
        locked.save()
        audit.record(actor=ctx.actor, subject=locked, action=transition.action, role=ctx.role, scope=scope,
                     from_state=from_state, to_state=to_state,
                     diff=audit.field_diff(before, snapshot(locked)), comment=ctx.comment)  # fmt: skip
        self.sync_obligations(locked, to_state, acting_role=ctx.role)
        return to_state

    def sync_obligations(self, obj, state: str, acting_role: str | None = None) -> None:
        """Close obligations whose states the object has left; open those it has entered; re-date those
        still open whose due date moved (e.g. a term extended).

        A closed obligation was met when the role it was owed by acted (or no role is known); when someone
        else moved the object on (e.g. the applicant withdrew while the bureau was reviewing), it is
        cancelled: nobody failed to do it and nobody did it. A spec whose ``scope`` gives ``None`` is owed
        by nobody yet (e.g. a supervisor not yet named) and is not opened.
        """
        subject_type, subject_id = audit.subject_key(obj)
        now = timezone.now()
        open_rows = list(
            Obligation.objects.filter(
                subject_type=subject_type, subject_id=subject_id, status=ObligationStatus.OPEN
            )
        )
        open_kinds = {row.kind for row in open_rows}
        specs = {spec.kind: spec for spec in self.obligations}
        today = timezone.localdate()
        for row in open_rows:
            spec = specs.get(row.kind)
            if spec is None:
                continue
            if state not in spec.states:
                met = acting_role is None or acting_role in (row.responsible_role, *spec.met_by)
                row.status = ObligationStatus.MET if met else ObligationStatus.CANCELLED
                row.closed_at = now
                row.met_late = met and bool(row.due_on and today > row.due_on)
                row.save(update_fields=["status", "closed_at", "met_late"])
            elif (due := spec.due(obj)) != row.due_on:
                row.due_on = due
                row.save(update_fields=["due_on"])
        Obligation.objects.bulk_create(self._obligations_entered(obj, state, now, already_open=open_kinds))

    def _obligations_entered(self, obj, state: str, now, already_open=frozenset()) -> list[Obligation]:
        """The obligations ``obj`` owes in ``state`` that are not open yet, as unsaved rows."""
        subject_type, subject_id = audit.subject_key(obj)
        rows = []
        for spec in self.obligations:
            if state not in spec.states or spec.kind in already_open:
                continue
            scope = spec.scope_of(obj)
            if scope is None:
                continue
            rows.append(
                Obligation(
                    subject_type=subject_type, subject_id=subject_id, subject_label=str(obj)[:300],
                    url=self.url(obj), kind=spec.kind, title=str(spec.title), due_on=spec.due(obj),
                    date_means=spec.date_means, responsible_role=spec.role, scope_kind=scope[0], scope_id=scope[1],
                    article=article_of(spec.article, obj), opened_at=now,
                )
            )  # fmt: skip
        return rows

    # --- creating records -----------------------------------------------------------------------------
    def _creation_row(self, action: str, state: str, role: str) -> Transition:
        """The table's creation row ``action`` (a transition without sources): it must start records in
        ``state`` and list ``role``. No record is created in a state, or by a role, its table does not name."""
        transition = self.get(action)
        if (
            transition.sources
            or callable(transition.target)
            or transition.target != state
            or role not in transition.roles
        ):
            raise UnknownAction(f"{self.name}.{action} does not create records in {state!r} for {role!r}")
        return transition

    def created(self, obj, action: str, *, actor, assignment) -> None:
        """Record a record a person's service has just written (inside the service's transaction): checked
        against the creation row ``action`` of the table, one audit event with its fields as the diff, and
        the obligations of its first state. Who may create is the service's predicate (``assignment``)."""
        state = self.state_of(obj)
        self._creation_row(action, state, assignment.role)
        audit.record(actor=actor, subject=obj, action=action, role=assignment.role, scope=assignment.scope_label,
                     to_state=state, diff=audit.field_diff({}, snapshot(obj)))  # fmt: skip
        self.sync_obligations(obj, state)

    # --- records the rules open -----------------------------------------------------------------------
    def open_by_rule(self, objects: list, action: str) -> list:
        """Insert the records the rules open (a sweep's withdrawal cases) through a creation row of the table:
        a transition without sources whose roles include ``SYSTEM_ROLE``. Each record starts in the row's
        target state, with one audit event (role ``system``, its fields as the diff) and the obligations of
        that state. Written in bulk: a fixed number of statements however many records. The caller holds
        the locks that keep the openings unique (the rows the records hang off)."""
        transition = self.get(action)
        self._creation_row(
            action, transition.target if isinstance(transition.target, str) else "", SYSTEM_ROLE
        )
        if not objects:
            return []
        with transaction.atomic():
            for obj in objects:
                setattr(obj, self.state_field, transition.target)
            created = self.model._default_manager.bulk_create(objects)
            audit.record_many(created, action=action, role=SYSTEM_ROLE, to_state=transition.target,
                              diffs=[audit.field_diff({}, snapshot(obj)) for obj in created])  # fmt: skip
            now = timezone.now()
            Obligation.objects.bulk_create(
                row for obj in created for row in self._obligations_entered(obj, self.state_of(obj), now)
            )
        return created

    def _queue_notifications(self, obj, transition: Transition, to_state: str, actor) -> None:
        if self.recipients is None:
            return
        from .notifications import notify  # late: notifications imports settings-heavy mail code

        recipients = [
            u for u in self.recipients(obj, transition, to_state) if u.pk != getattr(actor, "pk", None)
        ]
        if not recipients:
            return
        title = _("%(subject)s：%(action)s") % {"subject": str(obj), "action": transition.label}
        body = _("当前状态：%(state)s。") % {"state": self.state_label(to_state)}
        url = self.url(obj)
        transaction.on_commit(lambda: notify(recipients, str(title), str(body), url))


def snapshot(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
