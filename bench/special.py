"""Benchmarks that are not a plain list: the home page and its to-do list, the user page of the administration
console, the sweeps (first run and steady state, each in a transaction that is rolled back), ``verify_audit``,
and the concurrent writers (``bench.writers``)."""

from __future__ import annotations

import hashlib
import hmac
import io
import json
import re
import statistics
import time
from contextlib import contextmanager, nullcontext
from datetime import UTC, date

from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction

from postdoc_base.accounts.models import User
from postdoc_base.kernel import audit
from postdoc_base.kernel.selectors import obligations_for

from .lists import APPLICATION_BUREAU, APPLICATION_SUBMITTED, BUREAU, REGION
from .run import Bench, QueryCount, Result

TODO_LIMIT = 100
OBLIGATIONS = {
    REGION: "responsible_role = 'region_admin' AND scope_kind = 'region' AND scope_id IS NULL",
    BUREAU: "responsible_role = 'bureau_officer' AND scope_kind = 'bureau' AND scope_id = %(bureau)s",
}
APPLICATIONS = {REGION: APPLICATION_SUBMITTED, BUREAU: APPLICATION_BUREAU}

# Art. 23(1), (9) as SQL: the appointments the withdrawal sweep opens a case for (see tenure/withdrawals/sweeps.py).
_CERTIFIED_ON = "(CASE WHEN p.degree_certificate_number <> '' OR p.foreign_degree_verification <> '' THEN p.degree_date END)"
_ITEM1 = (
    f"(NOT ({_CERTIFIED_ON} IS NOT NULL AND {_CERTIFIED_ON} <= (t.entry_date + interval '6 months')::date) "
    f"AND (%(today)s > (t.entry_date + interval '6 months')::date OR {_CERTIFIED_ON} IS NOT NULL))"
)
_SIX_YEARS = (
    "(t.term_months + t.extended_months > 72 OR %(today)s > (t.entry_date + interval '72 months')::date)"
)
_EXPIRED = (
    "(t.state IN ('entered', 'filing_submitted', 'in_base') "
    "AND %(today)s > (t.entry_date + make_interval(months => t.term_months + t.extended_months))::date - 1 "
    "AND NOT EXISTS (SELECT 1 FROM tenure_termextension e WHERE e.appointment_id = t.id "
    "AND e.state IN ('requested', 'base_approved')))"
)
_NO_OPEN_CASE = "NOT EXISTS (SELECT 1 FROM tenure_withdrawalcase w WHERE w.appointment_id = t.id AND w.state = 'proposed')"
WITHDRAWAL_CANDIDATES = " ".join((
    "SELECT t.id AS appointment_id, p.name AS label, CASE WHEN", _ITEM1, "THEN 1 ELSE 9 END AS reason",
    "FROM tenure_appointment t JOIN tenure_postdoc p ON p.id = t.postdoc_id",
    "WHERE t.state IN ('entered', 'filing_submitted', 'in_base', 'exit_requested', 'exit_assessed')",
    "AND t.entry_date <= %(today)s AND", _NO_OPEN_CASE, "AND (", _ITEM1, "OR", _SIX_YEARS, "OR", _EXPIRED, ")",
))  # fmt: skip
# Art. 23(8): abroad, approved, not back and more than 30 days past the planned return; one case per appointment.
DISPATCH_CANDIDATES = " ".join((
    "SELECT DISTINCT ON (d.appointment_id) d.appointment_id, p.name || '：派出至' || d.place AS label, 8 AS reason",
    "FROM tenure_dispatch d JOIN tenure_appointment t ON t.id = d.appointment_id",
    "JOIN tenure_postdoc p ON p.id = t.postdoc_id",
    "WHERE d.state = 'approved' AND d.destination = 'abroad' AND d.returned_on IS NULL",
    "AND t.state IN ('signed', 'entered', 'filing_submitted', 'in_base', 'exit_requested', 'exit_assessed')",
    "AND d.planned_return < %(today)s - 30 AND", _NO_OPEN_CASE,
    "ORDER BY d.appointment_id, d.planned_return, d.id",
))  # fmt: skip
# The rows a sweep writes per case, in one statement: the case, its audit event (sealed at commit, as the
# application's are), and the region's obligation to decide it.
OPEN_CASES = """
WITH candidates AS ({candidates}),
cases AS (
  INSERT INTO tenure_withdrawalcase (appointment_id, reason, facts, evidence, evidence_name, evidence_type,
                                     proposed_by_role, state, decision_article, created_at)
  SELECT appointment_id, reason, '符合第二十三条规定的退出情形。', '', '', '', 'system', 'proposed', '', now()
  FROM candidates RETURNING id, appointment_id
),
labelled AS (SELECT c.id, k.label FROM cases c JOIN candidates k ON k.appointment_id = c.appointment_id),
events AS (
  INSERT INTO kernel_auditevent (at, actor_name, role, scope, subject_type, subject_id, subject_label, action,
                                 from_state, to_state, diff, comment, request_id, prev_hash)
  SELECT now(), '', 'system', '', 'tenure.withdrawalcase', id::text, label, 'propose', '', 'proposed',
         '{{"state": [null, "proposed"]}}'::jsonb, '', '', '' FROM labelled RETURNING 1
),
obligations AS (
  INSERT INTO kernel_obligation (subject_type, subject_id, subject_label, url, kind, title, date_means,
                                 responsible_role, scope_kind, article, status, opened_at, met_late)
  SELECT 'tenure.withdrawalcase', id::text, label, '/tenure/withdrawals/' || id || '/', 'withdrawal_decision',
         '处理退出基地案件', 'due', 'region_admin', 'region', '第二十三条', 'open', now(), false FROM labelled RETURNING 1
)
SELECT (SELECT count(*) FROM cases), (SELECT count(*) FROM events), (SELECT count(*) FROM obligations)
"""


