"""The audit chain: every event is keyed-hashed over its content and the previous event's hash.

Editing a row breaks its own hash, inserting or deleting one breaks the sequence or the next row's
``prev_hash``, and deleting the newest rows is caught by ``AuditHead``. The key (``AUDIT_HMAC_KEY``) is not
in the database, so a database user cannot forge a consistent chain.

Chaining happens last. ``record`` inserts the event without a sequence number or hash, inside the caller's
transaction; ``seal`` numbers and hashes the transaction's events under the ``AuditHead`` row lock just
before the transaction commits (the database backends in ``kernel/db`` call it). The head lock is thus held
for a few statements at commit time, not for the whole transaction: audited writes on different objects no
longer wait for each other, and no row lock taken later in a transaction can deadlock against the head.
Sequence numbers therefore follow commit order; ``at`` is when the change was made.
"""

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .middleware import request_id_var
from .models import AuditEvent, AuditHead

GENESIS = "0" * 64
MASK = "***"
HASHED_FIELDS = (
    "seq", "at", "actor_id", "actor_name", "role", "scope", "subject_type", "subject_id", "subject_label",
    "action", "from_state", "to_state", "diff", "comment", "request_id", "prev_hash",
)  # fmt: skip


def _json_default(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def _canonical(event: AuditEvent) -> bytes:
    data = {name: getattr(event, name) for name in HASHED_FIELDS}
    data["at"] = event.at.astimezone(UTC).isoformat(timespec="microseconds")
    return json.dumps(data, sort_keys=True, ensure_ascii=False, default=_json_default).encode()


def compute_hash(event: AuditEvent) -> str:
    return hmac.new(settings.AUDIT_HMAC_KEY.encode(), _canonical(event), hashlib.sha256).hexdigest()


def subject_key(obj) -> tuple[str, str]:
    return obj._meta.label_lower, str(obj.pk)


def field_diff(before: dict, after: dict, sensitive: frozenset[str] = frozenset()) -> dict:
    """``{field: [old, new]}`` for the fields that changed; sensitive values are masked."""
    changed = {}
    for name in sorted(set(before) | set(after)):
        old, new = before.get(name), after.get(name)
        if old != new:
            changed[name] = [MASK, MASK] if name in sensitive else [old, new]
    return json.loads(json.dumps(changed, default=_json_default, ensure_ascii=False))


def _pending_events(connection) -> dict:
    if not connection.in_atomic_block:
        raise RuntimeError("audit events must be recorded inside a transaction")
    pending = getattr(connection, "audit_pending", None)
    if pending is None:
        raise RuntimeError(
            "the database ENGINE must be one of postdoc_base.kernel.db (it seals the audit chain)"
        )
    return pending


def _event(*, actor, subject, action, role, scope, from_state, to_state, diff, comment, at) -> AuditEvent:
    subject_type, subject_id = subject_key(subject)
    person = getattr(actor, "pk", None) is not None
    return AuditEvent(
        seq=None,
        at=at,
        actor=actor if person else None,
        actor_name=str(actor) if person else "",
        role=role,
        scope=scope,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_label=str(subject)[:300],
        action=action,
        from_state=from_state,
        to_state=to_state,
        diff=diff or {},
        comment=comment,
        request_id=request_id_var.get(),
        prev_hash="",
        hash=None,
    )


def record(
    *,
    actor,
    subject,
    action: str,
    role: str = "",
    scope: str = "",
    from_state: str = "",
    to_state: str = "",
    diff: dict | None = None,
    comment: str = "",
) -> AuditEvent:
    """Append one event. Must run inside the caller's transaction so the event and the change commit together;
    the event gets its sequence number and hash when that transaction commits (``seal``)."""
    pending = _pending_events(transaction.get_connection())
    event = _event(actor=actor, subject=subject, action=action, role=role, scope=scope, from_state=from_state,
                   to_state=to_state, diff=diff, comment=comment, at=timezone.now())  # fmt: skip
    event.save()
    pending[event.pk] = event
    return event


def record_many(
    subjects, *, action: str, role: str, to_state: str, diffs, actor=None, scope: str = "", comment: str = ""
) -> list[AuditEvent]:
    """``record`` for many subjects that took the same step (a sweep opening cases): one insert for all the
    events, sealed at commit like any other. ``diffs`` gives each subject's diff, in the same order."""
    pending = _pending_events(transaction.get_connection())
    now = timezone.now()
    events = [
        _event(actor=actor, subject=subject, action=action, role=role, scope=scope, from_state="",
               to_state=to_state, diff=diff, comment=comment, at=now)
        for subject, diff in zip(subjects, diffs, strict=True)
    ]  # fmt: skip
    AuditEvent.objects.bulk_create(events)
    for event in events:
        pending[event.pk] = event
    return events


def seal(connection) -> int:
    """Number and hash the events this transaction recorded, in the order recorded, after the head; returns
    how many. Runs under the head's row lock just before commit (``kernel/db``), so it is the last lock the
    transaction takes. Events whose savepoint was rolled back are gone from the table and are skipped."""
    pending = connection.audit_pending
    if not pending:
        return 0
    # The rows still there: an event recorded in a savepoint that was rolled back is gone. Every row without
    # a number belongs to this transaction (others' are not visible until sealed) and was recorded here.
    ids = AuditEvent.objects.filter(seq__isnull=True).order_by("id").values_list("id", flat=True)
    events = [pending[pk] for pk in ids]
    pending.clear()
    if not events:
        return 0
    head = AuditHead.objects.select_for_update().filter(id=1).first()
    if head is None:  # the migration creates it; kept as a fallback for a database restored without it
        head = AuditHead.objects.create(id=1)
    last_seq, last_hash = head.last_seq, head.last_hash
    for event in events:
        event.seq, event.prev_hash = last_seq + 1, last_hash
        event.hash = compute_hash(event)
        last_seq, last_hash = event.seq, event.hash
    table, head_table = (connection.ops.quote_name(m._meta.db_table) for m in (AuditEvent, AuditHead))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {table} SET seq = %s, prev_hash = %s, hash = %s WHERE id = %s",  # noqa: S608
            [(e.seq, e.prev_hash, e.hash, e.pk) for e in events],
        )
        cursor.execute(
            f"UPDATE {head_table} SET last_seq = %s, last_hash = %s WHERE id = 1",  # noqa: S608
            [last_seq, last_hash],
        )
    connection.audit_sealed_head = (last_seq, last_hash)  # anchored outside the database after commit
    return len(events)


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    problem: str


