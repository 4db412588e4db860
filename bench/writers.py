"""Concurrent audited writers: 1, 2, 4 and 8 client processes, each on its own appointments, applying audited
transitions through the API with bearer tokens, as separate gunicorn workers would. Each transition is a
cycle step of the entry filing (第十三条第（二）项): the region returns a submitted filing (``return_filing``),
the base's unit administrator submits it again (``submit_filing``), so every client can keep going and the
data ends as it began. The writers work on a copy of the bench database (``CREATE DATABASE ... TEMPLATE``) so
the measured database does not change; afterwards the copy's audit chain is verified, then it is dropped.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import statistics
import time

import psycopg
from django.conf import settings
from django.db import connection, connections
from django.test import Client

from postdoc_base.accounts.models import ApiToken, User
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.tenure.models import Appointment

from . import env
from .run import Bench, QueryCount, Result

CLIENTS = (1, 2, 4, 8)
STEPS_PER_CLIENT = 20  # even: each client's appointments end in the state they started in
COMMENT = "材料不全，请补充后重新报送。"


def _transition(client: Client, appointment_id: int, action: str) -> int:
    body = {"action": action, "comment": COMMENT if action == "return_filing" else ""}
    response = client.post(
        f"/api/v1/appointments/{appointment_id}/transitions", body, content_type="application/json"
    )
    return response.status_code


def _work(jobs, barrier, queue) -> None:
    """One client process: its own connection (the parent closed its own before forking), its own objects."""
    try:
        region = Client(headers={"Authorization": f"Bearer {jobs['region']}"})
        unit = Client(headers={"Authorization": f"Bearer {jobs['unit']}"})
        states = dict(jobs["states"])
        barrier.wait()
        started = time.perf_counter()
        done = errors = 0
        for step in range(STEPS_PER_CLIENT):
            appointment_id = jobs["ids"][step % len(jobs["ids"])]
            if states[appointment_id] == "filing_submitted":
                status, states[appointment_id] = (
                    _transition(region, appointment_id, "return_filing"),
                    "entered",
                )
            else:
                status, states[appointment_id] = (
                    _transition(unit, appointment_id, "submit_filing"),
                    "filing_submitted",
                )
            done += status == 200
            errors += status != 200
        queue.put((started, time.perf_counter(), done, errors))
    except Exception as exc:  # reported by the parent
        queue.put((0.0, 0.0, 0, repr(exc)))
    finally:
        queue.close()
        queue.join_thread()  # the report must be in the pipe before the process ends
        connections.close_all()
        os._exit(0)


class Writers:
    def __init__(self, suite):
        self.suite = suite
        self.source = settings.DATABASES["default"]["NAME"]
        self.copy = f"{self.source}_writers"
        self.maintenance = suite.database_url.rsplit("/", 1)[0] + "/postgres"
        self.source_anchor = env.anchor_path(suite.database_url)
        self.copy_anchor = env.VAR_DIR / f"audit-anchor-{self.copy}.log"

    def _switch(self, name: str, anchor) -> None:
        connections.close_all()
        for conn in connections.all():
            conn.settings_dict["NAME"] = name
        settings.AUDIT_ANCHOR_PATH = str(anchor)

    def __enter__(self):
        connections.close_all()
        with psycopg.connect(self.maintenance, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.copy}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.copy}" TEMPLATE "{self.source}"')
        if self.source_anchor.exists():
            shutil.copyfile(self.source_anchor, self.copy_anchor)
        self._switch(self.copy, self.copy_anchor)
        return self

    def __exit__(self, *exc):
        self._switch(self.source, self.source_anchor)
        with psycopg.connect(self.maintenance, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.copy}" WITH (FORCE)')
        self.copy_anchor.unlink(missing_ok=True)

    def jobs(self, count: int) -> list[dict]:
        """For each client, a base with appointments whose entry filing is submitted or returned, its unit
        administrator's token and the region's."""
        bases = (
            Appointment.objects.filter(
                state__in=("filing_submitted", "entered"),
                station_supervisor__isnull=False,
                base_supervisor__isnull=False,
                base__state="active",
            )  # fmt: skip
            .values_list("base_id", "base__unit_id")
            .distinct()
            .order_by("base_id")
        )
        region = User.objects.get(username="region1")
        _token, region_raw = ApiToken.issue(region)
        jobs = []
        for base_id, unit_id in list(bases)[:count]:
            appointments = list(
                Appointment.objects.filter(base_id=base_id, state__in=("filing_submitted", "entered"))
                .order_by("id")
                .values_list("id", "state")[:2]
            )
            _token, unit_raw = ApiToken.issue(User.objects.get(username=f"unit{unit_id}"))
            jobs.append({"region": region_raw, "unit": unit_raw, "ids": [a for a, _s in appointments],
                         "states": appointments})  # fmt: skip
        if len(jobs) < count:
            raise RuntimeError(
                f"only {len(jobs)} bases have an entry filing to cycle; {count} clients wanted"
            )
        return jobs

    def queries_per_transition(self, job: dict) -> float:
        """Both steps once on the first client's first appointment, here, with the query log."""
        region = Client(headers={"Authorization": f"Bearer {job['region']}"})
        unit = Client(headers={"Authorization": f"Bearer {job['unit']}"})
        appointment_id, state = job["states"][0]
        order = (("return_filing", region), ("submit_filing", unit))
        if state == "entered":
            order = order[::-1]
        with QueryCount(connection) as captured:
            for action, client in order:
                status = _transition(client, appointment_id, action)
                if status != 200:
                    raise RuntimeError(f"{action} answered HTTP {status}")
        return len(captured) / 2

    def round(self, jobs: list[dict]) -> tuple[float, int, object]:
        """All clients at once; (wall seconds, transitions done, errors)."""
        context = multiprocessing.get_context("fork")
        barrier = context.Barrier(len(jobs) + 1, timeout=120)
        queue = context.Queue()
        connections.close_all()  # children open their own
        processes = [context.Process(target=_work, args=(job, barrier, queue)) for job in jobs]
        for p in processes:
            p.start()
        barrier.wait()
        reports = [queue.get(timeout=600) for _ in processes]
        for p in processes:
            p.join()
        errors = [r[3] for r in reports if r[3]]
        wall = max(r[1] for r in reports) - min(r[0] for r in reports if r[0])
        return wall, sum(r[2] for r in reports), errors


