"""Worlds built once per module (or class) and shared by its tests, as Django's ``TestCase.setUpTestData`` does.

``once_per_module(build)`` makes a module-scoped fixture: ``build()`` runs once, inside an outer transaction
that is rolled back when the module's last test is done. Each test still runs in its own transaction (a
savepoint nested inside the outer one, rolled back after the test), so a test that writes sees a fresh world
and leaves the next test a fresh one too. ``fresh_copy(shared)`` gives each test deep copies of the built
objects (so attributes a test sets, or caches such as ``user.assignments``, never leak into the next test)
and a copy of the files the build stored under the test's own ``MEDIA_ROOT``.

The outer block is marked ``_from_testcase`` like Django's own test-case blocks, so the audit chain is sealed
where it was before (``postdoc_base.kernel.db``: the release of the application's outermost savepoint).

A module that shares a world must not also hold transactional tests (``transaction=True``, ``live_server``):
their flush would run inside the outer transaction and wipe the world; building one refuses that.
"""

from __future__ import annotations

import copy
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TRANSACTIONAL_FIXTURES = {"transactional_db", "live_server", "django_db_reset_sequences"}
# Every fixture through which a test reaches the database. ``django_db_blocker`` is not one of them: it is in
# every test's closure; the tests that unblock the database with it themselves (tests/production/) run only
# against the deployment, in .ci/production.
DATABASE_FIXTURES = {"db", "django_db_serialized_rollback", *TRANSACTIONAL_FIXTURES}


# The data migrations that seed reference rows (besides the bureaus and the calendar, seeded below): the test
# databases are built from the models (--nomigrations), so these run here as they run in a real migrate.
SEEDING_MIGRATIONS = (
    "postdoc_base.kernel.migrations.0002_seed_parameters",
    "postdoc_base.oversight.migrations.0002_notice_working_days",
    "postdoc_base.kernel.migrations.0005_seed_audit_head",
)


def ensure_reference_data() -> None:
    """The 14 bureaus, the parameters, the audit chain's head and the holiday calendar come from data
    migrations; the test databases are built without them, and a transactional test's flush removes them, so put
    them in when they are missing."""
    from postdoc_base.directory.bureaus import BUREAUS, seed_bureaus
    from postdoc_base.directory.models import Bureau

    if Bureau.objects.count() != len(BUREAUS):
        # A flush recreated the content types under new ids; Django's cache still holds the old ones.
        from importlib import import_module

        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        # Refill it now (one query), so that the first test after a flush does not count a content-type query
        # the same page does not make in any other test (query-count tests compare two requests).
        ContentType.objects.get_for_models(*apps.get_models())
        seed_bureaus(Bureau)
        for seeding in SEEDING_MIGRATIONS:
            import_module(seeding).forwards(apps, None)
    from postdoc_base.kernel.models import CalendarYear

    if not CalendarYear.objects.exists():
        from postdoc_base.kernel.calendar import seed_from_chinesecalendar

        seed_from_chinesecalendar()


def _transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    if marker is not None and (
        marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences") or marker.args[:1] == (True,)
    ):
        return True
    return bool(TRANSACTIONAL_FIXTURES & set(getattr(item, "fixturenames", ())))


def uses_database(item) -> bool:
    """Whether a collected test reaches the database: pytest-django refuses the database to any other
    (``item.fixturenames`` is the closure, so a test whose own fixture asks for ``db`` counts too)."""
    return item.get_closest_marker("django_db") is not None or bool(
        DATABASE_FIXTURES & set(getattr(item, "fixturenames", ()))
    )


def _refuse_transactional_neighbours(node) -> None:
    prefix = node.nodeid + "::"
    clashing = [i.nodeid for i in node.session.items if i.nodeid.startswith(prefix) and _transactional(i)]
    if clashing:
        pytest.fail(
            f"{node.nodeid} shares a world built once, so its tests cannot be transactional: {clashing[:3]}",
            pytrace=False,
        )


@dataclass
class Shared:
    value: object
    media: Path  # the files the build stored


def built_once(request, django_db_blocker, tmp_path_factory, build):
    """Generator for a module- or class-scoped fixture: yields ``Shared(build())``, rolls it back at the end."""
    from django.db import connections, transaction
    from django.test import override_settings

    _refuse_transactional_neighbours(request.node)
    media = tmp_path_factory.mktemp("shared-media")
    atomics = {}
    with django_db_blocker.unblock():
        try:
            for alias in connections:
                atomics[alias] = transaction.atomic(using=alias)
                atomics[alias]._from_testcase = True
                atomics[alias].__enter__()
            with override_settings(MEDIA_ROOT=media, PASSWORD_HASHERS=FAST_HASHERS):
                ensure_reference_data()
                value = build()
                _seal_pending_audit_events(connections)
        except BaseException:
            _roll_back(atomics)
            raise
    try:
        yield Shared(value, media)
    finally:
        with django_db_blocker.unblock():
            _roll_back(atomics)


def _seal_pending_audit_events(connections) -> None:
    """Events the build recorded outside any block of the application's own are sealed now, as a commit would
    seal them: left pending, the first test would seal them inside its own transaction and roll that back."""
    from postdoc_base.kernel.audit import seal

    for connection in connections.all():
        if getattr(connection, "audit_pending", None):
            seal(connection)
            connection.audit_sealed_head = None


def _roll_back(atomics) -> None:
    from django.db import transaction

    for alias, atomic in reversed(atomics.items()):
        transaction.set_rollback(True, using=alias)
        atomic.__exit__(None, None, None)


def once_per_module(build, scope: str = "module"):
    """A fixture (module-scoped unless ``scope="class"``) holding ``Shared(build())``; see the module doc."""

    @pytest.fixture(scope=scope)
    def shared(request, django_db_setup, django_db_blocker, tmp_path_factory):
        yield from built_once(request, django_db_blocker, tmp_path_factory, build)

    return shared


def fresh_copy(shared: Shared):
    """The shared world for one test: deep copies of its objects, its files under this test's MEDIA_ROOT.
    Call it from a function-scoped fixture that requests ``db`` (the test's own transaction)."""
    from django.conf import settings

    if any(shared.media.iterdir()):
        shutil.copytree(shared.media, settings.MEDIA_ROOT, dirs_exist_ok=True)
    return copy.deepcopy(shared.value)