def _sql(suite, text: str, params: dict):
    with connection.cursor() as cursor:
        cursor.execute(text, params)
        return cursor.fetchall()


def home_benches(suite) -> list[Bench]:
    out = []
    for role in (REGION, BUREAU):
        params = suite.params(role)

        def todo_floor(role=role, params=params):
            return _sql(suite, f"SELECT id, title, subject_label, due_on, url FROM kernel_obligation "  # noqa: S608
                        f"WHERE status = 'open' AND {OBLIGATIONS[role]} "
                        f"ORDER BY due_on ASC NULLS LAST, opened_at, id LIMIT {TODO_LIMIT + 1}", params)  # fmt: skip

        def home_floor(role=role, params=params, todo_floor=todo_floor):
            todo_floor()
            return _sql(suite, "SELECT t.state, count(*) FROM establishment_baseapplication t "  # noqa: S608
                        f"JOIN directory_unit u ON u.id = t.unit_id WHERE {APPLICATIONS[role]} GROUP BY 1", params)  # fmt: skip

        def todo(user_pk=suite.users[role].pk):
            # As a request loads it: the assignments come with the first read.
            user = User.objects.get(pk=user_pk)
            return list(obligations_for(user)[: TODO_LIMIT + 1])

        def todo_rows(outcome, floor):
            return f"{len(floor)}", "✓" if [o.pk for o in outcome] == [row[0] for row in floor] else "✗"

        out.append(Bench("page home (with to-do list)", role, suite.get(suite.clients[role], "/"), home_floor,
                         rows=lambda body, floor: (f"{sum(n for _s, n in floor):,} applications", "–")))  # fmt: skip
        out.append(Bench("to-do list (obligations_for)", role, todo, todo_floor, rows=todo_rows))
    subject = suite.users[BUREAU]

    def user_floor():
        params = {"pk": subject.pk, "type": User._meta.label_lower, "id": str(subject.pk)}
        _sql(suite, "SELECT * FROM accounts_user WHERE id = %(pk)s", params)
        _sql(suite, "SELECT ra.*, b.name FROM accounts_roleassignment ra LEFT JOIN directory_bureau b ON b.id = ra.bureau_id "
             "WHERE ra.user_id = %(pk)s ORDER BY ra.active DESC, ra.role, ra.id", params)  # fmt: skip
        return _sql(suite, "SELECT * FROM kernel_auditevent WHERE subject_type = %(type)s AND subject_id = %(id)s "
                    "ORDER BY seq DESC LIMIT 20", params)  # fmt: skip

    out.append(Bench("page user (administration console)", REGION,
                     suite.get(suite.clients[REGION], f"/admin-console/users/{subject.pk}/"), user_floor))  # fmt: skip
    return out


# --- sweeps -----------------------------------------------------------------------------------------------
def _opened(output: str) -> int:
    found = re.search(r"opened (\d+)", output)
    return int(found.group(1)) if found else -1


