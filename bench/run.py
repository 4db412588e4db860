"""Run the benchmarks: ``python -m bench.run --database-url postgres://.../pb_bench_<scale> [--only PATTERN] [--repeat 5]``.

Each benchmark runs once to warm up, is timed as the median of ``--repeat`` runs, and runs once more with
``CaptureQueriesContext`` to count its queries. Its floor is measured the same way, right after it:
- list pages and list APIs: a hand-written SQL count and page returning the same rows in the same order
  (``bench/lists.py``);
- exports: a plain openpyxl write-only export of the same rows;
- sweeps: one SQL statement that finds and inserts the same rows;
- ``verify_audit``: the same hashes over a raw cursor;
- concurrent writers: one client.

Pages and APIs go through Django's test client in this process, with DEBUG off. Pages are signed in with
``force_login``, APIs with a bearer token. The table goes to stdout and to ``bench/results-<scale>.md``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from . import env


@dataclass
class Result:
    name: str
    role: str
    ms: float | None = None
    queries: int | None = None
    floor_ms: float | None = None
    rows: str = ""
    same: str = "–"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.ms is None or not self.floor_ms:
            return None
        return self.ms / self.floor_ms


@dataclass
class Bench:
    name: str
    role: str
    run: Callable[[], object]  # one measured run; returns what ``rows`` reads (a response body, a count, ...)
    floor: Callable[[], object] | None = None
    rows: Callable[[object, object], tuple[str, str]] | None = None  # (rows text, same rows ✓/✗/–)
    custom: Callable[[int], list[Result]] | None = None  # measures itself (sweeps, writers)
    tags: set = field(default_factory=set)


class QueryCount:
    """``CaptureQueriesContext`` on a cleared log. Django keeps the last 9,000 queries only, so a count that
    reaches that limit is taken from an ``execute_wrapper`` that counts every statement instead."""

    def __init__(self, connection):
        from django.test.utils import CaptureQueriesContext

        self.connection = connection
        self.capture = CaptureQueriesContext(connection)
        self.executed = 0

    def _count(self, execute, sql, params, many, context):
        self.executed += 1
        return execute(sql, params, many, context)

    def __enter__(self):
        self.connection.queries_log.clear()
        self.wrapper = self.connection.execute_wrapper(self._count)
        self.wrapper.__enter__()
        self.capture.__enter__()
        return self

    def __exit__(self, *exc):
        self.capture.__exit__(*exc)
        self.wrapper.__exit__(*exc)

    def __len__(self) -> int:
        captured = len(self.capture)
        return captured if captured < self.connection.queries_log.maxlen else self.executed


def median_ms(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(bench: Bench, repeat: int) -> list[Result]:
    from django.db import connection

    if bench.custom:
        return bench.custom(repeat)
    result = Result(bench.name, bench.role)
    try:
        outcome = bench.run()  # warm-up: caches filled, templates loaded
        result.ms = median_ms(bench.run, repeat)
        with QueryCount(connection) as captured:  # counted apart, so the query log costs the timings nothing
            bench.run()
        result.queries = len(captured)
        if bench.floor:
            floor_outcome = bench.floor()
            result.floor_ms = median_ms(bench.floor, repeat)
            if bench.rows:
                result.rows, result.same = bench.rows(outcome, floor_outcome)
    except Exception as exc:  # a broken page is a result too: it is reported, the rest still runs
        result.note = f"{type(exc).__name__}: {str(exc)[:160]}"
    return [result]


# --- output ----------------------------------------------------------------------------------------------
def fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def table(results: list[Result], scale: int) -> str:
    lines = [
        "| name | scale | role | ms median | queries | floor ms | ratio | rows | same rows | note |",
        "|---|---|---|---:|---:|---:|---:|---|:-:|---|",
    ]
    for r in results:
        lines.append(
            f"| {r.name} | {scale}x | {r.role} | {fmt(r.ms)} | {'—' if r.queries is None else r.queries} | "
            f"{fmt(r.floor_ms)} | {fmt(r.ratio, 2)} | {r.rows} | {r.same} | {r.note.replace('|', '/')} |"
        )
    return "\n".join(lines)


def header(args, scale: int, extra: str = "") -> str:
    def git(*cmd):
        try:
            return subprocess.run(["git", *cmd], capture_output=True, text=True, check=False).stdout.strip()  # noqa: S603, S607
        except OSError:
            return "?"

    dirty = " (with uncommitted changes)" if git("status", "--porcelain", "--untracked-files=no") else ""
    return (
        f"# Bench results, {scale}x\n\n"
        f"- run {datetime.now():%Y-%m-%d %H:%M}, database `{env.database_name(args.database_url)}`, "
        f"median of {args.repeat} runs after one warm-up\n"
        f"- code: commit {git('rev-parse', '--short', 'HEAD')}{dirty}\n"
        f"- machine: {os.cpu_count()} cores, "
        f"shared; PostgreSQL {extra}\n"
    )


def guess_scale(database_url: str) -> int:
    match = re.search(r"(\d+)$", env.database_name(database_url))
    return int(match.group(1)) if match else 0


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--only", default="", help="regular expression on '<name> <role>' (case-insensitive)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--scale", type=int, default=None, help="for the table (default: the database name's suffix)"
    )
    parser.add_argument("--no-write", action="store_true", help="print the table only")
    parser.add_argument("--output", default="", help="write the table to this file instead")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        raise SystemExit("--repeat must be at least 1")
    scale = args.scale or guess_scale(args.database_url)

    env.configure(args.database_url)
    from django.db import connection

    from .suite import Suite

    suite = Suite(args.database_url, scale)
    pattern = re.compile(args.only, re.IGNORECASE) if args.only else None
    results: list[Result] = []
    started = time.perf_counter()
    try:
        benches = [b for b in suite.benches() if pattern is None or pattern.search(f"{b.name} {b.role}")]
        print(f"{len(benches)} benchmarks at {scale}x, median of {args.repeat}", flush=True)
        for number, bench in enumerate(benches, start=1):
            measured = measure(bench, args.repeat)
            results += measured
            for r in measured:
                print(f"[{number}/{len(benches)}] {r.name} ({r.role}): {fmt(r.ms)} ms, {r.queries} queries, "
                      f"floor {fmt(r.floor_ms)} ms {r.same} {r.note}", flush=True)  # fmt: skip
    finally:
        suite.close()
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        version = cursor.fetchone()[0]
    text = header(args, scale, version) + (
        f"- {len(results)} results in {time.perf_counter() - started:,.0f} s\n\n"
        + table(results, scale)
        + "\n"
    )
    if suite.writer_summary:
        text += "\n" + suite.writer_summary + "\n"
    print("\n" + text)
    if args.output and not args.no_write:
        Path(args.output).write_text(text)
        print(f"written to {args.output}")
    elif not args.no_write and not args.only:
        path = env.BENCH_DIR / f"results-{scale}.md"
        path.write_text(text)
        print(f"written to {path}")
    elif not args.no_write:
        path = env.BENCH_DIR / "var" / f"results-{scale}-partial.md"
        path.write_text(text)
        print(f"--only: written to {path} (bench/results-{scale}.md keeps the full run)")


def json_ids(body: bytes) -> tuple[int, list[int]]:
    data = json.loads(body)
    key = "id" if not data["items"] or "id" in data["items"][0] else "appointment_id"
    return data["count"], [item[key] for item in data["items"]]


if __name__ == "__main__":
    main()
