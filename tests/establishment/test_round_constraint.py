"""第十一条: one round open at a time, enforced by the database too (constraint ``one_open_round``); and the
audit head seeded by a migration so two first writes cannot race to create it."""

import dataclasses
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment import services
from postdoc_base.establishment.enums import RoundState
from postdoc_base.establishment.models import BaseApplication, Round
from postdoc_base.establishment.workflow import round_dates_valid, round_workflow
from postdoc_base.kernel import audit
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.models import AuditEvent, AuditHead
from postdoc_base.kernel.workflow import TransitionRefused
from tests.factories import RoundFactory, user_with_role
from tests.factories.world import fresh

ANOTHER_OPEN = ("round.another_open", "第十一条", "已有正在申报的批次，同一时间只开放一个批次。")


def _as_tuples(findings):
    return [(f.code, f.article, str(f.message)) for f in findings]


@pytest.mark.django_db
def test_the_one_open_round_constraint_is_declared_and_enforced():
    names = {c.name for c in Round._meta.constraints}
    assert "one_open_round" in names
    RoundFactory(state=RoundState.OPEN)
    RoundFactory(state=RoundState.CLOSED)
    RoundFactory(state=RoundState.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoundFactory(state=RoundState.OPEN)
    assert Round.objects.filter(state=RoundState.OPEN).count() == 1


@pytest.mark.django_db
def test_the_unfiltered_application_list_has_an_index_in_its_order():
    assert ["-updated_at", "-id"] in [list(i.fields) for i in BaseApplication._meta.indexes]
    assert BaseApplication._meta.ordering == ["-updated_at", "-id"]


@pytest.mark.django_db
@pytest.mark.parametrize(("action", "source"), [("open", RoundState.DRAFT), ("reopen", RoundState.CLOSED)])
def test_losing_the_race_to_open_is_refused_like_the_guard(monkeypatch, action, source):
    """The guard ran before the other round's commit (simulated: the guard is left out); the constraint
    refuses at save and the actor gets the guard's finding, not a server error."""
    admin = fresh(user_with_role(Role.REGION_ADMIN))
    other = RoundFactory(state=RoundState.OPEN)
    round_ = RoundFactory(state=source)
    raced = dataclasses.replace(round_workflow.get(action), guards=(round_dates_valid,))
    monkeypatch.setitem(round_workflow.transitions, action, raced)
    events = AuditEvent.objects.count()

    with pytest.raises(TransitionRefused) as exc:
        services.round_transition(actor=admin, round_=round_, action=action)

    assert _as_tuples(exc.value.findings) == [ANOTHER_OPEN]
    assert Round.objects.get(pk=round_.pk).state == source
    assert Round.objects.get(pk=other.pk).state == RoundState.OPEN
    assert AuditEvent.objects.count() == events


@pytest.mark.django_db
def test_round_transition_service_opens_and_closes_a_round():
    admin = fresh(user_with_role(Role.REGION_ADMIN))
    round_ = RoundFactory(state=RoundState.DRAFT)
    assert services.round_transition(actor=admin, round_=round_, action="open").state == RoundState.OPEN
    closed = services.round_transition(actor=admin, round_=round_, action="close", comment="截止。")
    assert closed.state == RoundState.CLOSED
    assert list(AuditEvent.objects.filter(subject_id=str(round_.pk), subject_type="establishment.round")
                .order_by("seq").values_list("action", "comment")) == [("open", ""), ("close", "截止。")]  # fmt: skip


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent transactions blocking on a partial unique index (PostgreSQL); SQLite locks the file",
)
@pytest.mark.django_db(transaction=True)
def test_two_rounds_opened_at_once_on_postgresql_leave_one_open():
    admin = user_with_role(Role.REGION_ADMIN)
    first, second = RoundFactory(state=RoundState.DRAFT), RoundFactory(state=RoundState.DRAFT)
    first_applied = threading.Event()
    outcome: dict[str, object] = {}

    def open_first():
        try:
            with transaction.atomic():
                round_workflow.apply(first, "open", actor=fresh(admin))
                first_applied.set()
                time.sleep(0.5)  # hold the uncommitted open row while the second opens
            outcome["first"] = "open"
        finally:
            first_applied.set()
            connection.close()

    def open_second():
        try:
            first_applied.wait(5)
            services.round_transition(actor=fresh(admin), round_=second, action="open")
            outcome["second"] = "open"
        except TransitionRefused as refused:
            outcome["second"] = _as_tuples(refused.findings)
        finally:
            connection.close()

    threads = [threading.Thread(target=open_first), threading.Thread(target=open_second)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)

    assert outcome == {"first": "open", "second": [ANOTHER_OPEN]}
    assert list(Round.objects.filter(state=RoundState.OPEN).values_list("pk", flat=True)) == [first.pk]
    assert Round.objects.get(pk=second.pk).state == RoundState.DRAFT


# --- audit head (kernel migration 0005) -------------------------------------------------------------------
@pytest.mark.django_db
def test_the_audit_head_exists_before_the_first_event():
    assert AuditEvent.objects.count() == 0
    assert list(AuditHead.objects.values_list("id", "last_seq", "last_hash")) == [(1, 0, "0" * 64)]


@pytest.mark.django_db
def test_record_recreates_a_missing_head_as_a_fallback():
    AuditHead.objects.all().delete()
    subject = RoundFactory()
    with transaction.atomic():
        event = audit.record(actor=None, subject=subject, action="create")
    assert (event.seq, event.prev_hash) == (1, "0" * 64)
    assert AuditHead.objects.get(id=1).last_seq == 1
    assert verify_chain() == []