def verify_chain(batch_size: int = 2000) -> list[ChainProblem]:
    """Walk the whole chain in sequence order, streaming; return every problem found (empty = intact)."""
    problems: list[ChainProblem] = []
    expected_seq, prev_hash = 1, GENESIS
    unsealed = AuditEvent.objects.filter(seq__isnull=True).count()
    if unsealed:
        problems.append(ChainProblem(None, f"{unsealed} events without sequence number or hash"))
    sealed = AuditEvent.objects.filter(seq__isnull=False).order_by("seq")
    for event in sealed.iterator(chunk_size=batch_size):
        if event.seq != expected_seq:
            problems.append(
                ChainProblem(event.seq, f"sequence gap: expected {expected_seq}, found {event.seq}")
            )
        if event.prev_hash != prev_hash:
            problems.append(
                ChainProblem(event.seq, "previous-hash link broken (row inserted or deleted before it)")
            )
        if compute_hash(event) != event.hash:
            problems.append(ChainProblem(event.seq, "content does not match its hash (row edited)"))
        expected_seq, prev_hash = event.seq + 1, event.hash
    head = AuditHead.objects.filter(id=1).first()
    last_seq = expected_seq - 1
    if head is None:
        if last_seq:
            problems.append(ChainProblem(None, "audit head missing"))
    elif head.last_seq != last_seq or head.last_hash != prev_hash:
        problems.append(
            ChainProblem(
                None, f"chain ends at {last_seq} but head records {head.last_seq} (newest rows deleted?)"
            )
        )
    problems += _anchor_problems(last_seq)
    return problems


def _anchor_problems(last_seq: int) -> list[ChainProblem]:
    """Compare the chain with its anchor outside the database (kernel.audit_anchor)."""
    from . import audit_anchor

    anchor, forged = audit_anchor.read_newest()
    problems = [ChainProblem(None, f"anchor line with a wrong key or format: {line}") for line in forged]
    if anchor is None:
        return problems
    if anchor.seq > last_seq:
        problems.append(
            ChainProblem(
                None,
                f"chain ends at {last_seq} but the anchor outside the database records {anchor.seq} "
                "(newest events deleted and the head rewound?)",
            )
        )
    else:
        anchored = AuditEvent.objects.filter(seq=anchor.seq).values_list("hash", flat=True).first()
        if anchored != anchor.hash:
            problems.append(ChainProblem(anchor.seq, "event differs from the anchor outside the database"))
    return problems
