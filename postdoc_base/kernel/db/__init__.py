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
        # The head this transaction sealed, written to the anchor outside the database once committed.
        self.audit_sealed_head: tuple[int, str] | None = None

    def _seal_audit(self) -> None:
        from postdoc_base.kernel.audit import seal  # late: the models load after the backend

        try:
            seal(self)
        except DatabaseError:
            raise
        except Exception as exc:  # the transaction must not commit with an unsealed event
            raise DatabaseError(f"audit chain could not be sealed: {exc}") from exc

    def _anchor_sealed_head(self) -> None:
        from postdoc_base.kernel import audit_anchor

        if self.audit_sealed_head is not None:
            seq, chain_hash = self.audit_sealed_head
            self.audit_sealed_head = None
            audit_anchor.write(seq, chain_hash)

    def commit(self):
        if self.audit_pending:
            self._seal_audit()
        super().commit()
        self._anchor_sealed_head()

    def rollback(self):
        self.audit_pending.clear()
        self.audit_sealed_head = None
        super().rollback()

    def savepoint_commit(self, sid):
        sealing = (
            self.audit_pending and self.atomic_blocks and all(b._from_testcase for b in self.atomic_blocks)
        )
        if sealing:
            self._seal_audit()
        super().savepoint_commit(sid)
        if sealing:
            self._anchor_sealed_head()
