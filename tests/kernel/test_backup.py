"""Backup and restore (issue 9 item 1): an archive restores into an empty database with every record, every
file and the audit chain intact; a restore over live data, a wrong engine or a damaged archive is refused."""

import os
import sqlite3
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection

from postdoc_base.accounts import services as account_services
from postdoc_base.kernel.backup import BackupError, make_backup, restore_backup, stored_file_names
from postdoc_base.kernel.models import AuditEvent
from tests.factories import PDF_BYTES
from tests.factories.exits import appointment, make_exit_world

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.heavy]


@pytest.fixture
def world():
    w = make_exit_world()
    a = appointment(w)  # its tripartite agreement is a stored file
    account_services.user_create(
        actor=w["region"], username="zhang_san", display_name="张三", email="zs@example.cn", phone="",
        password="Str0ng-Passw0rd-2026",
    )  # fmt: skip
    return {**w, "appointment": a}


def _restore_env(tmp_path: Path) -> tuple[dict, str | None]:
    """Environment for a `manage.py restore` into a new, empty database and media folder."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "POSTDOC_MEDIA_ROOT"}}
    env["POSTDOC_MEDIA_ROOT"] = str(tmp_path / "restored-media")
    env["POSTDOC_VAR_DIR"] = str(settings.VAR_DIR)  # the same keys: ciphertexts and the chain stay valid
    env["POSTDOC_AUDIT_ANCHOR"] = str(tmp_path / "no-anchor-yet.log")  # a new server's: nothing anchored
    if connection.vendor == "postgresql":
        name = f"pb_restore_{uuid.uuid4().hex[:10]}"
        sd = connection.settings_dict
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        env["DATABASE_URL"] = f"postgres://{sd['USER']}@{sd['HOST']}:{sd['PORT'] or 5432}/{name}"
        return env, name
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'restored.sqlite3'}"
    return env, None


def _manage(env, *args):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def _rows(env, db_name, sql):
    if db_name:
        import psycopg

        sd = connection.settings_dict
        with psycopg.connect(host=sd["HOST"], port=sd["PORT"] or 5432, user=sd["USER"], dbname=db_name) as c:
            return c.execute(sql).fetchall()
    path = env["DATABASE_URL"].removeprefix("sqlite:///")
    with sqlite3.connect(path) as c:
        return c.execute(sql).fetchall()


def _drop(db_name):
    if db_name:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{db_name}" WITH (FORCE)')


def test_restore_into_empty_database_finds_every_record_file_and_an_intact_chain(world, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", "--output", str(archive))
    events = AuditEvent.objects.count()
    files = stored_file_names()
    assert events > 0 and len(files) == 1
    env, db_name = _restore_env(tmp_path)
    try:
        result = _manage(env, "restore", str(archive))
        assert result.returncode == 0, result.stderr
        assert "restored and checked" in result.stdout
        assert f"{len(files)} files, {events} audit events; audit chain intact" in result.stdout
        # The records themselves, read straight from the restored database.
        assert _rows(env, db_name, "SELECT display_name FROM accounts_user WHERE username = 'zhang_san'") == [
            ("张三",)
        ]
        assert _rows(env, db_name, "SELECT COUNT(*) FROM kernel_auditevent")[0][0] == events
        stored_id = _rows(env, db_name, f"SELECT id_number FROM tenure_postdoc WHERE id = {world['p1'].pk}")
        assert stored_id[0][0].startswith("v1:")  # still encrypted: the backup never holds a plaintext ID
        # The file, byte for byte, where the restored row says it is.
        assert (Path(env["POSTDOC_MEDIA_ROOT"]) / files[0]).read_bytes() == PDF_BYTES
        verify = _manage(env, "verify_audit")
        assert verify.returncode == 0 and f"audit chain intact: {events} events" in verify.stdout
    finally:
        _drop(db_name)


def test_restore_refuses_a_database_that_is_not_empty(world, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    make_backup(archive)
    users = world["region"].__class__.objects.count()
    with pytest.raises(BackupError, match="not empty"):
        restore_backup(archive)
    assert world["region"].__class__.objects.count() == users


def test_restore_refuses_an_archive_that_is_not_a_backup(tmp_path):
    bogus = tmp_path / "bogus.tar.gz"
    with tarfile.open(bogus, "w:gz") as archive:
        archive.add(__file__, arcname="notes.txt")
    with pytest.raises(BackupError, match="manifest.json missing"):
        restore_backup(bogus)
    garbage = tmp_path / "garbage.tar.gz"
    garbage.write_bytes(b"not an archive")
    with pytest.raises(BackupError, match="not a readable backup archive"):
        restore_backup(garbage)


def test_a_damaged_file_in_the_archive_is_reported_by_the_check(world, tmp_path):
    archive = tmp_path / "backup.tar.gz"
    make_backup(archive)
    name = stored_file_names()[0]
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive, "r:gz") as src, tarfile.open(damaged, "w:gz") as out:
        for member in src.getmembers():
            data = src.extractfile(member).read()
            if member.name == "files/" + name:
                data = data.replace(b"PDF", b"FDP")
            member.size = len(data)
            import io

            out.addfile(member, io.BytesIO(data))
    env, db_name = _restore_env(tmp_path)
    try:
        result = _manage(env, "restore", str(damaged))
        assert result.returncode != 0
        assert f"file {name}: content differs from the backup" in result.stderr
    finally:
        _drop(db_name)
