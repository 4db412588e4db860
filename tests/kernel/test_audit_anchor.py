"""The audit chain's anchor outside the database (issue 9 item 6): deleting the newest events and rewinding
the head row, which the head alone cannot catch, is caught; a forged anchor line is caught too."""

from pathlib import Path

import pytest
from django.db import connection, transaction

from postdoc_base.kernel import audit, audit_anchor
from postdoc_base.kernel.audit import ChainProblem, verify_chain
from postdoc_base.kernel.models import AuditEvent, AuditHead
from tests.factories import RoundFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anchor_file(settings, tmp_path) -> Path:
    settings.AUDIT_ANCHOR_PATH = str(tmp_path / "anchor" / "audit-anchor.log")
    return Path(settings.AUDIT_ANCHOR_PATH)


def _commit_events(n: int, actor, subject) -> None:
    # One transaction per call, as a service writes; each commit appends one anchor line.
    with transaction.atomic():
        for i in range(n):
            audit.record(actor=actor, subject=subject, action=f"step{i}", from_state="a", to_state="b")


@pytest.fixture
def chain(anchor_file):
    actor, subject = UserFactory(), RoundFactory()
    _commit_events(3, actor, subject)
    _commit_events(2, actor, subject)
    return list(AuditEvent.objects.order_by("seq"))


def test_each_commit_that_sealed_events_appends_a_keyed_line(chain, anchor_file):
    lines = anchor_file.read_text().splitlines()
    assert [line.split()[:2] for line in lines] == [["3", chain[2].hash], ["5", chain[4].hash]]
    assert audit_anchor.read_newest() == (audit_anchor.Anchor(5, chain[4].hash), [])
    assert verify_chain() == []


def test_newest_events_deleted_and_head_rewound_is_caught_by_the_anchor(chain):
    AuditEvent.objects.filter(seq__gt=3)._raw_delete(connection.alias)
    AuditHead.objects.filter(id=1).update(last_seq=3, last_hash=chain[2].hash)

    assert verify_chain() == [
        ChainProblem(
            None,
            "chain ends at 3 but the anchor outside the database records 5 "
            "(newest events deleted and the head rewound?)",
        )
    ]


def test_a_forged_anchor_line_is_reported_and_ignored(chain, anchor_file):
    with open(anchor_file, "a") as handle:
        handle.write(f"9 {'a' * 64} {'b' * 64}\n")

    problems = verify_chain()
    assert problems == [
        ChainProblem(None, f"anchor line with a wrong key or format: 9 {'a' * 64} {'b' * 13}")
    ]


def test_an_anchored_event_rewritten_with_a_consistent_chain_is_caught(chain, anchor_file):
    # As if the chain had been rebuilt from seq 5 with another hash: the anchor still has the original.
    anchor_file.write_text(anchor_file.read_text().replace(chain[4].hash, "f" * 64).replace(
        anchor_file.read_text().splitlines()[-1].split()[2], audit_anchor._mac(5, "f" * 64)
    ))  # fmt: skip
    assert verify_chain() == [ChainProblem(5, "event differs from the anchor outside the database")]


def test_no_anchor_configured_means_no_anchor_check(settings, anchor_file):
    settings.AUDIT_ANCHOR_PATH = None
    _commit_events(2, UserFactory(), RoundFactory())
    assert not anchor_file.exists()
    assert verify_chain() == []


def test_a_rolled_back_transaction_writes_no_anchor(anchor_file):
    actor, subject = UserFactory(), RoundFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(actor=actor, subject=subject, action="x")
        raise RuntimeError("refused")
    assert not anchor_file.exists()
