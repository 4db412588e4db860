"""Backups: the database and every uploaded file in one archive, and a restore that proves it worked.

An archive (``.tar.gz``) holds

- ``database.dump`` (PostgreSQL, ``pg_dump`` custom format) or ``database.sqlite3`` (SQLite, the online
  backup API): the engine's own copy, so encrypted personal data stays encrypted and the audit chain stays
  byte for byte what it was;
- ``files/<name>``: every file a model's ``FileField`` names, read through the storage API (so an object
  storage backend is backed up the same way);
- ``manifest.json``: the engine, the row count of every table and the SHA-256 of every file, all taken
  from one consistent view of the database (PostgreSQL: ``pg_dump`` runs on a snapshot exported by the
  transaction that counted; SQLite: counted on the copy).

``restore`` loads an archive into an *empty* database (a new one: restoring over live data is refused),
writes the files back, then checks every table's count, every file's hash and the audit chain
(``verify_chain``) and reports what it found. A backup that cannot be restored is found at restore time,
not months later: run a restore into a scratch database after each backup (docs/deploy.md).
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess  # noqa: S404 - pg_dump/pg_restore are the engine's own tools, called without a shell
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.utils import timezone

FORMAT = 1
MANIFEST = "manifest.json"
FILES_DIR = "files/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """The backup or restore could not be done; the message says why, in words for an operator."""


@dataclass
class RestoreReport:
    tables: int = 0
    rows: int = 0
    files: int = 0
    audit_events: int = 0
    problems: list[str] = field(default_factory=list)


# --- what is backed up ---------------------------------------------------------------------------------
def stored_file_names() -> list[str]:
    """Every file name a ``FileField`` of any model holds, sorted and without duplicates."""
    names: set[str] = set()
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if isinstance(f, models.FileField):
                names.update(
                    model._default_manager.exclude(**{f.name: ""})
                    .exclude(**{f"{f.name}__isnull": True})
                    .values_list(f.name, flat=True)
                )
    return sorted(names)


def _table_counts(cursor, tables: list[str]) -> dict[str, int]:
    qn = connection.ops.quote_name
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT COUNT(*) FROM {qn(table)}")  # noqa: S608 - names from introspection, quoted
        counts[table] = cursor.fetchone()[0]
    return counts


def _sha256(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _pg_env(settings_dict: dict) -> tuple[list[str], dict]:
    """Connection arguments for the PostgreSQL client tools (the password only in the environment)."""
    args = ["--dbname", settings_dict["NAME"]]
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", settings_dict["USER"]]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[-2000:]}")


# --- backup --------------------------------------------------------------------------------------------
def _dump_postgresql(workdir: Path) -> tuple[Path, dict[str, int]]:
    target = workdir / "database.dump"
    args, env = _pg_env(connection.settings_dict)
    with transaction.atomic(), connection.cursor() as cursor:
        # The counts and pg_dump see the same snapshot, so the manifest describes exactly the dump.
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        snapshot = cursor.fetchone()[0]
        counts = _table_counts(cursor, connection.introspection.table_names(cursor))
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                f"--snapshot={snapshot}",
                "--file",
                str(target),
                *args,
            ],
            env,
        )
    return target, counts


def _dump_sqlite(workdir: Path) -> tuple[Path, dict[str, int]]:
    target = workdir / "database.sqlite3"
    connection.ensure_connection()
    copy = sqlite3.connect(target)
    try:
        connection.connection.backup(copy)
        cursor = copy.cursor()
        tables = [
            row[0]
            for row in cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
        ]
        counts = {t: cursor.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}  # noqa: S608
    finally:
        copy.close()
    return target, counts


def make_backup(destination: Path) -> dict:
    """Write an archive to ``destination`` and return its manifest."""
    vendor = connection.vendor
    if vendor not in {"postgresql", "sqlite"}:
        raise BackupError(f"unsupported database engine: {vendor}")
    destination.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        dump, counts = (_dump_postgresql if vendor == "postgresql" else _dump_sqlite)(Path(tmp))
        files = {}
        partial = destination.with_name(destination.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(dump, arcname=dump.name)
            for name in stored_file_names():
                if not default_storage.exists(name):
                    raise BackupError(f"file named in the database is missing from storage: {name}")
                with default_storage.open(name, "rb") as handle:
                    files[name] = _sha256(handle)
                    handle.seek(0)
                    info = tarfile.TarInfo(FILES_DIR + name)
                    info.size, info.mode = default_storage.size(name), 0o600
                    archive.addfile(info, handle)
            manifest = {
                "format": FORMAT,
                "engine": vendor,
                "database": dump.name,
                "created_at": timezone.now().isoformat(),
                "tables": counts,
                "files": files,
            }
            _add_bytes(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
        partial.replace(destination)
    return manifest


# --- restore -------------------------------------------------------------------------------------------
def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise BackupError("not a Postdoc Base backup: manifest.json missing or unreadable") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"unknown backup format {manifest.get('format')!r}")
    if manifest.get("engine") != connection.vendor:
        raise BackupError(
            f"this backup is of a {manifest.get('engine')} database; the configured database is "
            f"{connection.vendor}. Restore into the same engine."
        )
    return manifest


def _ensure_empty_database() -> None:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
    if tables:
        raise BackupError(
            f"the configured database is not empty ({len(tables)} tables): restore only into a new, "
            "empty database"
        )


def _restore_postgresql(dump: Path) -> None:
    args, env = _pg_env(connection.settings_dict)
    connection.close()
    _run(["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", *args, str(dump)], env)


def _restore_sqlite(dump: Path) -> None:
    target = connection.settings_dict["NAME"]
    connection.close()
    source, copy = sqlite3.connect(dump), sqlite3.connect(target)
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()


def _restore_files(archive: tarfile.TarFile, files: dict[str, str]) -> None:
    for name, digest in files.items():
        member = archive.extractfile(FILES_DIR + name)
        if member is None:
            raise BackupError(f"file missing from the archive: {name}")
        if default_storage.exists(name):
            with default_storage.open(name, "rb") as handle:
                if _sha256(handle) != digest:
                    raise BackupError(f"a different file already exists in storage: {name}")
            continue
        saved = default_storage.save(name, File(member, name=name))
        if saved != name:
            raise BackupError(f"storage renamed {name} to {saved}")


def _check(manifest: dict) -> RestoreReport:
    from postdoc_base.kernel.audit import verify_chain
    from postdoc_base.kernel.models import AuditEvent

    report = RestoreReport()
    with connection.cursor() as cursor:
        found = _table_counts(cursor, list(manifest["tables"]))
    for table, expected in manifest["tables"].items():
        if found[table] != expected:
            report.problems.append(f"table {table}: {found[table]} rows, the backup had {expected}")
    report.tables, report.rows = len(found), sum(found.values())
    for name, digest in manifest["files"].items():
        with default_storage.open(name, "rb") as handle:
            if _sha256(handle) != digest:
                report.problems.append(f"file {name}: content differs from the backup")
    report.files = len(manifest["files"])
    report.problems += [f"audit seq {p.seq}: {p.problem}" for p in verify_chain()]
    report.audit_events = AuditEvent.objects.count()
    return report


def restore_backup(source: Path) -> RestoreReport:
    """Restore ``source`` into the configured (empty) database and storage, then check the result."""
    if not source.is_file():
        raise BackupError(f"no such backup file: {source}")
    try:
        archive = tarfile.open(source, "r:gz")  # noqa: SIM115 - closed by the with below
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(f"not a readable backup archive: {exc}") from exc
    with archive, tempfile.TemporaryDirectory() as tmp:
        manifest = _read_manifest(archive)
        _ensure_empty_database()
        dump = Path(tmp) / manifest["database"]
        member = archive.extractfile(manifest["database"])
        if member is None:
            raise BackupError("the database copy is missing from the archive")
        with open(dump, "wb") as out:
            for chunk in iter(lambda: member.read(CHUNK), b""):
                out.write(chunk)
        (_restore_postgresql if connection.vendor == "postgresql" else _restore_sqlite)(dump)
        _restore_files(archive, manifest["files"])
    return _check(manifest)
