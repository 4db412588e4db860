"""Database backends that seal the audit chain just before a transaction commits (``kernel.audit.seal``).

``config/settings.py`` swaps Django's SQLite and PostgreSQL engines for the subclasses here; nothing else
changes. Django has no pre-commit hook, so the wrappers provide one: ``commit`` seals first. Under a test
case's own atomic blocks the application's outermost block is a savepoint that never commits, so the
release of that savepoint seals instead (Django marks the test case's blocks ``_from_testcase``); in
production those blocks do not exist and only the real commit seals.
"""

from django.db import DatabaseError


class AuditSealingMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Events recorded in the open transaction, by primary key, waiting for their sequence number.
        self.audit_pending: dict = {}

    def _seal_audit(self) -> None:
        from postdoc_base.kernel.audit import seal  # late: the models load after the backend

        try:
            seal(self)
        except DatabaseError:
            raise
        except Exception as exc:  # the transaction must not commit with an unsealed event
            raise DatabaseError(f"audit chain could not be sealed: {exc}") from exc

    def commit(self):
        if self.audit_pending:
            self._seal_audit()
        super().commit()

    def rollback(self):
        self.audit_pending.clear()
        super().rollback()

    def savepoint_commit(self, sid):
        if self.audit_pending and self.atomic_blocks and all(b._from_testcase for b in self.atomic_blocks):
            self._seal_audit()
        super().savepoint_commit(sid)