def writers_bench(suite) -> Bench:
    def custom(repeat: int) -> list[Result]:
        results, lines = [], []
        try:
            with Writers(suite) as writers:
                all_jobs = writers.jobs(max(CLIENTS))
                per_transition = writers.queries_per_transition(all_jobs[0])
                base_ms = None
                for clients in CLIENTS:
                    jobs = all_jobs[:clients]
                    rounds = [writers.round(jobs) for _ in range(repeat + 1)][1:]  # the first warms up
                    ms = statistics.median(wall / done * 1000 for wall, done, _e in rounds if done)
                    throughput = statistics.median(done / wall for wall, done, _e in rounds if wall)
                    errors = [e for _w, _d, errs in rounds for e in errs]
                    base_ms = base_ms or ms
                    result = Result(f"writers: {clients} client{'s' if clients > 1 else ''}", "region + unit",
                                    ms=ms, queries=round(per_transition), floor_ms=base_ms,
                                    rows=f"{clients * STEPS_PER_CLIENT} transitions")  # fmt: skip
                    if errors:
                        result.note = f"errors: {errors[:3]}"
                    results.append(result)
                    lines.append((clients, throughput, errors))
                problems = verify_chain()
            intact = "intact" if not problems else f"BROKEN ({len(problems)} problems: {problems[0].problem})"
            for r in results:
                r.same = "✓" if not problems else "✗"
                r.note = (r.note + "; " if r.note else "") + f"chain {intact}"
            base = lines[0][1]
            rows = [
                "Concurrent writers (audited transitions through the API, each client its own appointments; "
                "a copy of the database):",
                "",
                "| clients | transitions/s (median) | speed-up vs 1 client | errors |",
                "|---:|---:|---:|---:|",
            ]
            rows += [f"| {c} | {t:,.1f} | {t / base:.2f} | {len(e)} |" for c, t, e in lines]
            rows.append(f"\nAudit chain of the copy after the writers: {intact}.")
            suite.writer_summary = "\n".join(rows)
        except Exception as exc:
            results.append(Result("writers", "region + unit", note=f"{type(exc).__name__}: {str(exc)[:160]}"))
        return results

    return Bench("writers", "region + unit", run=lambda: None, custom=custom)