def sweep_bench(suite, command: str, candidates: str) -> Bench:
    params = {"today": suite.today}

    def run_command():
        out = io.StringIO()
        call_command(command, stdout=out)
        return _opened(out.getvalue())

    def floor_first():
        return _sql(suite, OPEN_CASES.format(candidates=candidates), params)[0][0]

    def floor_steady():
        return _sql(suite, f"SELECT count(*) FROM ({candidates}) c", params)[0][0]  # noqa: S608

    def twice(first, steady, capture: bool):
        """Both runs in one transaction that is rolled back; (ms, queries, rows) of each."""
        results = []
        with transaction.atomic():
            for fn in (first, steady):
                with QueryCount(connection) if capture else nullcontext() as captured:
                    started = time.perf_counter()
                    rows = fn()
                    elapsed = (time.perf_counter() - started) * 1000
                results.append((elapsed, len(captured) if capture else None, rows))
            transaction.set_rollback(True)
        return results

    def custom(repeat: int) -> list[Result]:
        first = Result(f"sweep {command} first run", "system")
        steady = Result(f"sweep {command} steady state", "system")
        try:
            (_, q1, opened), (_, q2, again) = twice(run_command, run_command, capture=True)
            runs = [twice(run_command, run_command, capture=False) for _ in range(repeat)]
            (_, _, f_opened), (_, _, f_again) = twice(floor_first, floor_steady, capture=False)
            floors = [twice(floor_first, floor_steady, capture=False) for _ in range(repeat)]
        except Exception as exc:
            first.note = f"{type(exc).__name__}: {str(exc)[:160]}"
            return [first]
        first.queries, steady.queries = q1, q2
        first.ms = statistics.median(r[0][0] for r in runs)
        steady.ms = statistics.median(r[1][0] for r in runs)
        first.floor_ms = statistics.median(r[0][0] for r in floors)
        steady.floor_ms = statistics.median(r[1][0] for r in floors)
        first.rows, first.same = f"{opened:,} cases", "✓" if opened == f_opened else f"✗ (floor {f_opened:,})"
        steady.rows, steady.same = (
            f"{again:,} cases",
            "✓" if again == f_again == 0 else f"✗ (floor {f_again:,})",
        )
        first.note = "rolled back"
        return [first, steady]

    return Bench(f"sweep {command}", "system", run=lambda: None, custom=custom)


# --- the full nightly sweep (issue 12) ---------------------------------------------------------------------
# ``kernel.sweeps.run_rules(day)`` runs every registered date rule in order: dispatch_overdue (Art. 23(8)),
# withdrawal_rules (Art. 23(1), (9)), empty_bases (Art. 24) and obligation_reminders. Its floor is one
# hand-written statement, a UNION ALL of one part per rule family, that finds the same cases without writing
# them. Two parts depend on the earlier rules' work in the same run, and the statement says so: the withdrawal
# rules skip an appointment the dispatch rule has just given a case, and each Art. 24 case opens a region's
# revocation decision dated on the day its two years were complete (起办), whose only stage, "before:0", is
# then reached, so tonight's reminders include one per new case.

