"""The demo's inboxes hold the night's reminders (the demo runs the reminder rule once, as the nightly sweep would)."""

import pytest
from django.test import override_settings

from postdoc_base.deadlines.models import ReminderSent
from postdoc_base.demo import establishment as demo
from postdoc_base.kernel.models import Notification
from tests.factories.shared import fresh_copy, once_per_module


def _load_demo() -> bool:
    with override_settings(DEBUG=True):
        return demo.load()


shared_demo = once_per_module(_load_demo)


@pytest.fixture
def loaded(shared_demo, db):
    return fresh_copy(shared_demo)


def test_the_demo_sends_the_nights_reminders_once(loaded):
    sent = list(ReminderSent.objects.select_related("obligation"))
    assert all(r.obligation.status == "open" for r in sent)
    by_kind = {r.obligation.kind: r.stage for r in sent}
    # The Baotou base's entry filing, a month overdue, reaches the region; the mid-term due tomorrow, a reminder.
    assert by_kind["entry_filing"] == "region"
    assert by_kind["assessment_organise"] == "before:1"
    assert by_kind["revocation_decision"] == "before:0"  # a 起办 item on its first day (caught up)
    overdue = Notification.objects.filter(title__startswith="逾期提醒：进站备案")
    assert set(overdue.values_list("recipient__username", flat=True)) >= {"demo_baotou", "demo_region"}
    assert not overdue.filter(recipient__username="demo_hohhot").exists()
