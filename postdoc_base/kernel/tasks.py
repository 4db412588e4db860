from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .digests import send_digests
from .models import OutboundEmail
from .sweeps import RulesFailed, run_rules

MAX_ATTEMPTS = 5


def deliver_pending(limit: int = 200) -> int:
    """Send unsent mail, oldest first; a failure is recorded and retried on the next run."""
    sent = 0
    for mail in OutboundEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).order_by("id")[
        :limit
    ]:
        mail.attempts += 1
        try:
            send_mail(mail.subject, mail.body, settings.DEFAULT_FROM_EMAIL, [mail.to])
        except Exception as exc:  # noqa: BLE001 - any transport error is recorded, not raised
            mail.last_error = str(exc)[:1000]
            mail.save(update_fields=["attempts", "last_error"])
            continue
        mail.sent_at = timezone.now()
        mail.save(update_fields=["attempts", "sent_at"])
        sent += 1
    return sent


@db_task()
def send_outbox():
    return deliver_pending()


@db_periodic_task(crontab(minute="*/5"))
def retry_outbox():
    return deliver_pending()


@db_periodic_task(crontab(hour="1", minute="30"))
def run_date_rules() -> int:
    """Nightly at 01:30 in the project's time zone (Asia/Shanghai: huey runs on local time, ``utc`` off, and
    Django sets the process's zone): every registered date rule for today (``kernel.sweeps``)."""
    reports = run_rules()
    if any(report.error for report in reports):
        raise RulesFailed(reports)  # after every rule ran: the worker logs it and the failure is seen
    return sum(len(report.opened) for report in reports)


@db_periodic_task(crontab(hour="7", minute="0"))
def send_daily_digests() -> int:
    """At 07:00 local time, after the night's reminders: one mail per user who chose the daily digest."""
    queued = send_digests()
    deliver_pending()
    return queued