# Art. 24 (oversight/revocations/sweeps.py, policy/oversight/revocation.py): active bases filed at least two
# years ago (a day's slack, as the sweep) without an open case; their stays, from entry (from filing when
# earlier) to the exit, to the decided withdrawal, or on; the empty spans between them; the latest span that
# reached two consecutive years by today, unless a case for that span exists already.
EMPTY_BASE_CANDIDATES = """
WITH bases AS (
  SELECT b.id, b.filed_on FROM oversight_practicebase b
  WHERE b.state = 'active' AND b.filed_on <= (%(today)s::date - interval '2 years')::date + 1
    AND NOT EXISTS (SELECT 1 FROM oversight_revocationcase r WHERE r.base_id = b.id AND r.state = 'open')
),
stays AS (
  SELECT s.base_id, s.filed_on, greatest(s.entry_date, s.filed_on) AS start, s.left_on FROM (
    SELECT t.base_id, b.filed_on, t.entry_date,
           CASE t.state WHEN 'exited' THEN coalesce(t.exit_date, t.entry_date)
                        WHEN 'withdrawn' THEN coalesce(
                          (SELECT w.decided_on FROM tenure_withdrawalcase w WHERE w.appointment_id = t.id
                           AND w.state = 'decided_withdrawn' ORDER BY w.decided_on DESC LIMIT 1),
                          greatest(t.entry_date, t.exit_date)) END AS left_on
    FROM bases b JOIN tenure_appointment t ON t.base_id = b.id
    WHERE t.entry_date IS NOT NULL
      AND t.state IN ('entered', 'filing_submitted', 'in_base', 'exit_requested', 'exit_assessed', 'exited', 'withdrawn')
  ) s
  WHERE s.entry_date <= %(today)s AND (s.left_on IS NULL OR s.left_on >= s.filed_on)
),
covered AS (  -- each stay with the first empty day before it: the day after every earlier stay ended
  SELECT base_id, start, greatest(filed_on, max(coalesce(left_on + 1, 'infinity'::date)) OVER (
           PARTITION BY base_id ORDER BY start, left_on ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)) AS since
  FROM stays
),
gaps AS (
  SELECT base_id, since, start AS until FROM covered WHERE start > since
  UNION ALL
  SELECT * FROM (  -- after the last stay, or since filing for a base nobody entered
    SELECT b.id, greatest(b.filed_on, max(coalesce(s.left_on + 1, 'infinity'::date)) FILTER (WHERE s.base_id IS NOT NULL))
           AS since, NULL::date AS until
    FROM bases b LEFT JOIN stays s ON s.base_id = b.id GROUP BY b.id, b.filed_on
  ) last WHERE since <= %(today)s
),
latest AS (
  SELECT DISTINCT ON (base_id) base_id, since FROM gaps
  WHERE (since + interval '2 years')::date <= %(today)s
    AND (until IS NULL OR until >= (since + interval '2 years')::date)
  ORDER BY base_id, since DESC
)
SELECT l.base_id, l.since FROM latest l
WHERE NOT EXISTS (SELECT 1 FROM oversight_revocationcase r WHERE r.base_id = l.base_id AND r.empty_since = l.since)
"""

# Reminders (deadlines/reminders/rules.py, policy/deadlines.py): open obligations of a reminded kind dated up to
# the widest reach ahead and not yet escalated to the region; each one's stages (days before a 截止 date, the
# day of a 起办 date, the bureau when the owner sits under one, the region unless the owner is the region); the
# latest stage reached today, unless it or a later one was sent. The schedules per kind ({plan}) are those in
# force (the workflows' defaults, or the region's settings), in calendar days: the floor does not count working
# days, and a kind set to count them is reported (``reminder_plan``).
REMINDERS_DUE = """
WITH plan (kind, before, bureau_after, region_after) AS (VALUES {plan}),
candidates AS (
  SELECT o.id, o.due_on, o.date_means, o.scope_kind, p.before, p.bureau_after, p.region_after,
         CASE o.scope_kind
           WHEN 'bureau' THEN o.scope_id
           WHEN 'unit' THEN (SELECT u.bureau_id FROM directory_unit u WHERE u.id = o.scope_id)
           WHEN 'postdoc' THEN (SELECT u.bureau_id FROM tenure_postdoc x JOIN oversight_practicebase b ON b.id = x.base_id
                                JOIN directory_unit u ON u.id = b.unit_id WHERE x.id = o.scope_id)
           WHEN 'supervisor' THEN (SELECT u.bureau_id FROM tenure_supervisor x JOIN oversight_practicebase b ON b.id = x.base_id
                                   JOIN directory_unit u ON u.id = b.unit_id WHERE x.id = o.scope_id)
         END AS bureau_id
  FROM kernel_obligation o JOIN plan p ON p.kind = o.kind
  WHERE o.status = 'open' AND o.due_on <= %(today)s::date + {reach}
    AND NOT EXISTS (SELECT 1 FROM deadlines_remindersent r WHERE r.obligation_id = o.id AND r.stage = 'region')
),
stages AS (
  SELECT c.id, s.stage, s.on_day, s.escalation FROM candidates c CROSS JOIN LATERAL (
    SELECT 'before:' || d AS stage, c.due_on - d AS on_day, false AS escalation
    FROM unnest(CASE WHEN c.date_means = 'from' THEN ARRAY[0] ELSE c.before END) d
    UNION ALL SELECT 'bureau', c.due_on + c.bureau_after, true
    WHERE c.bureau_after IS NOT NULL AND c.bureau_id IS NOT NULL AND c.scope_kind <> 'bureau'
    UNION ALL SELECT 'region', c.due_on + c.region_after, true
    WHERE c.region_after IS NOT NULL AND c.scope_kind <> 'region'
  ) s
),
latest AS (
  SELECT DISTINCT ON (id) id, stage, on_day, escalation FROM stages WHERE on_day <= %(today)s
  ORDER BY id, on_day DESC, escalation DESC
)
SELECT l.id, l.stage FROM latest l
WHERE NOT EXISTS (SELECT 1 FROM stages s JOIN deadlines_remindersent r ON r.obligation_id = s.id AND r.stage = s.stage
                  WHERE s.id = l.id AND (s.on_day, s.escalation) >= (l.on_day, l.escalation))
"""

