"""Generate a bench database: ``python -m bench.generate --scale 1|10|100 --database-url postgres://.../pb_bench_<scale>``.

Creates the database (an existing ``pb_bench_*`` database is dropped; any other name needs ``--replace``),
runs ``migrate``, then writes the region at the given scale (1x: about 300 bases, 2,000 appointments) with
realistic states in every workflow, deterministic for a seed and an as-of day, and checks the audit chain
with ``verify_audit`` (skip with ``--no-verify``). Prints the rows written per table.
"""

from __future__ import annotations

import argparse
import time
from datetime import date

import psycopg

from . import env


class Progress:
    def __init__(self):
        self.started = time.perf_counter()

    def step(self, label: str) -> None:
        print(f"  {time.perf_counter() - self.started:7.1f}s  {label}", flush=True)


def create_database(database_url: str, replace: bool) -> None:
    name = env.database_name(database_url)
    maintenance = database_url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(maintenance, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if exists:
            if not (replace or name.startswith("pb_bench_")):
                raise SystemExit(f"database {name} exists; pass --replace to drop it")
            conn.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')
    env.anchor_path(database_url).unlink(missing_ok=True)  # the anchor of the dropped database


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, required=True, help="1, 10 or 100 (times the region)")
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--as-of", type=date.fromisoformat, default=None,
                        help="the day the data is generated for (default today); same seed and day, same data")  # fmt: skip
    parser.add_argument("--replace", action="store_true", help="drop an existing database of another name")
    parser.add_argument("--no-verify", action="store_true", help="skip verify_audit at the end")
    args = parser.parse_args(argv)

    progress = Progress()
    env.configure(args.database_url)
    create_database(args.database_url, args.replace)
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    call_command("migrate", verbosity=0, interactive=False)
    progress.step("database created and migrated")

    from .gen_base import timestamps_as_given
    from .gen_history import HistoryMixin

    today = args.as_of or timezone.localdate()
    gen = HistoryMixin(scale=args.scale, seed=args.seed, today=today)
    steps = (
        ("registry: departments, stations, experts, units", gen.registry),
        ("rounds", gen.rounds),
        ("applications, notices, panels, bases", gen.applications_and_bases),
        ("agreements, topics, interests", gen.recruitment),
        ("supervisors, indicator schemes", gen.supervisors_and_schemes),
        ("postdocs, appointments, extensions", gen.appointments),
        ("dispatches", gen.dispatches),
        ("outputs, pay", gen.outputs_and_pay),
        ("assessments and their panels", gen.assessments),
        ("withdrawal cases", gen.withdrawals),
        ("accounts and role assignments", gen.accounts),
        ("obligations and the audit chain", gen.history),
        ("notifications", gen.notifications),
    )
    with timestamps_as_given(), transaction.atomic():
        for label, step in steps:
            step()
            progress.step(label)
        gen.fix_sequences()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress.step("ANALYZE")

    print(f"\nscale {args.scale}x, seed {args.seed}, as of {today}: rows written")
    for table, count in sorted(gen.counts.items()):
        print(f"  {table:40} {count:>10,}")
    print(f"  {'total':40} {sum(gen.counts.values()):>10,}")
    if not args.no_verify:
        call_command("verify_audit")
        progress.step("verify_audit")


if __name__ == "__main__":
    main()
