"""A large export run in the background (``ExportJob``): who asked, which export with which filters, how far
it got, and the finished file, kept for ``EXPORT_KEEP_DAYS``."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ExportJobStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("生成中")
    DONE = "done", _("已完成")
    FAILED = "failed", _("失败")


class ExportJob(models.Model):
    """The job's status is the progress of a file being written, not a step of the measures: the worker sets
    it (``services``), as the kernel sets an obligation's status; no workflow of the kernel has it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs")
    name = models.CharField(_("导出"), max_length=60)
    title = models.CharField(_("名称"), max_length=100)
    params = models.JSONField(_("筛选条件"), default=dict)
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    status = models.CharField(
        _("状态"), max_length=10, choices=ExportJobStatus.choices, default=ExportJobStatus.QUEUED
    )
    total = models.PositiveIntegerField(_("总行数"), default=0)
    done = models.PositiveIntegerField(_("已写行数"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(_("文件名"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "-created_at", "-id"], name="exportjob_user_recent"),
            models.Index(fields=["created_at"], name="exportjob_created"),
        ]
        verbose_name = _("导出任务")
        verbose_name_plural = _("导出任务")

    def __str__(self) -> str:
        return str(self.title)

    def get_absolute_url(self) -> str:
        return reverse("exports:job", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == ExportJobStatus.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.status in (ExportJobStatus.DONE, ExportJobStatus.FAILED)