# The four families in one statement. Rows: (rule, key, detail); the keys are those the sweep's records carry.
ALL_RULES = """
WITH dispatch AS ({dispatch}),
withdrawal AS ({withdrawal}),
empty AS ({empty}),
reminders AS ({reminders})
SELECT 'dispatch_overdue', appointment_id::text, '' FROM dispatch
UNION ALL
SELECT 'withdrawal_rules', appointment_id::text, '' FROM withdrawal
WHERE appointment_id NOT IN (SELECT appointment_id FROM dispatch)
UNION ALL
SELECT 'empty_bases', base_id::text, since::text FROM empty
UNION ALL
SELECT 'obligation_reminders', id::text, stage FROM reminders
UNION ALL
SELECT 'obligation_reminders', 'new case of base ' || base_id, 'before:0' FROM empty
"""
SWEEP_RULES = ("dispatch_overdue", "withdrawal_rules", "empty_bases", "obligation_reminders")


def reminder_plan() -> tuple[str, int, list[str]]:
    """The schedules in force as SQL ``VALUES`` rows, the widest reach ahead in days, and the kinds the floor
    cannot follow (working days)."""
    from postdoc_base.deadlines.reminders.catalogue import schedules

    plan = {kind: s for kind, s in schedules().items() if s.enabled}
    rows, unfollowed = [], []
    for kind, s in sorted(plan.items()):
        if s.working_days:
            unfollowed.append(kind)
        before = ", ".join(str(int(d)) for d in s.before)
        nullable = lambda v: "NULL::int" if v is None else f"{int(v)}"  # noqa: E731
        rows.append(f"('{kind}', ARRAY[{before}]::int[], {nullable(s.escalate_bureau_after)}, "
                    f"{nullable(s.escalate_region_after)})")  # fmt: skip
    reach = max((s.span_before() for s in plan.values()), default=0)
    return ", ".join(rows) or "(NULL, NULL::int[], NULL::int, NULL::int)", reach, unfollowed


def _ties_in_gaps_fail() -> bool:
    """Whether ``policy.oversight.revocation._gaps`` still raises TypeError on two stays starting the same day,
    one still in the base and one ended (``sorted`` compares None with a date)."""
    from postdoc_base.policy.oversight import Stay, revocation

    entered = date(2024, 9, 1)
    try:
        revocation._gaps(
            date(2024, 1, 1), [Stay(entered, None), Stay(entered, date(2025, 3, 1))], date(2026, 1, 1)
        )
    except TypeError:
        return True
    return False


@contextmanager
def _gaps_tie_shim():
    """Only while the defect above is present: a stay that starts the same day as one still in the base is
    dropped before ``_gaps`` sorts them (the open stay covers it, so the spans are the same), so that the rest
    of the sweep runs and can be measured. Reported in the results' note and in bench/README.md."""
    from postdoc_base.policy.oversight import revocation

    original = revocation._gaps

    def gaps(filed_on, stays, today):
        stays = list(stays)
        open_from = {max(s.entered, filed_on) for s in stays if s.left is None}
        kept = [s for s in stays if s.left is None or max(s.entered, filed_on) not in open_from]
        return original(filed_on, kept, today)

    revocation._gaps = gaps
    try:
        yield
    finally:
        revocation._gaps = original


