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
from contextlib import nullcontext
from datetime import UTC

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
  INSERT INTO kernel_obligation (subject_type, subject_id, subject_label, url, kind, title, responsible_role,
                                 scope_kind, article, status, opened_at, met_late)
  SELECT 'tenure.withdrawalcase', id::text, label, '/tenure/withdrawals/' || id || '/', 'withdrawal_decision',
         '处理退出基地案件', 'region_admin', 'region', '第二十三条', 'open', now(), false FROM labelled RETURNING 1
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
    from .writers import writers_bench

    return [
        *home_benches(suite),
        sweep_bench(suite, "sweep_dispatches", DISPATCH_CANDIDATES),
        sweep_bench(suite, "sweep_withdrawals", WITHDRAWAL_CANDIDATES),
        verify_bench(suite),
        writers_bench(suite),
    ]
