"""In-app inbox and e-mail outbox. Called after commit; the worker sends the outbox."""

from django.db import transaction

from .models import Notification, OutboundEmail


def notify(recipients, title: str, body: str, url: str = "") -> None:
    with transaction.atomic():
        Notification.objects.bulk_create(
            Notification(recipient=user, title=title[:200], body=body, url=url) for user in recipients
        )
        mails = [
            OutboundEmail(to=user.email, subject=title[:200], body=f"{body}\n\n{url}".strip())
            for user in recipients
            if user.email
        ]
        OutboundEmail.objects.bulk_create(mails)
    if mails:
        from .tasks import send_outbox

        send_outbox()
