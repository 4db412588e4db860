"""Writes for a user's own reminders: the secret calendar-feed key (issued, regenerated, revoked), the daily
digest preference, and the feed's read stamp.

Each change runs in a transaction with its audit event, the user as subject and the user as actor. The raw
key is returned once by ``feed_key_issue`` and is neither stored (only its SHA-256) nor audited: the events
say since when a subscription exists, never its key or digest.
"""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.deadlines.models import CalendarFeed
from postdoc_base.kernel import audit
from postdoc_base.kernel.services import refuse

from .permissions import may_keep_own_reminders

__all__ = ["email_digest_set", "feed_key_issue", "feed_key_revoke", "feed_owner", "key_digest"]

KEY_BYTES = 32  # 256 bits: guessing is hopeless, so the feed needs no rate limit or lockout
# secrets.token_urlsafe(32) is 43 characters; anything much longer is not a key and is not even hashed.
KEY_MAX_LENGTH = 64


def key_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _locked_self(actor):
    """The actor's own row, locked: two requests of the same user (two tabs) change the feed one at a time."""
    if not may_keep_own_reminders(actor):
        raise refuse(_("请先登录。"))
    return get_user_model().objects.select_for_update().get(pk=actor.pk)


def _since(feed: CalendarFeed | None) -> dict:
    return {"calendar_feed_since": feed.created_at if feed is not None else None}


def feed_key_issue(*, actor) -> str:
    """A new feed key for ``actor``, returned once; any previous key stops working at once (regenerating).
    Audited as ``calendar_feed_issue`` or ``calendar_feed_regenerate``, without the key."""
    raw = secrets.token_urlsafe(KEY_BYTES)
    with transaction.atomic():
        user = _locked_self(actor)
        feed = CalendarFeed.objects.filter(user=user).first()
        if feed is None:
            before = _since(None)
            feed = CalendarFeed.objects.create(user=user, key_digest=key_digest(raw))
            action = "calendar_feed_issue"
        else:
            before = _since(feed)
            feed.key_digest, feed.created_at, feed.last_read_at = key_digest(raw), timezone.now(), None
            feed.save(update_fields=["key_digest", "created_at", "last_read_at"])
            action = "calendar_feed_regenerate"
        audit.record(actor=actor, subject=user, action=action, diff=audit.field_diff(before, _since(feed)))
    return raw


def feed_key_revoke(*, actor) -> bool:
    """End ``actor``'s feed: its URL answers 404 from now on. False (and nothing audited) when there was none."""
    with transaction.atomic():
        user = _locked_self(actor)
        feed = CalendarFeed.objects.filter(user=user).first()
        if feed is None:
            return False
        before = _since(feed)
        feed.delete()
        audit.record(
            actor=actor,
            subject=user,
            action="calendar_feed_revoke",
            diff=audit.field_diff(before, _since(None)),
        )
    return True


def email_digest_set(*, actor, on: bool) -> bool:
    """``actor``'s choice between one daily digest e-mail of the day's notifications (``on``) and one e-mail
    per notification. Returns whether it changed; an unchanged choice writes and audits nothing."""
    if not isinstance(on, bool):
        raise ValidationError({"email_digest": _("请选择是否接收每日汇总邮件。")})
    with transaction.atomic():
        user = _locked_self(actor)
        if user.email_digest == on:
            return False
        before = {"email_digest": user.email_digest}
        user.email_digest = on
        user.save(update_fields=["email_digest"])
        audit.record(
            actor=actor,
            subject=user,
            action="email_digest_set",
            diff=audit.field_diff(before, {"email_digest": on}),
        )
    actor.email_digest = on
    return True


def feed_owner(raw: str):
    """The active user whose feed key is ``raw``, or None. At most one query, on the unique digest index: a
    wrong key, a revoked one and one of a deactivated user all cost the same and answer the same. A hit is
    stamped ``last_read_at`` with one more statement, not audited (reading changes no state anyone acts on).
    """
    if not raw or len(raw) > KEY_MAX_LENGTH:
        return None
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(key_digest=key_digest(raw), user__is_active=True)
        .first()
    )
    if feed is None:
        return None
    CalendarFeed.objects.filter(pk=feed.pk).update(last_read_at=timezone.now())
    return feed.user
