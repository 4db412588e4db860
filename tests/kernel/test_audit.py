"""The hash-chained audit log: append-only rows, a chain that any edit, insertion or deletion breaks."""

import hashlib
import hmac
from datetime import date
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from postdoc_base.kernel import audit
from postdoc_base.kernel.audit import GENESIS, ChainProblem, verify_chain
from postdoc_base.kernel.models import AuditEvent, AuditHead
from tests.factories import RoundFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]


@pytest.fixture
def chain():
    """Five events on one round, written the way services write them."""
    actor = UserFactory(display_name="审计测试员")
    subject = RoundFactory(name="2026年第1批")
    with transaction.atomic():
        for n in range(1, 6):
            audit.record(actor=actor, subject=subject, action=f"step{n}", role="region_admin", scope="全区",
                         from_state="a", to_state="b", diff={"n": [n - 1, n]}, comment=f"第{n}步")  # fmt: skip
    return list(AuditEvent.objects.order_by("seq"))


def _broken_command_message():
    with pytest.raises(CommandError) as exc:
        call_command("verify_audit", stdout=StringIO(), stderr=StringIO())
    return str(exc.value)


def test_events_are_numbered_from_one_and_each_links_to_the_previous_hash(chain):
    assert [e.seq for e in chain] == [1, 2, 3, 4, 5]
    assert chain[0].prev_hash == GENESIS
    assert [e.prev_hash for e in chain[1:]] == [e.hash for e in chain[:-1]]
    assert len({e.hash for e in chain}) == 5
    head = AuditHead.objects.get(id=1)
    assert (head.last_seq, head.last_hash) == (5, chain[-1].hash)


def test_event_records_actor_subject_and_change(chain):
    first = chain[0]
    assert first.actor_name == "审计测试员"
    assert (first.subject_type, first.subject_label) == ("establishment.round", "2026年第1批")
    assert (first.action, first.role, first.scope, first.from_state, first.to_state) == (
        "step1", "region_admin", "全区", "a", "b",
    )  # fmt: skip
    assert first.diff == {"n": [0, 1]}
    assert first.comment == "第1步"


def test_intact_chain_verifies_and_command_says_so(chain):
    assert verify_chain() == []
    out = StringIO()
    call_command("verify_audit", stdout=out)
    assert out.getvalue().strip() == "audit chain intact: 5 events"


def test_empty_chain_is_intact():
    assert verify_chain() == []


def test_small_batches_walk_the_whole_chain(chain):
    assert verify_chain(batch_size=2) == []


def test_edited_event_is_reported_and_command_fails(chain):
    AuditEvent.objects.filter(pk=chain[2].pk).update(comment="x")

    assert verify_chain() == [ChainProblem(3, "content does not match its hash (row edited)")]
    assert _broken_command_message() == "audit chain broken: 1 problem(s)"


def test_edited_diff_is_reported(chain):
    AuditEvent.objects.filter(pk=chain[0].pk).update(diff={"n": [0, 99]})

    assert verify_chain() == [ChainProblem(1, "content does not match its hash (row edited)")]


def test_edit_that_recomputes_the_hash_without_the_key_breaks_the_next_link(chain):
    """A database user without AUDIT_HMAC_KEY can rehash a row with a guessed key, never the real one."""
    row = AuditEvent.objects.get(pk=chain[1].pk)
    row.comment = "改过的意见"
    forged = hmac.new(b"guessed-key", audit._canonical(row), hashlib.sha256).hexdigest()
    AuditEvent.objects.filter(pk=row.pk).update(comment="改过的意见", hash=forged)

    assert verify_chain() == [
        ChainProblem(2, "content does not match its hash (row edited)"),
        ChainProblem(3, "previous-hash link broken (row inserted or deleted before it)"),
    ]
    # Relinking the next row to the forged hash only moves the break one row on: prev_hash is hashed too.
    AuditEvent.objects.filter(pk=chain[2].pk).update(prev_hash=forged)
    assert verify_chain() == [
        ChainProblem(2, "content does not match its hash (row edited)"),
        ChainProblem(3, "content does not match its hash (row edited)"),
    ]


def test_row_inserted_in_the_middle_is_reported(chain):
    # Make room after seq 2 (highest first: seq is unique), then slip in a row with a plausible hash.
    for event in reversed(chain[2:]):
        AuditEvent.objects.filter(pk=event.pk).update(seq=event.seq + 1)
    fake = AuditEvent(seq=3, at=chain[2].at, actor_name="冒名者", subject_type="establishment.round",
                      subject_id=chain[2].subject_id, action="step2b", prev_hash=chain[1].hash, diff={})  # fmt: skip
    fake.hash = hashlib.sha256(b"plausible").hexdigest()
    fake.save()

    # The sequence number is hashed, so every shifted row fails its own hash as well.
    assert verify_chain() == [
        ChainProblem(3, "content does not match its hash (row edited)"),
        ChainProblem(4, "previous-hash link broken (row inserted or deleted before it)"),
        ChainProblem(4, "content does not match its hash (row edited)"),
        ChainProblem(5, "content does not match its hash (row edited)"),
        ChainProblem(6, "content does not match its hash (row edited)"),
        ChainProblem(None, "chain ends at 6 but head records 5 (newest rows deleted?)"),
    ]
    assert _broken_command_message() == "audit chain broken: 6 problem(s)"


