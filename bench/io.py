"""Issue 13: a full export of the largest list and an import of 10,000 rows, each beside its floor.

``python -m bench.run --database-url .../pb_bench_100 --only 'export_full|import' --repeat 3`` runs both
(``special_benches`` lists them); ``python -m bench.io --database-url .../pb_bench_100 [--only export|import]``
runs them alone and prints the same table plus the memory columns.

Every measurement is its own child process (``python -m bench.io child <what> ...``), so one run's memory,
caches and connections do not reach the next; the child prints one ``RESULT {json}`` line.

- **export_full outputs** (region, every row, the largest exported list at 100x): the background job's
  writer, what a user's export produces (``exports.services.export_job_create`` then ``export_job_run``:
  the declared export's queryset, ``web.exports.write_workbook`` with title rows, formats and widths, the
  progress updates, the file stored in the media storage). Floor: the export's columns as one SQL query
  (``bench.lists`` ``export_cols``) on a server-side cursor (2,000 rows a fetch), appended to a plain
  openpyxl write-only workbook saved to a temporary file. Both at 10% and at 100% of the rows (the export's
  own queryset sliced, the floor's ``LIMIT``); peak memory is the child's ``ru_maxrss`` less its size
  before the work (Django loaded, the URLconf imported).
- **import units**: a generated workbook of 10,000 valid units (the kind's own template, unique codes with
  their GB 32100 check character) imported by the project (``imports.services.import_job_create``, which
  validates in the request when ``IMPORT_INLINE_MAX_ROWS`` allows, then ``import_job_start``, which runs
  ``import_job_run``), against reading the same workbook (openpyxl read-only) and ``Unit.objects.bulk_create``.
  Each run gets a fresh database ``pb_bench_import``, copied from ``pb_bench_import_template`` (migrated,
  with 20 departments and one region administrator), dropped and copied again before every run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from . import env

EXPORT_LIST = "outputs"  # the largest exported list at 100x (456,328 rows; pay 416,125; assessments 230,212)
FRACTIONS = (0.1, 1.0)
IMPORT_ROWS = 10_000
IMPORT_DB = "pb_bench_import"
IMPORT_TEMPLATE = "pb_bench_import_template"
DEPARTMENTS = 20
ROOT = env.BENCH_DIR.parent


# --- child processes ---------------------------------------------------------------------------------------
def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kB


class _Counter:
    def __init__(self):
        self.n = 0

    def __call__(self, execute, sql, params, many, context):
        self.n += 1
        return execute(sql, params, many, context)


def _profiled(fn, path: str | None):
    if not path:
        return fn()
    import cProfile
    import pstats

    profile = cProfile.Profile()
    out = profile.runcall(fn)
    profile.dump_stats(path)
    stats = pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime")
    stats.print_stats(30)
    stats.sort_stats("cumulative").print_stats(45)
    return out


def child_export_app(args) -> dict:
    import dataclasses

    from django.db import connection
    from django.http import QueryDict

    from postdoc_base.accounts.models import User
    from postdoc_base.exports import services
    from postdoc_base.exports.models import ExportJob, ExportJobStatus
    from postdoc_base.exports.specs import EXPORTS, export_spec

    spec = export_spec(EXPORT_LIST)  # loads the URLconf, as the worker does on its first job
    if args.limit:
        rows = spec.rows
        EXPORTS[EXPORT_LIST] = spec = dataclasses.replace(
            spec, rows=lambda request: rows(request)[: args.limit]
        )
    user = User.objects.get(username="region1")
    job = services.export_job_create(user=user, spec=spec, params=QueryDict())
    counter = _Counter()
    before = _rss_mb()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        _profiled(lambda: services.export_job_run(job.pk), args.profile)
    seconds = time.perf_counter() - started
    peak = _rss_mb()
    job.refresh_from_db()
    size = job.file.size if job.file else 0
    ok = job.status == ExportJobStatus.DONE
    if job.file:
        job.file.delete(save=False)
    ExportJob.objects.filter(pk=job.pk).delete()
    return {"seconds": seconds, "rows": job.done, "ok": ok, "queries": counter.n, "rss_before": before,
            "rss_peak": peak, "bytes": size}  # fmt: skip


def export_floor_sql(limit: int | None) -> str:
    from .lists import LISTS, REGION

    spec = next(s for s in LISTS if s.name == EXPORT_LIST)
    sql = (
        f"SELECT {spec.export_cols} FROM {spec.table} {spec.scope_join} {spec.joins} "  # noqa: S608
        f"WHERE {spec.where[REGION]} ORDER BY {spec.order}"
    )
    return sql + (f" LIMIT {int(limit)}" if limit else "")


def child_export_floor(args) -> dict:
    import tempfile

    from django.db import connection, transaction
    from openpyxl import Workbook

    text = export_floor_sql(args.limit)
    connection.ensure_connection()
    before = _rss_mb()
    started = time.perf_counter()

    def run() -> tuple[int, int]:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet(EXPORT_LIST)
        count = 0
        with transaction.atomic(), connection.connection.cursor(name="bench_export_full") as cursor:
            cursor.itersize = 2000
            cursor.execute(text, {})
            for row in cursor:
                sheet.append(row)
                count += 1
        with tempfile.TemporaryFile() as out:
            workbook.save(out)
            return count, out.tell()

    count, size = _profiled(run, args.profile)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows": count, "ok": True, "queries": 1, "rss_before": before,
            "rss_peak": _rss_mb(), "bytes": size}  # fmt: skip


def child_import_setup(args) -> dict:
    """In the template database: departments, a region administrator, and the workbook of ``--rows`` units."""
    from django.contrib.auth.hashers import make_password
    from openpyxl import load_workbook

    from postdoc_base.accounts.enums import Role
    from postdoc_base.accounts.models import RoleAssignment, User
    from postdoc_base.directory.enums import Affiliation, UnitNature
    from postdoc_base.directory.models import Bureau, CompetentDepartment
    from postdoc_base.imports.specs import UNITS
    from postdoc_base.imports.workbooks import template_workbook
    from postdoc_base.policy.identifiers import USCC_CHARSET, uscc_check_char

    from . import vocab

    departments = [
        CompetentDepartment.objects.create(name=f"自治区{vocab.INDUSTRY[i % len(vocab.INDUSTRY)]}厅{i + 1}")
        for i in range(DEPARTMENTS)
    ]
    user = User.objects.create(
        username="region1", display_name="自治区管理员1", password=make_password("Bench-2026!")
    )
    RoleAssignment.objects.create(user=user, role=Role.REGION_ADMIN)

    import io

    workbook = load_workbook(io.BytesIO(template_workbook(UNITS)))
    sheet = workbook.worksheets[0]
    titles = [str(c.value).rstrip("*") for c in sheet[1]]
    fields = {str(column.title): column.field for column in UNITS.columns}
    order = [fields[t] for t in titles]
    rng = random.Random(2026)
    bureaus = list(Bureau.objects.order_by("order", "id"))
    prefix = {UnitNature.ENTERPRISE: "91", UnitNature.INSTITUTION: "12", UnitNature.OTHER: "52"}
    natures = dict(UnitNature.choices)
    affiliations = dict(Affiliation.choices)
    for i in range(args.rows):
        bureau = rng.choice(bureaus)
        nature = rng.choices(list(prefix), weights=(65, 30, 5))[0]
        affiliation = rng.choices([Affiliation.LOCAL, Affiliation.CENTRAL, Affiliation.REGION], (75, 12, 13))[
            0
        ]
        value, body = (i * 1_000_003 + 1_234_567) % 31**9, ""
        for _ in range(9):
            value, digit = divmod(value, 31)
            body = USCC_CHARSET[digit] + body
        first17 = prefix[nature] + bureau.code[:4] + "03" + body
        row = {
            "name": f"{bureau.name.rstrip('市盟')}{rng.choice(vocab.INDUSTRY)}导入单位{i + 1}",
            "uscc": first17 + uscc_check_char(first17),
            "bureau": bureau.name,
            "nature": str(natures[nature]),
            "affiliation": str(affiliations[affiliation]),
            "department": rng.choice(departments).name if affiliation != Affiliation.LOCAL else None,
            "independent_legal_person": "是",
            "has_mobile_station": "否" if rng.random() < 0.9 else "是",
            "has_workstation": "否",
            "address": f"{bureau.name}{rng.randint(1, 300)}号",
            "contact_name": f"联系人{i % 997}",
            "contact_phone": f"0471-{rng.randint(1000000, 9999999)}",
        }
        sheet.append([row[f] for f in order])
    workbook.save(args.workbook)
    return {"rows": args.rows, "ok": True}


def _uploaded(path: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from postdoc_base.imports.workbooks import XLSX_TYPE

    return SimpleUploadedFile("单位导入.xlsx", Path(path).read_bytes(), content_type=XLSX_TYPE)


def child_import_app(args) -> dict:
    from django.conf import settings
    from django.db import connection

    from postdoc_base.accounts.models import User
    from postdoc_base.directory.models import Unit
    from postdoc_base.imports import services
    from postdoc_base.imports.models import ImportJobState

    settings.IMPORT_INLINE_MAX_ROWS = 10**6  # validated and imported in this process, as a small file is
    actor = User.objects.get(username="region1")
    uploaded = _uploaded(args.workbook)
    counter = _Counter()
    result = {}

    def run():
        started = time.perf_counter()
        job, background = services.import_job_create(actor=actor, kind="units", uploaded=uploaded)
        result["validate_seconds"] = time.perf_counter() - started
        result["validate_queries"] = counter.n
        job.refresh_from_db()
        result.update(valid=job.valid, invalid=job.invalid, background=background)
        if job.invalid:
            result["report"] = job.report.get("rows", [])[:3]
        started, queries = time.perf_counter(), counter.n
        services.import_job_start(actor=actor, job=job, only_valid=False)
        result["run_seconds"] = time.perf_counter() - started
        result["run_queries"] = counter.n - queries
        job.refresh_from_db()
        result.update(state=job.state, imported=job.imported, message=job.message)
        if job.file:
            job.file.delete(save=False)

    before = _rss_mb()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        _profiled(run, args.profile)
    seconds = time.perf_counter() - started
    units = Unit.objects.count()
    result.update(seconds=seconds, rows=units, queries=counter.n, rss_before=before, rss_peak=_rss_mb(),
                  ok=result.get("state") == ImportJobState.DONE and units == result.get("imported"))  # fmt: skip
    return result


def child_import_floor(args) -> dict:
    from django.db import connection
    from openpyxl import load_workbook

    from postdoc_base.directory.enums import Affiliation, UnitNature
    from postdoc_base.directory.models import Bureau, CompetentDepartment, Unit
    from postdoc_base.imports.specs import UNITS

    counter = _Counter()
    connection.ensure_connection()
    before = _rss_mb()
    started = time.perf_counter()
    with connection.execute_wrapper(counter):
        bureaus = dict(Bureau.objects.values_list("name", "pk"))
        departments = dict(CompetentDepartment.objects.values_list("name", "pk"))
        natures = {str(label): value for value, label in UnitNature.choices}
        affiliations = {str(label): value for value, label in Affiliation.choices}
        fields = {str(column.title): column.field for column in UNITS.columns}
        workbook = load_workbook(args.workbook, read_only=True)
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        order = [fields[str(t).rstrip("*")] for t in next(rows)]
        units = []
        for row in rows:
            v = dict(zip(order, row, strict=False))
            units.append(Unit(
                name=v["name"], uscc=v["uscc"], bureau_id=bureaus.get(v["bureau"]), nature=natures[v["nature"]],
                affiliation=affiliations[v["affiliation"]], department_id=departments.get(v["department"]),
                independent_legal_person=v["independent_legal_person"] == "是",
                has_mobile_station=v["has_mobile_station"] == "是", has_workstation=v["has_workstation"] == "是",
                address=v["address"] or "", contact_name=v["contact_name"] or "", contact_phone=v["contact_phone"] or "",
            ))  # fmt: skip
        workbook.close()
        read = time.perf_counter() - started
        Unit.objects.bulk_create(units, batch_size=1000)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "read_seconds": read, "insert_seconds": seconds - read, "rows": Unit.objects.count(),
            "ok": True, "queries": counter.n, "rss_before": before, "rss_peak": _rss_mb()}  # fmt: skip


CHILDREN = {
    "export_app": child_export_app,
    "export_floor": child_export_floor,
    "import_setup": child_import_setup,
    "import_app": child_import_app,
    "import_floor": child_import_floor,
}


def child_main(argv) -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=sorted(CHILDREN))
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--rows", type=int, default=IMPORT_ROWS)
    parser.add_argument("--workbook", default="")
    parser.add_argument("--profile", default="")
    args = parser.parse_args(argv)
    env.configure(args.database_url)
    result = CHILDREN[args.what](args)
    print("RESULT " + json.dumps(result, default=str), flush=True)


# --- the parent: one child per measurement ------------------------------------------------------------------
def run_child(what: str, database_url: str, *extra: str) -> dict:
    command = [sys.executable, "-m", "bench.io", "child", what, "--database-url", database_url, *extra]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)  # noqa: S603
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode or not lines:
        raise RuntimeError(f"{what} failed ({done.returncode}): {done.stderr.strip()[-600:]}")
    return json.loads(lines[-1][len("RESULT ") :])


def _with_db(database_url: str, name: str) -> str:
    parts = urlparse(database_url)
    return urlunparse(parts._replace(path=f"/{name}"))


def export_total(database_url: str) -> int:
    from django.db import connection

    if connection.settings_dict["NAME"] == env.database_name(database_url):
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({export_floor_sql(None)}) q")  # noqa: S608
            return cursor.fetchone()[0]
    raise RuntimeError("Django is connected to another database")


def export_results(database_url: str, repeat: int) -> list:
    """Rows ``export_full outputs (<n> rows)`` for each fraction: median seconds of the app and the floor, each
    run in its own child, alternating; memory: the largest growth of any run."""
    from .run import Result

    total = export_total(database_url)
    out = []
    for fraction in FRACTIONS:
        limit = 0 if fraction >= 1 else int(total * fraction)
        app, floor = [], []
        for _ in range(repeat):
            app.append(run_child("export_app", database_url, "--limit", str(limit)))
            floor.append(run_child("export_floor", database_url, "--limit", str(limit)))
        result = Result(f"export_full {EXPORT_LIST} ({fraction:.0%} of rows)", "region")
        result.ms = statistics.median(r["seconds"] for r in app) * 1000
        result.floor_ms = statistics.median(r["seconds"] for r in floor) * 1000
        result.queries = app[-1]["queries"]
        result.rows = f"{app[-1]['rows']:,}"
        result.same = "✓" if all(r["ok"] and r["rows"] == floor[0]["rows"] for r in app) else "✗"
        grow = max(r["rss_peak"] - r["rss_before"] for r in app)
        floor_grow = max(r["rss_peak"] - r["rss_before"] for r in floor)
        result.note = (
            f"peak RSS +{grow:,.0f} MB (floor +{floor_grow:,.0f} MB); "
            f"file {app[-1]['bytes'] / 2**20:,.1f} MB (floor {floor[-1]['bytes'] / 2**20:,.1f} MB)"
        )
        result.extra = {"app": app, "floor": floor}
        out.append(result)
    return out


def _admin_execute(database_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(_with_db(database_url, "postgres"), autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


def _bench_env(database_url: str) -> dict:
    environ = dict(os.environ)
    environ.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="config.settings", POSTDOC_DEMO="1",
                   DJANGO_DEBUG="0", POSTDOC_AUDIT_ANCHOR=str(env.anchor_path(database_url)))  # fmt: skip
    environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    return environ


def workbook_path(rows: int) -> Path:
    return env.VAR_DIR / f"import-units-{rows}.xlsx"


def prepare_import_template(database_url: str, rows: int) -> Path:
    """The migrated template database with its setup rows, and the workbook (made once; ``--fresh`` again)."""
    template_url = _with_db(database_url, IMPORT_TEMPLATE)
    path = workbook_path(rows)
    _admin_execute(database_url, f"DROP DATABASE IF EXISTS {IMPORT_DB}", f"DROP DATABASE IF EXISTS {IMPORT_TEMPLATE}",
                   f"CREATE DATABASE {IMPORT_TEMPLATE}")  # fmt: skip
    env.VAR_DIR.mkdir(parents=True, exist_ok=True)
    env.anchor_path(template_url).unlink(missing_ok=True)
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT,  # noqa: S603
                   env=_bench_env(template_url), check=True)  # fmt: skip
    run_child("import_setup", template_url, "--rows", str(rows), "--workbook", str(path))
    env.anchor_path(template_url).unlink(missing_ok=True)
    return path


def fresh_import_db(database_url: str) -> str:
    url = _with_db(database_url, IMPORT_DB)
    _admin_execute(database_url, f"DROP DATABASE IF EXISTS {IMPORT_DB}",
                   f"CREATE DATABASE {IMPORT_DB} TEMPLATE {IMPORT_TEMPLATE}")  # fmt: skip
    env.anchor_path(url).unlink(missing_ok=True)  # the chain starts again with the copy
    return url


def import_results(database_url: str, repeat: int, rows: int = IMPORT_ROWS) -> list:
    from .run import Result

    path = prepare_import_template(database_url, rows)
    app, floor = [], []
    for _ in range(repeat):
        app.append(run_child("import_app", fresh_import_db(database_url), "--workbook", str(path)))
        floor.append(run_child("import_floor", fresh_import_db(database_url), "--workbook", str(path)))
    _admin_execute(database_url, f"DROP DATABASE IF EXISTS {IMPORT_DB}")
    result = Result(f"import units ({rows:,} rows)", "region")
    result.ms = statistics.median(r["seconds"] for r in app) * 1000
    result.floor_ms = statistics.median(r["seconds"] for r in floor) * 1000
    result.queries = app[-1]["queries"]
    result.rows = f"{app[-1]['imported']:,}"
    result.same = (
        "✓"
        if all(r["ok"] and r["imported"] == rows for r in app) and all(r["rows"] == rows for r in floor)
        else "✗"
    )
    med = {k: statistics.median(r[k] for r in app) for k in ("validate_seconds", "run_seconds")}
    result.note = (
        f"check {med['validate_seconds']:,.1f} s ({app[-1]['validate_queries'] / rows:.1f} queries/row), "
        f"import {med['run_seconds']:,.1f} s ({app[-1]['run_queries'] / rows:.1f} queries/row); "
        f"floor: read {statistics.median(r['read_seconds'] for r in floor):,.2f} s, "
        f"bulk_create {statistics.median(r['insert_seconds'] for r in floor):,.2f} s "
        f"({floor[-1]['queries']} queries)"
    )
    if not all(r["ok"] for r in app):
        result.note += f"; app: {app[-1].get('state')} {app[-1].get('message')} {app[-1].get('report', '')}"
    result.extra = {"app": app, "floor": floor}
    return [result]


def io_benches(suite) -> list:
    from .run import Bench

    return [
        Bench(f"export_full {EXPORT_LIST}", "region", run=lambda: None,
              custom=lambda repeat: export_results(suite.database_url, repeat)),
        Bench(f"import units ({IMPORT_ROWS:,} rows)", "region", run=lambda: None,
              custom=lambda repeat: import_results(suite.database_url, repeat)),
    ]  # fmt: skip


def main(argv=None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["child"]:
        return child_main(argv[1:])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True)
    parser.add_argument("--only", choices=("export", "import"), default=None)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rows", type=int, default=IMPORT_ROWS, help="rows of the import workbook")
    args = parser.parse_args(argv)
    env.configure(args.database_url)
    from .run import guess_scale, table

    results = []
    if args.only in (None, "export"):
        results += export_results(args.database_url, args.repeat)
    if args.only in (None, "import"):
        results += import_results(args.database_url, args.repeat, args.rows)
    print(table(results, 0 if args.only == "import" else guess_scale(args.database_url)))
    for r in results:
        print(json.dumps({"name": r.name, **r.extra}, default=str))
    return None


if __name__ == "__main__":
    main()
