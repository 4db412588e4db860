"""In-app inbox and e-mail outbox. Called after commit; the worker sends the outbox.

A user who chose the daily digest (``User.email_digest``) gets each message in the inbox at once and by e-mail
only in the next digest: one mail a day listing every message since the last one (``send_digests``)."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Notification, OutboundEmail

# Most messages listed in one digest mail; the rest are counted and left to the inbox.
DIGEST_MAX_ITEMS = 100


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


def send_digests() -> int:
    """One e-mail per user with messages waiting for the digest, listing them oldest first; the messages are
    then marked sent. Rows are locked while the mail is written, so two runs at once mail each message once.
    Returns the number of mails queued."""
    from django.contrib.auth import get_user_model

    with transaction.atomic():
        pending = list(
            Notification.objects.select_for_update()
            .filter(digest_pending=True)
            .order_by("recipient_id", "created_at", "id")
            .values_list("id", "recipient_id", "title", "url")
        )
        if not pending:
            return 0
        by_user: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for _pk, recipient_id, title, url in pending:
            by_user[recipient_id].append((title, url))
        users = get_user_model().objects.filter(pk__in=list(by_user), is_active=True).exclude(email="")
        today = timezone.localdate()
        mails = [
            OutboundEmail(to=user.email, subject=digest_subject(today, len(by_user[user.pk])),
                          body=digest_body(by_user[user.pk]))
            for user in users
        ]  # fmt: skip
        OutboundEmail.objects.bulk_create(mails)
        Notification.objects.filter(pk__in=[row[0] for row in pending]).update(digest_pending=False)
    if mails:
        from .tasks import send_outbox

        send_outbox()
    return len(mails)


def digest_subject(day, count: int) -> str:
    return _("博士后创新实践基地管理系统每日汇总：%(date)s，%(count)d条消息") % {
        "date": f"{day.year}年{day.month}月{day.day}日",
        "count": count,
    }


def digest_body(items: list[tuple[str, str]]) -> str:
    lines = [
        f"{n}. {title}" + (f"\n   {url}" if url else "")
        for n, (title, url) in enumerate(items[:DIGEST_MAX_ITEMS], 1)
    ]
    if len(items) > DIGEST_MAX_ITEMS:
        lines.append(_("另有%(n)d条消息，请登录系统查看。") % {"n": len(items) - DIGEST_MAX_ITEMS})
    return "\n".join(lines)