def _app_keys(reports) -> dict[str, set]:
    """The sweep's records as the floor's (rule, key, detail) keys; a reminder of an obligation the run opened
    itself (a new revocation case's) by its case's base."""
    from postdoc_base.kernel.models import Obligation

    keys: dict[str, set] = {rule: set() for rule in SWEEP_RULES}
    new_cases: dict[str, int] = {}
    for report in reports:
        name = report.rule.name
        for record in report.opened:
            if name in ("dispatch_overdue", "withdrawal_rules"):
                keys[name].add((str(record.appointment_id), ""))
            elif name == "empty_bases":
                keys[name].add((str(record.base_id), str(record.empty_since)))
                new_cases[str(record.pk)] = record.base_id
            elif name == "obligation_reminders":
                keys[name].add((record.obligation_id, record.stage))
            else:
                keys.setdefault(name, set()).add((str(getattr(record, "pk", record)), ""))
    reminders = keys["obligation_reminders"]
    if reminders:
        ids = {pk for pk, _stage in reminders}
        subjects = dict(
            Obligation.objects.filter(pk__in=ids, subject_type="oversight.revocationcase").values_list(
                "pk", "subject_id"
            )
        )
        keys["obligation_reminders"] = {
            (f"new case of base {new_cases[subjects[pk]]}", stage)
            if pk in subjects and subjects[pk] in new_cases
            else (str(pk), stage)
            for pk, stage in reminders
        }
    return keys


def _floor_keys(rows) -> dict[str, set]:
    keys: dict[str, set] = {rule: set() for rule in SWEEP_RULES}
    for rule, key, detail in rows:
        keys[rule].add((key, detail))
    return keys


def _compare(app: dict[str, set], floor: dict[str, set]) -> tuple[str, str]:
    """(rows text, same ✓/✗): the count per rule, and whether the sets are equal."""
    counts = "; ".join(f"{rule} {len(app.get(rule, ())):,}" for rule in SWEEP_RULES)
    diffs = []
    for rule in SWEEP_RULES:
        only_app, only_floor = app.get(rule, set()) - floor[rule], floor[rule] - app.get(rule, set())
        if only_app or only_floor:
            example = sorted(only_app or only_floor)[0]
            diffs.append(
                f"{rule}: floor {len(floor[rule]):,}, +{len(only_app)} -{len(only_floor)} e.g. {example}"
            )
    diffs += [
        f"{rule}: {len(app[rule]):,} opened, no floor"
        for rule in app
        if rule not in SWEEP_RULES and app[rule]
    ]
    return counts, "✓" if not diffs else "✗ (" + "; ".join(diffs) + ")"


