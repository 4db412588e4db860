import pytest

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Rate limits live in the cache; each test starts with none used."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


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
    from postdoc_base.directory.bureaus import BUREAUS, seed_bureaus
    from postdoc_base.directory.models import Bureau

    if Bureau.objects.count() != len(BUREAUS):
        # A flush recreated the content types under new ids; Django's cache still holds the old ones.
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
        seed_bureaus(Bureau)
        from importlib import import_module

        from django.apps import apps

        import_module("postdoc_base.kernel.migrations.0002_seed_parameters").forwards(apps, None)
        import_module("postdoc_base.kernel.migrations.0005_seed_audit_head").forwards(apps, None)
    from postdoc_base.kernel.models import CalendarYear

    if not CalendarYear.objects.exists():
        from postdoc_base.kernel.calendar import seed_from_chinesecalendar

        seed_from_chinesecalendar()
