"""In-app inbox and e-mail outbox. Called after commit; the worker sends the outbox.

A user who chose the daily digest (``User.email_digest``) gets each message in the inbox at once and by e-mail
only in the next digest: one mail a day listing every message since the last one (``kernel.digests``)."""

from __future__ import annotations

from django.db import transaction

from .models import Notification, OutboundEmail


def notify(recipients, title: str, body: str, url: str = "") -> None:
    notify_each([(recipients, title, body, url)])


def notify_each(messages) -> None:
    """Several messages, each ``(recipients, title, body, url)``, in two inserts (inbox and outbox) however
    many: a sweep tells each record's people about it at once."""
    notes, mails = [], []
    for recipients, title, body, url in messages:
        for user in recipients:
            digest = bool(getattr(user, "email_digest", False) and user.email)
            notes.append(
                Notification(recipient=user, title=title[:200], body=body, url=url, digest_pending=digest)
            )
            if user.email and not digest:
                mails.append(
                    OutboundEmail(to=user.email, subject=title[:200], body=f"{body}\n\n{url}".strip())
                )
    with transaction.atomic():
        Notification.objects.bulk_create(notes)
        OutboundEmail.objects.bulk_create(mails)
    if mails:
        from .tasks import send_outbox

        send_outbox()
