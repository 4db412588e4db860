"""Accounts for every role, and what the workflows leave behind: obligations (open for each object's current
state, met for the state it just left, from the workflows' own ``ObligationSpec`` declarations), a valid
hash-chained audit log (each object's latest step, hashed in sequence with ``kernel.audit.compute_hash``,
``AuditHead`` and the anchor set), and inbox notifications."""

from __future__ import annotations

from collections import deque
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.db import connection

from postdoc_base.accounts.enums import ROLE_SCOPE_FIELD, Role, ScopeKind
from postdoc_base.accounts.models import RoleAssignment, User
from postdoc_base.deadlines.models import ReminderSent
from postdoc_base.deadlines.reminders.catalogue import schedules
from postdoc_base.establishment.notice_workflow import objection_workflow
from postdoc_base.establishment.workflow import application_workflow, round_workflow
from postdoc_base.kernel import audit, audit_anchor
from postdoc_base.kernel.models import AuditEvent, AuditHead, Notification, Obligation, ObligationStatus
from postdoc_base.kernel.scopes import bureaus_of
from postdoc_base.kernel.workflow import SYSTEM_ROLE, article_of
from postdoc_base.policy.deadlines import stage_reached, stages
from postdoc_base.review.workflow import assignment_workflow, panel_workflow
from postdoc_base.tenure.assessments.workflow import assessment_workflow
from postdoc_base.tenure.dispatches.workflow import dispatch_workflow
from postdoc_base.tenure.outputs.workflow import output_workflow
from postdoc_base.tenure.recruitment.workflow import agreement_workflow, interest_workflow, topic_workflow
from postdoc_base.tenure.stay.enums import STAY_STATES
from postdoc_base.tenure.stay.workflow import appointment_workflow, extension_workflow
from postdoc_base.tenure.withdrawals.workflow import withdrawal_workflow

from .gen_base import TZ
from .gen_tenure import TenureMixin

PASSWORD = "Bench-2026!"
WORKFLOWS = {
    w.name: w
    for w in (application_workflow, round_workflow, objection_workflow, assignment_workflow, panel_workflow,
              assessment_workflow, appointment_workflow, extension_workflow, withdrawal_workflow,
              dispatch_workflow, output_workflow, agreement_workflow, topic_workflow, interest_workflow)
}  # fmt: skip
# One event per object (its latest step) for the main records; the many small ones (outputs, assessments, review
# assignments and panels, topic interests) are left out so that the log is the size measured for the region in
# issue 10 (about 4,500 events per 1x, 450,000 at 100x).
NOT_AUDITED = {"output", "assessment", "review_assignment", "review_panel", "topic_interest"}
# The action and role that created an object still in its first state (the services' own names).
CREATED_BY = {
    "base_application": ("create", Role.UNIT_ADMIN), "round": ("create", Role.REGION_ADMIN),
    "objection": ("create", ""), "review_assignment": ("assignment_add", Role.REGION_ADMIN),
    "review_panel": ("create", Role.REGION_ADMIN), "assessment": ("schedule", SYSTEM_ROLE),
    "appointment": ("create", Role.UNIT_ADMIN), "term_extension": ("request", Role.UNIT_ADMIN),
    "withdrawal_case": ("propose", SYSTEM_ROLE), "dispatch": ("request", Role.UNIT_ADMIN),
    "output": ("create", Role.POSTDOC), "cooperation_agreement": ("create", Role.UNIT_ADMIN),
    "research_topic": ("create", Role.UNIT_ADMIN), "topic_interest": ("create", ""),
}  # fmt: skip
# Where the shortest path is not the usual one: a withdrawn postdoc was in the base.
PREVIOUS = {("appointment", "withdrawn"): "in_base"}
REGION_LABEL = "全区"
OBLIGATION_COLUMNS = [
    "subject_type", "subject_id", "subject_label", "url", "kind", "title", "due_on", "date_means",
    "responsible_role", "scope_kind", "scope_id", "article", "status", "opened_at", "closed_at", "met_late",
]  # fmt: skip


def cached(obj, name):
    """A related object already on ``obj`` (never a query)."""
    return obj._state.fields_cache.get(name)


def unit_of(obj):
    for name in ("unit", "base", "appointment", "topic", "item", "application", "subject", "context"):
        related = cached(obj, name)
        if related is not None:
            return related if name == "unit" else unit_of(related)
    return None


