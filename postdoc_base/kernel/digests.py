"""The daily digest: one e-mail per user who chose it (``User.email_digest``), listing the messages that
``kernel.notifications`` kept for it (``Notification.digest_pending``)."""

from __future__ import annotations

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from postdoc_base.policy.common import person_date

from .models import Notification, OutboundEmail

# Most messages listed in one digest mail; the rest are counted and left to the inbox.
DIGEST_MAX_ITEMS = 100


def send_digests() -> int:
    """One e-mail per user with messages waiting for the digest, listing them oldest first; the messages are
    then marked sent. Rows are locked while the mail is written, so two runs at once mail each message once.
    Returns the number of mails queued in the outbox (the caller has the worker send them)."""
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
    return len(mails)


def digest_subject(day, count: int) -> str:
    return _("博士后创新实践基地管理系统每日汇总：%(date)s，%(count)d条消息") % {
        "date": str(person_date(day)),
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
