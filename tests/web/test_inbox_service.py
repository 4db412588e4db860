"""Marking inbox notifications read goes through kernel.services.notifications_mark_read: only the actor's
own unread notifications change, and reading writes no audit event."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse
from django.utils import timezone

from postdoc_base.kernel.models import AuditEvent, Notification
from postdoc_base.kernel.services import NotAllowed, notifications_mark_read
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def me():
    return UserFactory()


@pytest.fixture
def other():
    return UserFactory()


def _note(recipient, title="消息", read_at=None) -> Notification:
    return Notification.objects.create(recipient=recipient, title=title, read_at=read_at)


def _unread(user) -> set[str]:
    return set(
        Notification.objects.filter(recipient=user, read_at__isnull=True).values_list("title", flat=True)
    )


def test_mark_all_marks_only_the_actors_unread_notifications(me, other):
    _note(me, "一"), _note(me, "二"), _note(other, "别人的")
    assert notifications_mark_read(actor=me) == 2
    assert _unread(me) == set()
    assert _unread(other) == {"别人的"}


def test_mark_by_ids_ignores_other_users_ids(me, other):
    first, _second, theirs = _note(me, "一"), _note(me, "二"), _note(other, "别人的")
    assert notifications_mark_read(actor=me, ids=[first.pk, theirs.pk]) == 1
    assert _unread(me) == {"二"}
    assert _unread(other) == {"别人的"}


def test_already_read_notifications_keep_their_read_time(me):
    earlier = timezone.now() - timezone.timedelta(days=3)
    note = _note(me, read_at=earlier)
    assert notifications_mark_read(actor=me, ids=[note.pk]) == 0
    note.refresh_from_db()
    assert note.read_at == earlier


def test_reading_writes_no_audit_event(me):
    _note(me)
    notifications_mark_read(actor=me)
    assert not AuditEvent.objects.exists()


def test_anonymous_actor_is_refused(me):
    _note(me)
    with pytest.raises(NotAllowed):
        notifications_mark_read(actor=AnonymousUser())
    assert _unread(me) == {"消息"}


def test_inbox_view_marks_read_through_the_service(client, me, other, monkeypatch):
    calls = []
    monkeypatch.setattr(
        "postdoc_base.web.views.notifications_mark_read",
        lambda **kwargs: calls.append(kwargs) or notifications_mark_read(**kwargs),
    )
    mine, theirs = _note(me, "我的"), _note(other, "别人的")
    client.force_login(me)

    assert client.post(reverse("inbox"), {"id": mine.pk}).status_code == 302
    assert client.post(reverse("inbox"), {"id": theirs.pk, "page": "2"})["Location"] == "/inbox/?page=2"
    assert client.post(reverse("inbox"), {"all": "1"}).status_code == 302
    assert client.post(reverse("inbox"), {"id": "x"}).status_code == 302

    assert [c.get("ids", "all") for c in calls] == [[mine.pk], [theirs.pk], "all"]
    assert all(c["actor"] == me for c in calls)
    assert _unread(me) == set() and _unread(other) == {"别人的"}