def sweep_all_bench(suite) -> Bench:
    """``run_rules(today)``, first run and steady state, in one transaction rolled back per pass. In each pass
    the floor's statement runs on the same state as the sweep: before its first run (the cases to open) and
    after it (nothing left); each family's statement is also timed alone, against the rule's own seconds."""
    from postdoc_base.kernel.sweeps import run_rules

    params = {"today": suite.today}
    plan, reach, unfollowed = reminder_plan()
    families = {
        "dispatch_overdue": DISPATCH_CANDIDATES,
        "withdrawal_rules": WITHDRAWAL_CANDIDATES,
        "empty_bases": EMPTY_BASE_CANDIDATES,
        "obligation_reminders": REMINDERS_DUE.format(plan=plan, reach=reach),
    }
    statement = ALL_RULES.format(
        dispatch=families["dispatch_overdue"], withdrawal=families["withdrawal_rules"],
        empty=families["empty_bases"], reminders=families["obligation_reminders"],
    )  # fmt: skip

    def timed(fn):
        started = time.perf_counter()
        out = fn()
        return (time.perf_counter() - started) * 1000, out

    def one_pass(capture: bool) -> dict:
        out: dict = {}
        with transaction.atomic():
            for rule, text in families.items():
                alone = f"SELECT count(*) FROM ({text}) c"  # noqa: S608
                out[f"floor {rule}"] = timed(lambda alone=alone: _sql(suite, alone, params))
            out["floor first"] = timed(lambda: _sql(suite, statement, params))
            with QueryCount(connection) if capture else nullcontext() as captured:
                out["first"] = timed(lambda: run_rules(suite.today))
            out["first queries"] = len(captured) if capture else None
            out["floor steady"] = timed(lambda: _sql(suite, statement, params))
            with QueryCount(connection) if capture else nullcontext() as captured:
                out["steady"] = timed(lambda: run_rules(suite.today))
            out["steady queries"] = len(captured) if capture else None
            if capture:
                out["app keys"] = _app_keys(out["first"][1])
            transaction.set_rollback(True)
        return out

    def custom(repeat: int) -> list[Result]:
        title = "sweep all rules (run_rules)"
        first, steady = Result(f"{title} first run", "system"), Result(f"{title} steady state", "system")
        notes = []
        if unfollowed:
            notes.append(f"floor counts calendar days; working days set for {', '.join(unfollowed)}")
        shim = nullcontext()
        if _ties_in_gaps_fail():
            notes.append("policy _gaps TypeError on same-day stays: measured with the bench's tie shim")
            shim = _gaps_tie_shim()
        try:
            with shim:
                checked = one_pass(capture=True)  # also the warm-up
                passes = [one_pass(capture=False) for _ in range(repeat)]
        except Exception as exc:
            first.note = f"{type(exc).__name__}: {str(exc)[:160]}"
            return [first]
        med = lambda key: statistics.median(p[key][0] for p in passes)  # noqa: E731
        first.ms, steady.ms = med("first"), med("steady")
        first.floor_ms, steady.floor_ms = med("floor first"), med("floor steady")
        first.queries, steady.queries = checked["first queries"], checked["steady queries"]
        app, floor = checked["app keys"], _floor_keys(checked["floor first"][1])
        first.rows, first.same = _compare(app, floor)
        again = sum(len(r.opened) for r in checked["steady"][1])
        steady.rows = f"{again:,} opened"
        floor_again = len(checked["floor steady"][1])
        steady.same = "✓" if again == floor_again == 0 else f"✗ (floor {floor_again:,})"
        first.note = "; ".join(["rolled back", *notes])
        out = [first, steady]
        for rule in SWEEP_RULES:
            r = Result(f"{title} first run: {rule}", "system")
            r.ms = statistics.median(
                sum(rep.seconds for rep in p["first"][1] if rep.rule.name == rule) * 1000 for p in passes
            )
            r.floor_ms = med(f"floor {rule}")
            r.rows = f"{len(app.get(rule, ())):,} opened"
            r.same = "✓" if app.get(rule, set()) == floor[rule] else f"✗ (floor {len(floor[rule]):,})"
            r.note = "floor: the family's statement alone" + (
                "; + 1 per new Art. 24 case" if rule == "obligation_reminders" else ""
            )
            out.append(r)
        return out

    return Bench("sweep all rules", "system", run=lambda: None, custom=custom)


# --- verify_audit ------------------------------------------------------------------------------------------
def verify_bench(suite) -> Bench:
    def run():
        out = io.StringIO()
        call_command("verify_audit", stdout=out)
        return out.getvalue()

    def floor():
        """The same keyed hashes over a raw server-side cursor, without model instances."""
        key = settings.AUDIT_HMAC_KEY.encode()
        expected, previous, bad, count = 1, audit.GENESIS, 0, 0
        columns = ", ".join(audit.HASHED_FIELDS)
        with transaction.atomic(), connection.connection.cursor(name="bench_verify") as cursor:
            cursor.itersize = 5000
            cursor.execute(
                f"SELECT {columns}, hash FROM kernel_auditevent WHERE seq IS NOT NULL ORDER BY seq"  # noqa: S608
            )
            for row in cursor:
                data = dict(zip(audit.HASHED_FIELDS, row, strict=False))
                data["at"] = row[1].astimezone(UTC).isoformat(timespec="microseconds")
                data["diff"] = json.loads(row[12])  # Django's connection reads jsonb as text
                canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=audit._json_default)
                digest = hmac.new(key, canonical.encode(), hashlib.sha256).hexdigest()
                bad += row[0] != expected or row[15] != previous or digest != row[16]
                expected, previous, count = row[0] + 1, row[16], count + 1
        return count, bad

    def rows(output: str, floor) -> tuple[str, str]:
        count, bad = floor
        return f"{count:,} events", "✓" if "intact" in output and bad == 0 else "✗"

    return Bench("verify_audit", "system", run, floor, rows=rows)


def special_benches(suite) -> list[Bench]:
    from .io import io_benches
    from .writers import writers_bench

    return [
        *home_benches(suite),
        sweep_bench(suite, "sweep_dispatches", DISPATCH_CANDIDATES),
        sweep_bench(suite, "sweep_withdrawals", WITHDRAWAL_CANDIDATES),
        sweep_all_bench(suite),
        verify_bench(suite),
        writers_bench(suite),
        *io_benches(suite),
    ]
