import pytest

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_addoption(parser):
    parser.addoption(
        "--screenshots",
        action="store_true",
        help="browser journeys save a screenshot at each step under test-artifacts/ (as POSTDOC_SCREENSHOTS=1)",
    )
    parser.addoption(
        "--database-tests-only",
        action="store_true",
        help="run only the tests that use the database (CI's second run, on PostgreSQL: a test that uses no "
        "database does the same on either backend, and the first run has run it)",
    )


def _is_heavy(item) -> bool:
    return item.get_closest_marker("heavy") is not None or "/tests/e2e/" in str(item.path)


def _keep_database_tests_only(config, items) -> None:
    # Imported here: the factories import the models, and Django is set up by now.
    from tests.factories.shared import uses_database

    kept, skipped = [], []
    for item in items:
        (kept if uses_database(item) else skipped).append(item)
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = kept


def pytest_collection_modifyitems(config, items):
    if config.getoption("--database-tests-only"):
        _keep_database_tests_only(config, items)
    _heavy_files_first(items)


def _heavy_files_first(items) -> None:
    """The long files first (browser journeys and the files marked ``heavy``), each file's tests kept in order:
    pytest-xdist hands out whole files (``--dist loadfile``) in this order, so the long ones start at once and the
    two workers end together instead of one waiting for the other's last long file."""
    items.sort(key=lambda item: not _is_heavy(item))


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in another language (Accept-Language, the language cookie) leaves that language active in the
    thread after the response; each test ends back in the default one, so the next (whatever file it is in,
    e.g. under --dist worksteal) does not render its messages in English."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    # Tests create many users; the production hasher's deliberate slowness only costs time here.
    settings.PASSWORD_HASHERS = FAST_HASHERS


@pytest.fixture(autouse=True)
def _reference_data(request):
    """The 14 bureaus, the parameters and the holiday calendar come from data migrations; a transactional test's flush removes
    them, so put them back before any database test that runs after one on the same worker."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None and not {"db", "transactional_db"} & set(request.fixturenames):
        return
    transactional = (
        bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    request.getfixturevalue("_test_database_dropped")
    from tests.factories.shared import ensure_reference_data

    ensure_reference_data()


@pytest.fixture(scope="session")
def _test_database_dropped(django_db_setup, django_db_blocker):
    """On PostgreSQL, end the sessions a test left open on the test database (a thread's own connection, e.g.
    the live server's or a concurrency test's) before pytest-django drops it: otherwise the drop fails with
    "is being accessed by other users" and the database stays behind on the machine after every run. Set up
    after ``django_db_setup`` (by ``_reference_data``), so torn down before it."""
    yield
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