def test_row_inserted_with_a_sequence_gap_is_reported(chain):
    fake = AuditEvent(seq=7, at=chain[-1].at, subject_type="establishment.round", subject_id="1",
                      action="late", prev_hash=chain[-1].hash, diff={})  # fmt: skip
    fake.hash = hashlib.sha256(b"plausible").hexdigest()
    fake.save()
    AuditHead.objects.filter(id=1).update(last_seq=7, last_hash=fake.hash)

    assert verify_chain() == [
        ChainProblem(7, "sequence gap: expected 6, found 7"),
        ChainProblem(7, "content does not match its hash (row edited)"),
    ]


def test_row_deleted_in_the_middle_is_reported(chain):
    deleted = AuditEvent.objects.filter(pk=chain[2].pk)._raw_delete(connection.alias)
    assert deleted == 1

    assert verify_chain() == [
        ChainProblem(4, "sequence gap: expected 3, found 4"),
        ChainProblem(4, "previous-hash link broken (row inserted or deleted before it)"),
    ]
    assert _broken_command_message() == "audit chain broken: 2 problem(s)"


def test_row_deleted_in_the_middle_and_seqs_closed_up_is_still_reported(chain):
    AuditEvent.objects.filter(pk=chain[2].pk)._raw_delete(connection.alias)
    for event in chain[3:]:
        AuditEvent.objects.filter(pk=event.pk).update(seq=event.seq - 1)
    AuditHead.objects.filter(id=1).update(last_seq=4)

    problems = verify_chain()
    assert ChainProblem(3, "previous-hash link broken (row inserted or deleted before it)") in problems
    assert ChainProblem(3, "content does not match its hash (row edited)") in problems


def test_newest_row_deleted_is_reported_by_the_head(chain):
    AuditEvent.objects.filter(pk=chain[-1].pk)._raw_delete(connection.alias)

    assert verify_chain() == [ChainProblem(None, "chain ends at 4 but head records 5 (newest rows deleted?)")]
    assert _broken_command_message() == "audit chain broken: 1 problem(s)"


def test_all_rows_deleted_is_reported_by_the_head(chain):
    AuditEvent.objects.all()._raw_delete(connection.alias)

    assert verify_chain() == [ChainProblem(None, "chain ends at 0 but head records 5 (newest rows deleted?)")]


def test_missing_head_is_reported(chain):
    AuditHead.objects.all().delete()

    assert verify_chain() == [ChainProblem(None, "audit head missing")]


def test_saving_an_existing_event_is_refused(chain):
    event = AuditEvent.objects.get(pk=chain[0].pk)
    event.comment = "x"
    with pytest.raises(ValidationError):
        event.save()
    assert AuditEvent.objects.get(pk=chain[0].pk).comment == "第1步"


def test_deleting_an_event_is_refused(chain):
    event = AuditEvent.objects.get(pk=chain[0].pk)
    with pytest.raises(ValidationError):
        event.delete()
    assert AuditEvent.objects.count() == 5


@pytest.mark.django_db(transaction=True)
def test_record_outside_a_transaction_is_refused():
    subject = RoundFactory()
    head_before = list(AuditHead.objects.values_list("id", "last_seq", "last_hash"))
    with pytest.raises(RuntimeError, match="inside a transaction"):
        audit.record(actor=None, subject=subject, action="create")
    assert AuditEvent.objects.count() == 0
    assert list(AuditHead.objects.values_list("id", "last_seq", "last_hash")) == head_before


def test_rolled_back_record_leaves_the_chain_intact(chain):
    subject = RoundFactory()
    with pytest.raises(ZeroDivisionError), transaction.atomic():
        audit.record(actor=None, subject=subject, action="doomed")
        1 / 0  # noqa: B018
    assert AuditEvent.objects.count() == 5
    with transaction.atomic():
        event = audit.record(actor=None, subject=subject, action="next")
    assert (event.seq, event.prev_hash) == (6, chain[-1].hash)
    assert verify_chain() == []


def test_anonymous_actor_is_recorded_without_a_name(chain):
    with transaction.atomic():
        event = audit.record(actor=None, subject=RoundFactory(), action="system")
    assert (event.actor_id, event.actor_name) == (None, "")


def test_field_diff_lists_changed_fields_only_and_masks_sensitive_ones():
    before = {"name": "甲", "id_number": "150102199001011234", "deadline": date(2026, 1, 1), "same": 1}
    after = {"name": "乙", "id_number": "150102199001015678", "deadline": date(2026, 2, 1), "same": 1}

    diff = audit.field_diff(before, after, sensitive=frozenset({"id_number"}))

    assert diff == {
        "deadline": ["2026-01-01", "2026-02-01"],
        "id_number": ["***", "***"],
        "name": ["甲", "乙"],
    }


def test_field_diff_of_unchanged_sensitive_field_is_empty():
    assert audit.field_diff({"password": "a"}, {"password": "a"}, sensitive=frozenset({"password"})) == {}


def test_field_diff_records_added_and_removed_fields():
    assert audit.field_diff({"a": 1}, {"b": 2}) == {"a": [1, None], "b": [None, 2]}


def test_deleting_a_user_with_audit_events_is_refused_and_the_chain_stays_intact(chain):
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        chain[0].actor.delete()
    assert verify_chain() == []