class HistoryMixin(TenureMixin):
    tracked: list

    def track(self, workflow: str, objs) -> None:
        if not hasattr(self, "tracked"):
            self.tracked = []
        self.tracked.append((WORKFLOWS[workflow], objs))

    # --- accounts ---------------------------------------------------------------------------------------
    def accounts(self) -> None:
        rng = self.rng
        password = make_password(PASSWORD)  # one hash for every bench account: hashing is slow on purpose
        specs: list[tuple[str, str, str, object]] = [
            (f"region{k}", f"自治区管理员{k}", Role.REGION_ADMIN, None) for k in (1, 2, 3)
        ]
        for b in self.bureaus:
            specs += [(f"bureau{b.code}_{k}", f"{b.name}经办人{k}", Role.BUREAU_OFFICER, b) for k in (1, 2)]
        specs += [(f"dept{d.pk}", f"{d.name[:20]}经办人", Role.DEPT_OFFICER, d) for d in self.departments]
        specs += [(f"unit{u.pk}", f"{u.contact_name}", Role.UNIT_ADMIN, u) for u in self.units]
        specs += [(f"station{s.pk}", self.person_name(), Role.STATION_CONTACT, s) for s in self.stations]
        specs += [(f"expert{e.pk}", e.name, Role.EXPERT, e) for e in self.experts if rng.random() < 0.6]
        specs += [(f"postdoc{p.pk}", p.name, Role.POSTDOC, p) for p in self.postdocs if rng.random() < 0.4]
        specs += [
            (f"supervisor{s.pk}", s.name, Role.SUPERVISOR, s) for s in self.supervisors if rng.random() < 0.3
        ]
        users = [
            User(
                username=username,
                display_name=name,
                password=password,
                is_active=True,
                email=f"{username}@bench.example" if rng.random() < 0.5 else "",
                date_joined=self.at(self.days_ago(30, 2000)),
            )  # fmt: skip
            for username, name, _role, _scope in specs
        ]
        self.bulk(User, users)
        assignments = []
        self.user_of: dict[tuple[str, int | None], tuple[int, str, str]] = {}
        for user, (_username, _name, role, scope) in zip(users, specs, strict=True):
            field = ROLE_SCOPE_FIELD[role]
            assignments.append(RoleAssignment(user=user, role=role, **({field: scope} if field else {}),
                                              created_at=user.date_joined))  # fmt: skip
            key = (role, scope.pk if scope is not None else None)
            self.user_of.setdefault(
                key, (user.pk, str(user), str(scope) if scope is not None else REGION_LABEL)
            )
        self.bulk(RoleAssignment, assignments)
        self.users = list(zip(users, (role for _u, _n, role, _s in specs), strict=True))

    def _actor(self, role: str, obj) -> tuple[int | None, str, str]:
        """(user id, name, scope label) of someone acting under ``role`` on ``obj``; nobody for the rules."""
        scope_id = None
        if role in ("", SYSTEM_ROLE):
            return None, "", ""
        if role == Role.REGION_ADMIN:
            scope_id = None
        elif role in (Role.UNIT_ADMIN, Role.BUREAU_OFFICER, Role.DEPT_OFFICER):
            unit = unit_of(obj)
            if unit is None:
                return None, "", ""
            scope_id = {Role.UNIT_ADMIN: unit.pk, Role.BUREAU_OFFICER: unit.bureau_id,
                        Role.DEPT_OFFICER: unit.department_id}[role]  # fmt: skip
        else:
            appointment = obj if obj._meta.model_name == "appointment" else cached(obj, "appointment")
            if role == Role.STATION_CONTACT:
                scope_id = getattr(obj, "station_id", None) or (
                    appointment.station_id if appointment else None
                )
            elif role == Role.POSTDOC:
                scope_id = appointment.postdoc_id if appointment else None
            elif role == Role.SUPERVISOR:
                scope_id = appointment.station_supervisor_id if appointment else None
            elif role == Role.EXPERT:
                member = cached(obj, "member")
                scope_id = member.expert_id if member else None
        found = self.user_of.get((role, scope_id))
        return found if found else (None, "", "")

    # --- workflow paths -----------------------------------------------------------------------------------
    def _last_step(self, wf, obj):
        """(transition, from state) of the step that brought ``obj`` to its state; None in the first state."""
        field = wf.state_field
        state, initial = getattr(obj, field), wf.model._meta.get_field(field).default
        if state == initial:
            return None
        route = getattr(obj, "affiliation", None) or (obj.unit.affiliation if cached(obj, "unit") else None)
        key = (wf.name, state, route)
        if key not in self._steps:
            self._steps[key] = self._search(wf, obj, initial, state)
        return self._steps[key]

    def _search(self, wf, obj, initial: str, goal: str):
        field = wf.state_field
        original = getattr(obj, field)
        previous = PREVIOUS.get((wf.name, goal))
        steps: dict[str, tuple] = {}
        queue, seen = deque([initial]), {initial}
        try:
            while queue:
                state = queue.popleft()
                setattr(obj, field, state)
                for t in wf.transitions.values():
                    if state not in t.sources:
                        continue
                    target = t.target_for(obj)
                    if target == goal and (previous is None or previous == state):
                        return t, state
                    if target not in seen:
                        seen.add(target)
                        steps[target] = (t, state)
                        queue.append(target)
        finally:
            setattr(obj, field, original)
        raise RuntimeError(f"{wf.name}: no path from {initial} to {goal}")

    # --- obligations and audit ------------------------------------------------------------------------------
    def history(self) -> None:
        self._steps: dict = {}
        self._urls: dict = {}
        obligations, events = [], []
        queries = []
        with connection.execute_wrapper(lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)):
            for wf, objs in self.tracked:
                for obj in objs:
                    step = self._last_step(wf, obj)
                    obligations += self._obligations(wf, obj, step)
                    if wf.name not in NOT_AUDITED:
                        events.append(self._event(wf, obj, step))
        if len(queries) > 50:
            from collections import Counter

            print(f"  note: {len(queries)} queries while deriving history (expected a few content types)")
            for sql, n in Counter(q[:150] for q in queries).most_common(5):
                print(f"    {n} x {sql}")
        self.bulk_rows(Obligation, OBLIGATION_COLUMNS, obligations)
        self._reminders_sent(obligations, self.next_id[Obligation._meta.db_table] - len(obligations))
        self._chain(events)

    def _reminders_sent(self, obligations: list[tuple], first_id: int) -> None:
        """The reminders and escalations the nightly rule (``deadlines.reminders.rules``) would have sent for
        the open dated obligations before today, had it run every night since each opened: on each night from
        the day after it opened to yesterday, the latest stage reached unless it or a later one was sent
        (``policy.deadlines.stage_reached``), with the schedules in force (``catalogue.schedules``). The as-of
        day's run then has one night's work, not the backlog of every item overdue since before the sweep."""
        plan = {kind: s for kind, s in schedules().items() if s.enabled}
        if not plan:
            return
        yesterday = self.today - timedelta(days=1)
        column = {name: k for k, name in enumerate(OBLIGATION_COLUMNS)}
        dated = [
            (first_id + k, row) for k, row in enumerate(obligations)
            if row[column["status"]] == ObligationStatus.OPEN.value and row[column["due_on"]] is not None
            and row[column["kind"]] in plan
        ]  # fmt: skip
        bureaus = bureaus_of((row[column["scope_kind"]], row[column["scope_id"]]) for _pk, row in dated)
        rows = []
        for pk, row in dated:
            kind, due, scope_kind = row[column["kind"]], row[column["due_on"]], row[column["scope_kind"]]
            first_night = row[column["opened_at"]].astimezone(TZ).date() + timedelta(days=1)
            if first_night > yesterday:
                continue
            bureau_id = bureaus.get((scope_kind, row[column["scope_id"]]))
            all_stages = stages(
                due, row[column["date_means"]], plan[kind], {},
                bureau_above=bureau_id is not None and scope_kind != ScopeKind.BUREAU,
                region_above=scope_kind != ScopeKind.REGION,
            )  # fmt: skip
            sent: set[str] = set()
            nights = sorted({first_night, *(s.on for s in all_stages if first_night < s.on <= yesterday)})
            for night in nights:
                stage = stage_reached(all_stages, night, sent)
                if stage is not None:
                    sent.add(stage.key)
                    rows.append((pk, stage.key, night, "bench-history", 1, due))
        self.bulk_rows(ReminderSent, ["obligation", "stage", "sent_on", "run", "recipients", "due_on"], rows)

    def _obligations(self, wf, obj, step) -> list[tuple]:
        state = wf.state_of(obj)
        left = step[1] if step else None
        at = obj._bench_at
        subject_type, subject_id = audit.subject_key(obj)
        label, url = str(obj)[:300], self._url(wf, obj)
        rows = []
        for spec in wf.obligations:
            now_open = state in spec.states
            met = left is not None and left in spec.states and not now_open
            if not (now_open or met):
                continue
            scope = spec.scope_of(obj)
            if scope is None:
                continue
            due = spec.due(obj)
            rows.append((
                subject_type, subject_id, label, url, spec.kind, str(spec.title), due, str(spec.date_means),
                str(spec.role), scope[0].value,
                scope[1], article_of(spec.article, obj), ObligationStatus.OPEN.value if now_open else ObligationStatus.MET.value,
                at if now_open else at - timedelta(days=self.rng.randint(3, 60)), None if now_open else at,
                bool(met and due and at.date() > due),
            ))  # fmt: skip
        return rows

    def _url(self, wf, obj) -> str:
        """``wf.url(obj)``, reversed once per workflow and then filled in with each object's key."""
        template = self._urls.get(wf.name)
        if template is None:
            url, marker = wf.url(obj), f"/{obj.pk}/"
            self._urls[wf.name] = url.replace(marker, "/{pk}/") if url.count(marker) == 1 else ""
            return url
        return template.format(pk=obj.pk) if template else wf.url(obj)

    def _event(self, wf, obj, step) -> AuditEvent:
        state = wf.state_of(obj)
        if step is None:
            action, role = CREATED_BY[wf.name]
            if wf.name == "withdrawal_case":
                role = obj.proposed_by_role
            from_state = ""
        else:
            transition, from_state = step
            action, role = transition.action, transition.roles[0]
        actor_id, actor_name, scope = self._actor(role, obj)
        subject_type, subject_id = audit.subject_key(obj)
        return AuditEvent(
            at=obj._bench_at, actor_id=actor_id, actor_name=actor_name, role=role, scope=scope,
            subject_type=subject_type, subject_id=subject_id, subject_label=str(obj)[:300], action=action,
            from_state=from_state, to_state=state, diff={"state": [from_state or None, state]},
            comment="" if step is None or not step[0].comment_required else "经核实，依规办理。", request_id="",
        )  # fmt: skip

    def _chain(self, events: list[AuditEvent]) -> None:
        """Number the events in time order and hash each over the previous one (``kernel.audit``)."""
        events.sort(key=lambda e: (e.at, e.subject_type, int(e.subject_id)))
        last_seq, last_hash = 0, audit.GENESIS
        for event in events:
            event.seq, event.prev_hash = last_seq + 1, last_hash
            event.hash = audit.compute_hash(event)
            last_seq, last_hash = event.seq, event.hash
        self.bulk(AuditEvent, events)
        AuditHead.objects.update_or_create(id=1, defaults={"last_seq": last_seq, "last_hash": last_hash})
        audit_anchor.write(last_seq, last_hash)

    # --- notifications ---------------------------------------------------------------------------------------
    def notifications(self) -> None:
        rng = self.rng
        per_user = {Role.REGION_ADMIN: 150 * self.scale, Role.BUREAU_OFFICER: 20 * self.scale,
                    Role.UNIT_ADMIN: 2, Role.POSTDOC: 1}  # fmt: skip
        live = [a for a in self.appointments_all if a.state in STAY_STATES]
        rows = []
        for user, role in self.users:
            count = per_user.get(role, 0)
            for _ in range(count):
                a = rng.choice(live)
                created = self.at(self.days_ago(0, 700))
                rows.append(Notification(
                    recipient_id=user.pk, title=f"{a.postdoc.name}：{rng.choice(('予以备案', '申请出基地', '派出已批准', '成果待确认'))}"[:200],
                    body="当前状态：在基地。", url=a.get_absolute_url(), created_at=created,
                    read_at=created + timedelta(hours=rng.randint(1, 72)) if created.date() < self.today - timedelta(days=7) or rng.random() < 0.3 else None,
                ))  # fmt: skip
        self.bulk(Notification, rows)
