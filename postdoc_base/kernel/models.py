"""Kernel tables: the audit chain, obligations (deadlines), notifications, e-mail outbox, parameters."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEvent(models.Model):
    """Append-only, hash-chained record of every state change and every write (ARCHITECTURE.md, Audit)."""

    # Sequence number and hash are given when the transaction commits (audit.seal); empty only until then.
    seq = models.PositiveBigIntegerField(_("序号"), unique=True, null=True)
    at = models.DateTimeField(_("时间"))
    # PROTECT: the actor id is hashed into the chain, so users are deactivated, never deleted.
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT)
    actor_name = models.CharField(_("操作人"), max_length=150, blank=True)
    role = models.CharField(_("角色"), max_length=30, blank=True)
    scope = models.CharField(_("范围"), max_length=200, blank=True)
    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=40)
    subject_label = models.CharField(_("对象"), max_length=300, blank=True)
    action = models.CharField(_("操作"), max_length=60)
    from_state = models.CharField(_("原状态"), max_length=40, blank=True)
    to_state = models.CharField(_("新状态"), max_length=40, blank=True)
    diff = models.JSONField(_("字段变化"), default=dict, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    request_id = models.CharField(max_length=40, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True)
    hash = models.CharField(max_length=64, unique=True, null=True)

    class Meta:
        ordering = ["seq"]
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        indexes = [models.Index(fields=["subject_type", "subject_id", "seq"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.subject_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("audit events are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("audit events are append-only")


class AuditHead(models.Model):
    """One row: the last sequence number and hash, so that deleting the newest events is detected too."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    last_seq = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="0" * 64)

    def __str__(self) -> str:
        return f"audit head #{self.last_seq}"


class ObligationStatus(models.TextChoices):
    OPEN = "open", _("待办")
    MET = "met", _("已完成")
    CANCELLED = "cancelled", _("已取消")


class DateMeaning(models.TextChoices):
    """What an obligation's date is: the last day to act (截止), or the first day one may (起办: a filing that
    waits for the end of the 公示, a revocation that waits for the second anniversary)."""

    DUE = "due", _("截止")
    FROM = "from", _("起办")


class Obligation(models.Model):
    """A due date owed by someone within a scope (ARCHITECTURE.md, Deadlines)."""

    subject_type = models.CharField(max_length=60)
    subject_id = models.CharField(max_length=40)
    subject_label = models.CharField(_("对象"), max_length=300)
    url = models.CharField(max_length=300, blank=True)
    kind = models.CharField(_("事项"), max_length=60)
    title = models.CharField(_("事项名称"), max_length=200)
    due_on = models.DateField(_("截止日期"), null=True, blank=True)
    date_means = models.CharField(
        _("日期含义"), max_length=4, choices=DateMeaning.choices, default=DateMeaning.DUE
    )
    responsible_role = models.CharField(_("责任角色"), max_length=30)
    # Scope as (kind, id) so the kernel stays free of the registry: "bureau", "department", "unit", ...
    scope_kind = models.CharField(max_length=20, blank=True)
    scope_id = models.BigIntegerField(null=True, blank=True)
    article = models.CharField(_("依据"), max_length=60, blank=True)
    status = models.CharField(
        _("状态"), max_length=20, choices=ObligationStatus.choices, default=ObligationStatus.OPEN
    )
    opened_at = models.DateTimeField(_("开始时间"))
    closed_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    met_late = models.BooleanField(_("逾期完成"), default=False)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("待办期限")
        verbose_name_plural = _("待办期限")
        # The to-do list and the deadline board (deadlines.board) page open items by (due_on, id) within a scope,
        # a kind or an owing role; the reminder sweep reads open items by date.
        indexes = [
            models.Index(fields=["status", "responsible_role", "scope_kind", "scope_id", "due_on", "id"]),
            models.Index(fields=["subject_type", "subject_id", "status"]),
            models.Index(fields=["status", "due_on", "id"]),
            models.Index(fields=["status", "scope_kind", "scope_id", "due_on", "id"]),
            models.Index(fields=["status", "kind", "due_on", "id"]),
            models.Index(fields=["status", "responsible_role", "due_on", "id"]),
        ]

    def __str__(self) -> str:
        return f"{self.title}：{self.subject_label}"


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Waiting for the recipient's daily digest e-mail (User.email_digest) instead of a mail of its own.
    digest_pending = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        indexes = [
            models.Index(fields=["recipient", "read_at", "-created_at"]),
            models.Index(fields=["recipient", "-created_at", "-id"]),  # the inbox (selectors.INBOX_LIST)
            # The digest job's pending notes (kernel.notifications.send_digests).
            models.Index(
                fields=["digest_pending", "recipient"],
                condition=models.Q(digest_pending=True),
                name="notification_digest_pending",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OutboundEmail(models.Model):
    """E-mail outbox; the worker sends it so that a slow mail server never holds a request."""

    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["sent_at", "id"])]

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class Parameter(models.Model):
    """An effective-dated number the measures leave to practice (DOMAIN.md, "Numbers the system needs")."""

    key = models.CharField(_("参数"), max_length=60)
    effective_from = models.DateField(_("生效日期"))
    value = models.JSONField(_("取值"))
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["key", "effective_from"]
        constraints = [models.UniqueConstraint(fields=["key", "effective_from"], name="uniq_param_effective")]
        verbose_name = _("参数")
        verbose_name_plural = _("参数")

    def __str__(self) -> str:
        return f"{self.key}@{self.effective_from}"


class CalendarYear(models.Model):
    """A year whose official holiday schedule (国务院办公厅节假日安排) is in the calendar.

    A year without a row is counted Monday to Friday, and the region administrator is warned.
    """

    year = models.PositiveSmallIntegerField(_("年份"), primary_key=True)
    source = models.CharField(_("来源"), max_length=120)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("节假日安排年度")
        verbose_name_plural = _("节假日安排年度")

    def __str__(self) -> str:
        return str(self.year)


class CalendarDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日（休息）")
    WORKDAY = "workday", _("调休上班日")


class CalendarDay(models.Model):
    """An exception to Monday-Friday: a weekday holiday or a weekend working day (调休)."""

    date = models.DateField(_("日期"), primary_key=True)
    kind = models.CharField(_("类别"), max_length=10, choices=CalendarDayKind.choices)
    name = models.CharField(_("节日"), max_length=60, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("节假日调整")
        verbose_name_plural = _("节假日调整")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"
