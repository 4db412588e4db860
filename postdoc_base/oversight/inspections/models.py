"""Self-inspections of a base (自查, Art. 25), the issues each found with their rectification (整改), and the
comments the region and the bureau leave on them."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.oversight.inspection import InspectionConclusion, InspectionHalf

from .enums import InspectionState


class SelfInspection(models.Model):
    """A base's self-inspection for a period (a year or one half of it), kept by its unit administrator: open
    while the issues it found are rectified, closed once each is (Art. 25)."""

    base = models.ForeignKey(
        "oversight.PracticeBase",
        verbose_name=_("基地"),
        on_delete=models.PROTECT,
        related_name="self_inspections",
    )
    year = models.PositiveSmallIntegerField(_("自查年度"))
    half = models.PositiveSmallIntegerField(
        _("自查期间"), choices=InspectionHalf.choices, default=InspectionHalf.WHOLE_YEAR
    )
    summary = models.TextField(_("自查情况"))
    state = models.CharField(
        _("状态"), max_length=20, choices=InspectionState.choices, default=InspectionState.OPEN
    )
    conclusion = models.CharField(
        _("自查结论"), max_length=20, choices=InspectionConclusion.choices, blank=True
    )
    closed_on = models.DateField(_("完成日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        # The list (inspections.selectors.INSPECTION_LIST): its order, then a state's or a year's.
        indexes = [
            models.Index(fields=["-year", "-id"]),
            models.Index(fields=["state", "-year", "-id"]),
            models.Index(fields=["year", "-id"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["base", "year", "half"], name="uniq_self_inspection_period")
        ]
        verbose_name = _("自查")
        verbose_name_plural = _("自查")

    def __str__(self) -> str:
        return f"{self.base.name}{self.period_label}自查"

    def get_absolute_url(self) -> str:
        return reverse("oversight:inspection_detail", args=[self.pk])

    @property
    def period_label(self) -> str:
        return f"{self.year}年{InspectionHalf(self.half).label}"


class InspectionIssue(models.Model):
    """An issue a self-inspection found (问题), the action to take (整改措施) by a deadline, and, once rectified,
    the day, what was done and the evidence. Not a workflow subject: open until ``fixed_on`` is set."""

    inspection = models.ForeignKey(
        SelfInspection, verbose_name=_("自查"), on_delete=models.CASCADE, related_name="issues"
    )
    description = models.TextField(_("存在问题"))
    action = models.TextField(_("整改措施"))
    deadline = models.DateField(_("整改期限"))
    found_on = models.DateField(_("登记日期"))
    fixed_on = models.DateField(_("整改完成日期"), null=True, blank=True)
    fix_note = models.TextField(_("整改情况"), blank=True)
    evidence = models.FileField(_("整改佐证材料"), upload_to="oversight/inspections/%Y/", blank=True)
    evidence_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    evidence_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("自查问题")
        verbose_name_plural = _("自查问题")

    def __str__(self) -> str:
        return self.description[:50]

    @property
    def is_fixed(self) -> bool:
        return self.fixed_on is not None


class InspectionComment(models.Model):
    """A comment of the region or the base's bureau on a self-inspection: a note, not a state change."""

    inspection = models.ForeignKey(
        SelfInspection, verbose_name=_("自查"), on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评论人"), on_delete=models.PROTECT, related_name="+"
    )
    author_role = models.CharField(_("评论人角色"), max_length=30)
    body = models.TextField(_("评论内容"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("自查评论")
        verbose_name_plural = _("自查评论")

    def __str__(self) -> str:
        return self.body[:50]
