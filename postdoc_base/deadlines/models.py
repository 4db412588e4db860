"""What the deadline desk stores: the region's reminder schedule per obligation kind, each reminder or
escalation sent (once per obligation and stage), and each user's secret calendar-feed key."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel.models import Obligation


class ReminderSetting(models.Model):
    """The region's schedule for one obligation kind, replacing the default its workflow declares
    (``deadlines.reminders.catalogue``). Edited only by the region administrator, audited."""

    kind = models.CharField(_("事项"), max_length=60, primary_key=True)
    enabled = models.BooleanField(_("启用提醒"), default=True)
    # Days before the date, largest first: [7, 1] reminds a week before and the day before.
    before = models.JSONField(_("提前提醒天数"), default=list, blank=True)
    working_days = models.BooleanField(_("按工作日计算"), default=False)
    # Days after the date; None: no escalation to that level.
    escalate_bureau_after = models.PositiveSmallIntegerField(_("逾期几日后告知盟市"), null=True, blank=True)
    escalate_region_after = models.PositiveSmallIntegerField(_("逾期几日后告知自治区"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["kind"]
        verbose_name = _("提醒设置")
        verbose_name_plural = _("提醒设置")

    def __str__(self) -> str:
        return self.kind


class ReminderStage(models.TextChoices):
    BEFORE = "before", _("到期前提醒")
    BUREAU = "bureau", _("逾期告知盟市")
    REGION = "region", _("逾期告知自治区")


class ReminderSent(models.Model):
    """One reminder or escalation, sent once: unique per obligation, stage (``before:7``, ``bureau``) and the
    item's date it was for."""

    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, related_name="reminders_sent")
    stage = models.CharField(_("提醒阶段"), max_length=20)
    sent_on = models.DateField(_("提醒日期"))
    # The item's date the reminder was for: when the date moves (a term extended, a deadline put back), the
    # stages of the new date are sent again, once each. Empty on rows written before the date was kept.
    due_on = models.DateField(_("针对的日期"), null=True, blank=True)
    # The sweep run that inserted the row: two runs at once each read back only the rows they inserted.
    run = models.CharField(max_length=32, db_index=True)
    recipients = models.PositiveIntegerField(_("提醒人数"), default=0)

    class Meta:
        ordering = ["sent_on", "id"]
        verbose_name = _("已发送提醒")
        verbose_name_plural = _("已发送提醒")
        constraints = [
            models.UniqueConstraint(fields=["obligation", "stage", "due_on"], name="uniq_reminder_stage_date")
        ]

    def __str__(self) -> str:
        return f"{self.obligation_id}:{self.stage}"


class CalendarFeed(models.Model):
    """A user's secret calendar-feed key, stored as its SHA-256 digest; regenerating replaces it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key_digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("日历订阅")
        verbose_name_plural = _("日历订阅")

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"
