"""The environment the bench runs Django in, shared by ``bench.generate`` and ``bench.run``.

- Settings as the demo runs them (``POSTDOC_DEMO=1``, ``DJANGO_DEBUG=0``): DEBUG off like production, with the
  development keys of this checkout (``var/secret_key``), so ``manage.py verify_audit`` and the pages read
  the generated data with the same keys.
- ``REDIS_URL`` defaults to Redis database 15: the cache and the Huey queue (e-mail of the concurrent
  writers' notifications) stay out of the development queue; nobody consumes it.
- The audit anchor (``POSTDOC_AUDIT_ANCHOR``) is one file per bench database under ``bench/var/``: the
  development anchor (``var/audit-anchor.log``) belongs to another database.
- Persistent connections, as production keeps them (``POSTDOC_CONN_MAX_AGE``).
- Exports answered in the request whatever their size (``POSTDOC_EXPORT_INLINE_MAX_ROWS``): the bench times
  the writing itself, which a background export job does through the same writer (``postdoc_base.exports``).
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlparse

BENCH_DIR = Path(__file__).resolve().parent
VAR_DIR = BENCH_DIR / "var"


def database_name(database_url: str) -> str:
    name = urlparse(database_url).path.lstrip("/")
    if not name or urlparse(database_url).scheme not in ("postgres", "postgresql"):
        raise SystemExit("--database-url must be postgres://user@host:port/<database>")
    return name


def anchor_path(database_url: str) -> Path:
    return VAR_DIR / f"audit-anchor-{database_name(database_url)}.log"


def configure(database_url: str) -> None:
    """Set the environment and start Django (call once, before importing any model)."""
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    os.environ["DATABASE_URL"] = database_url
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings"
    os.environ["POSTDOC_DEMO"] = "1"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    os.environ.setdefault("POSTDOC_CONN_MAX_AGE", "600")
    os.environ["POSTDOC_EXPORT_INLINE_MAX_ROWS"] = str(10**9)
    os.environ["POSTDOC_AUDIT_ANCHOR"] = str(anchor_path(database_url))
    import django

    django.setup()
