"""Issued official documents, the per-year number sequences, and the region's replacement templates."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .kinds import DocumentKind


class NumberSequence(models.Model):
    """The last serial given for one prefix in one year. Allocation locks this row (``numbering.allocate``),
    so numbers are given one at a time, and only ever go up: a number is never given twice."""

    prefix = models.CharField(_("机关代字"), max_length=20)
    year = models.PositiveSmallIntegerField(_("年度"))
    last = models.PositiveIntegerField(_("已用至"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["prefix", "year"], name="uniq_document_sequence")]
        verbose_name = _("发文序号")
        verbose_name_plural = _("发文序号")

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.last}"


class IssuedDocument(models.Model):
    """One document as issued: its number, the DOCX and the PDF as they were that day, stored with the item
    (``subject``) it concerns. A form (``kinds``: a kind without a prefix) has no prefix, serial or number."""

    kind = models.CharField(_("公文类别"), max_length=40, choices=DocumentKind.choices)
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    title = models.CharField(_("标题"), max_length=300)
    prefix = models.CharField(_("机关代字"), max_length=20, blank=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    serial = models.PositiveIntegerField(_("序号"), null=True, blank=True)
    number = models.CharField(_("文号"), max_length=60, unique=True, null=True, blank=True)
    docx = models.FileField(_("DOCX"), upload_to="documents/issued/%Y/")
    pdf = models.FileField(_("PDF"), upload_to="documents/issued/%Y/")
    content_hash = models.CharField(_("内容摘要"), max_length=64)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("印发人"), on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("印发时间"), auto_now_add=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["subject_type", "subject_id", "-issued_at"])]
        constraints = [
            models.UniqueConstraint(fields=["prefix", "year", "serial"], name="uniq_document_serial")
        ]
        verbose_name = _("公文")
        verbose_name_plural = _("公文")

    def __str__(self) -> str:
        return f"{self.number} {self.title}" if self.number else self.title


class DocumentTemplate(models.Model):
    """The region administrator's DOCX template replacing the default of one kind (none: the default)."""

    kind = models.CharField(_("公文类别"), max_length=40, choices=DocumentKind.choices, unique=True)
    file = models.FileField(_("模板文件"), upload_to="documents/templates/")
    original_name = models.CharField(_("原文件名"), max_length=200)
    sha256 = models.CharField(_("文件摘要"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("上传人"), on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now=True)

    class Meta:
        verbose_name = _("公文模板")
        verbose_name_plural = _("公文模板")

    def __str__(self) -> str:
        return str(DocumentKind(self.kind).label)
