"""Production settings come from the environment; with them `check --deploy` reports nothing."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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
