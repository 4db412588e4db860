"""One uploaded workbook (``ImportJob``): which kind, who uploaded it, the file, how far validating or
importing got, and the report of every bad row and cell."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class ImportJobState(models.TextChoices):
    VALIDATING = "validating", _("校验中")
    VALIDATED = "validated", _("已校验")
    IMPORTING = "importing", _("导入中")
    DONE = "done", _("已导入")
    FAILED = "failed", _("失败")


class ImportJob(models.Model):
    """The state is the progress of a file being read and written, not a step of the measures: the import
    services set it, as the worker sets an export job's; no workflow of the kernel has it."""

    kind = models.CharField(_("导入类型"), max_length=30)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上传人"),
        on_delete=models.CASCADE,
        related_name="import_jobs",
    )
    file = models.FileField(_("文件"), upload_to="imports/%Y/%m/")
    filename = models.CharField(_("文件名"), max_length=200)
    state = models.CharField(
        _("状态"), max_length=12, choices=ImportJobState.choices, default=ImportJobState.VALIDATING
    )
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    total = models.PositiveIntegerField(_("数据行数"), default=0)
    valid = models.PositiveIntegerField(_("有效行数"), default=0)
    invalid = models.PositiveIntegerField(_("错误行数"), default=0)
    existing = models.PositiveIntegerField(_("已存在行数"), default=0)
    imported = models.PositiveIntegerField(_("已导入行数"), default=0)
    only_valid = models.BooleanField(_("仅导入有效行"), default=False)
    report = models.JSONField(_("校验报告"), default=dict)
    message = models.CharField(_("说明"), max_length=500, blank=True)
    language = models.CharField(_("语言"), max_length=10, default="zh-hans")
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["created_by", "-created_at", "-id"], name="importjob_user_recent")]
        verbose_name = _("导入任务")
        verbose_name_plural = _("导入任务")

    def __str__(self) -> str:
        return f"{self.filename}（{self.get_state_display()}）"

    def get_absolute_url(self) -> str:
        return reverse("imports:job", args=[self.pk])

    @property
    def busy(self) -> bool:
        return self.state in (ImportJobState.VALIDATING, ImportJobState.IMPORTING)

    @property
    def file_error(self) -> str:
        """The message refusing the whole file (not an Excel workbook, too many rows, merged cells...)."""
        return self.report.get("file_error", "")

    @property
    def can_import_all(self) -> bool:
        return (
            self.state == ImportJobState.VALIDATED
            and not self.file_error
            and not self.invalid
            and self.valid > 0
        )

    @property
    def can_import_valid(self) -> bool:
        return self.state == ImportJobState.VALIDATED and not self.file_error and self.valid > 0
