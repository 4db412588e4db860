"""Production settings come from the environment; with them `check --deploy` reports nothing."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.heavy

ROOT = Path(__file__).resolve().parents[1]


def manage(tmp_path, *args, **env):
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "POSTDOC_", "DATABASE_URL"))
    }
    full_env.update(POSTDOC_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True,
        timeout=300,
    )  # fmt: skip


def run_check(tmp_path, **env):
    full_env = {
        k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "POSTDOC_", "DATABASE_URL"))
    }
    full_env.update(POSTDOC_VAR_DIR=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "k3Jx9-production-secret-" + "q" * 40 + "-Zp0w8LmN2vB7",
    "DJANGO_ALLOWED_HOSTS": "postdoc.example.gov.cn",
    "POSTDOC_FIELD_KEYS": "4xJ0TzJ3m1p3nqKf1Yw2b8mXcV0rS5tU7yZ9aB1cD3E=,AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=",
    "POSTDOC_LOOKUP_KEY": "lookup-" + "L" * 40,
    "REDIS_URL": "redis://127.0.0.1:6379/15",
}


def test_check_deploy_is_clean_with_production_environment(tmp_path):
    result = run_check(tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_secret_key(tmp_path):
    result = run_check(tmp_path, DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="postdoc.example.gov.cn")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_without_personal_data_keys(tmp_path):
    for missing in ("POSTDOC_FIELD_KEYS", "POSTDOC_LOOKUP_KEY"):
        env = {name: value for name, value in PRODUCTION.items() if name != missing}
        result = run_check(tmp_path, **env)
        assert result.returncode != 0
        assert "POSTDOC_FIELD_KEYS and POSTDOC_LOOKUP_KEY must be set when DJANGO_DEBUG=0" in result.stderr


def test_production_refuses_to_start_without_redis(tmp_path):
    env = {name: value for name, value in PRODUCTION.items() if name != "REDIS_URL"}
    result = run_check(tmp_path, **env)
    assert result.returncode != 0
    assert "REDIS_URL must be set when DJANGO_DEBUG=0" in result.stderr


@pytest.fixture(scope="module")
def migrated(tmp_path_factory):
    """A var folder with a migrated SQLite database, made once; each test works on its own copy."""
    var = tmp_path_factory.mktemp("migrated")
    result = manage(var, "migrate", "--noinput")
    assert result.returncode == 0, result.stderr
    return var


@pytest.fixture
def migrated_copy(migrated, tmp_path):
    shutil.copytree(migrated, tmp_path, dirs_exist_ok=True)
    return tmp_path


def test_deploy_check_fails_on_a_database_loaded_with_demo_accounts(migrated_copy):
    tmp_path = migrated_copy
    clean = run_check(tmp_path, **PRODUCTION)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    # What `make run` leaves behind: an account named like a demo account with the published password.
    create = (
        "from django.conf import settings; from django.contrib.auth import get_user_model; "
        "get_user_model().objects.create_user('demo_region', password=settings.DEMO_PASSWORD)"
    )
    loaded = manage(tmp_path, "shell", "-c", create)
    assert loaded.returncode == 0, loaded.stderr
    result = run_check(tmp_path, **PRODUCTION)
    assert result.returncode != 0
    assert "postdoc_base.E001" in result.stderr
    assert "demo account(s) with the published demo password are active: demo_region" in result.stderr


def test_load_demo_is_refused_in_production(migrated_copy):
    result = manage(migrated_copy, "load_demo", **PRODUCTION)
    assert result.returncode != 0
    assert "load_demo is for development and the demo only" in result.stderr


DEMO_PAGES = """
import django, json
django.setup()
from django.conf import settings
from django.test import Client
c = Client(raise_request_exception=False)
page = c.get("/no-such-page/")
api = c.get("/api/v1/no-such-endpoint")
css = c.get("/static/vendor/bootstrap/bootstrap.min.css")
print(json.dumps({
    "debug": settings.DEBUG,
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
    "page": [page.status_code, "页面不存在" in page.content.decode()],
    "api": [api.status_code, api.json()["code"]],
    "css": css.status_code,
}))
"""


def test_the_demo_shows_the_production_error_pages_and_serves_static_files(migrated_copy):
    result = manage(migrated_copy, "shell", "-c", DEMO_PAGES, POSTDOC_DEMO="1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == {
        "debug": False,
        "conn_max_age": 0,  # the development server's threads would each keep a connection open
        "page": [404, True],
        "api": [404, "not_found"],
        "css": 200,
    }
