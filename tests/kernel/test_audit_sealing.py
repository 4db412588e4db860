"""The audit chain is numbered and hashed at commit (kernel/audit.seal): the head row is locked for a few
statements at the end of a transaction, not from the first audited write, so writers on different objects
do not wait for each other's whole transaction, and the chain stays intact under concurrency."""

import threading
import time

import pytest
from django.db import connection, transaction

from postdoc_base.kernel import audit
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.models import AuditEvent, AuditHead
from tests.factories import RoundFactory

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writing transactions (PostgreSQL); SQLite allows one writer at a time",
)


def _chain() -> list[tuple[int, str]]:
    return list(AuditEvent.objects.order_by("seq").values_list("seq", "action"))


@pytest.mark.django_db
def test_an_event_is_numbered_when_its_transaction_ends_not_when_it_is_written():
    subject = RoundFactory()
    with transaction.atomic():
        event = audit.record(actor=None, subject=subject, action="open")
        stored = AuditEvent.objects.get(pk=event.pk)
        assert (stored.seq, stored.hash, AuditHead.objects.get(id=1).last_seq) == (None, None, 0)
    stored = AuditEvent.objects.get(pk=event.pk)
    assert (event.seq, stored.seq, stored.hash) == (1, 1, event.hash)
    assert AuditHead.objects.get(id=1).last_seq == 1
    assert verify_chain() == []


@pytest.mark.django_db
def test_events_of_a_rolled_back_savepoint_leave_no_gap_in_the_chain():
    subject = RoundFactory()
    with transaction.atomic():
        audit.record(actor=None, subject=subject, action="first")
        with pytest.raises(ZeroDivisionError), transaction.atomic():
            audit.record(actor=None, subject=subject, action="doomed")
            1 / 0  # noqa: B018
        audit.record(actor=None, subject=subject, action="third")
    assert _chain() == [(1, "first"), (2, "third")]
    assert verify_chain() == []


@pytest.mark.django_db
def test_verify_reports_an_event_left_without_sequence_number():
    subject = RoundFactory()
    with transaction.atomic():
        audit.record(actor=None, subject=subject, action="sealed")
    AuditEvent.objects.filter(seq=1).update(seq=None, hash=None)
    assert verify_chain() == [
        audit.ChainProblem(None, "1 events without sequence number or hash"),
        audit.ChainProblem(None, "chain ends at 0 but head records 1 (newest rows deleted?)"),
    ]


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_writer_does_not_wait_for_another_writers_open_transaction():
    first_subject, second_subject = RoundFactory(), RoundFactory()
    first_recorded, second_done = threading.Event(), threading.Event()
    timings: dict[str, float] = {}

    def slow_writer():
        try:
            with transaction.atomic():
                audit.record(actor=None, subject=first_subject, action="slow")
                first_recorded.set()
                # Holds its transaction open until the other writer has committed (at most 5 s): with the
                # head locked at the first write, the other writer would wait here the whole 5 s.
                timings["slow_saw_other_commit"] = second_done.wait(5)
        finally:
            first_recorded.set()
            connection.close()

    def quick_writer():
        try:
            first_recorded.wait(5)
            started = time.monotonic()
            with transaction.atomic():
                audit.record(actor=None, subject=second_subject, action="quick")
            timings["quick_seconds"] = time.monotonic() - started
            second_done.set()
        finally:
            connection.close()

    threads = [threading.Thread(target=slow_writer), threading.Thread(target=quick_writer)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)

    assert timings["slow_saw_other_commit"] is True
    assert timings["quick_seconds"] < 2
    assert _chain() == [(1, "quick"), (2, "slow")]  # numbered in commit order
    assert verify_chain() == []


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_eight_concurrent_writers_leave_one_unbroken_chain():
    subjects = [RoundFactory() for _ in range(8)]
    writers, transactions_each = 8, 10
    errors: list[BaseException] = []
    start = threading.Barrier(writers)

    def write(n: int):
        try:
            start.wait(10)
            for k in range(transactions_each):
                with transaction.atomic():
                    audit.record(actor=None, subject=subjects[n], action=f"w{n}-{k}-a")
                    audit.record(actor=None, subject=subjects[n], action=f"w{n}-{k}-b")
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert errors == []
    chain = _chain()
    assert [seq for seq, _ in chain] == list(range(1, writers * transactions_each * 2 + 1))
    # A transaction's two events are chained next to each other.
    assert all(a.endswith("-a") and b == a[:-1] + "b" for (_, a), (_, b) in zip(chain[::2], chain[1::2]))
    assert verify_chain() == []
    assert AuditHead.objects.get(id=1).last_seq == writers * transactions_each * 2
