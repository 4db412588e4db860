"""Django's SQLite backend with the audit chain sealed at commit (see ``kernel/db/__init__.py``)."""

from django.db.backends.sqlite3 import base

from .. import AuditSealingMixin


class DatabaseWrapper(AuditSealingMixin, base.DatabaseWrapper):
    pass
