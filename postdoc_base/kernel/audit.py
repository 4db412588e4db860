"""The audit chain: every event is keyed-hashed over its content and the previous event's hash.

Editing a row breaks its own hash, inserting or deleting one breaks the sequence or the next row's
``prev_hash``, and deleting the newest rows is caught by ``AuditHead``. The key (``AUDIT_HMAC_KEY``) is not
in the database, so a database user cannot forge a consistent chain.
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
    """Append one event. Must run inside the caller's transaction so the event and the change commit together."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record must be called inside a transaction")
    head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
    subject_type, subject_id = subject_key(subject)
    event = AuditEvent(
        seq=head.last_seq + 1,
        at=timezone.now(),
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=str(actor) if getattr(actor, "pk", None) else "",
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
        prev_hash=head.last_hash,
    )
    event.hash = compute_hash(event)
    event.save()
    head.last_seq, head.last_hash = event.seq, event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    problem: str


def verify_chain(batch_size: int = 2000) -> list[ChainProblem]:
    """Walk the whole chain in sequence order, streaming; return every problem found (empty = intact)."""
    problems: list[ChainProblem] = []
    expected_seq, prev_hash = 1, GENESIS
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=batch_size):
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
    return problems
