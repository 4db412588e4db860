"""Outputs of the stay (在站成果, Arts. 17, 20) and yearly pay records (Arts. 9(5), 20)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from ..people.models import Supervisor
from ..stay.models import Appointment
from .enums import OutputKind, OutputLevel, OutputRole, OutputState


class Output(models.Model):
    """An output of the stay (Art. 17), entered by the postdoc as it happens (with its evidence, or imported as a
    draft that waits for it) and confirmed by a supervisor; technology transfers carry the income and the
    postdoc's share (Art. 20)."""

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("进基地"), on_delete=models.PROTECT, related_name="outputs"
    )
    kind = models.CharField(_("成果类型"), max_length=20, choices=OutputKind.choices)
    title = models.CharField(_("名称"), max_length=200)
    occurred_on = models.DateField(_("取得日期"))
    level = models.CharField(_("级别"), max_length=20, choices=OutputLevel.choices, blank=True)
    role = models.CharField(_("本人角色"), max_length=20, choices=OutputRole.choices, blank=True)
    reference = models.CharField(_("编号或出处"), max_length=200, blank=True)
    amount_yuan = models.PositiveBigIntegerField(_("金额（元）"), null=True, blank=True)
    postdoc_share_yuan = models.PositiveBigIntegerField(_("本人所得（元）"), null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)
    evidence = models.FileField(_("证明材料"), upload_to="tenure/outputs/%Y/", blank=True)
    evidence_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    evidence_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    state = models.CharField(_("状态"), max_length=20, choices=OutputState.choices, default=OutputState.DRAFT)
    confirmed_by = models.ForeignKey(
        Supervisor, verbose_name=_("确认导师"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="confirmed_outputs",
    )  # fmt: skip
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [
            models.Index(fields=["appointment", "kind", "state"]),
            # The list (outputs.selectors.OUTPUT_LIST): its order, then a state's or a kind's.
            models.Index(fields=["-occurred_on", "-id"]),
            models.Index(fields=["state", "-occurred_on", "-id"]),
            models.Index(fields=["kind", "-occurred_on", "-id"]),
        ]
        verbose_name = _("在站成果")
        verbose_name_plural = _("在站成果")

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"

    def get_absolute_url(self) -> str:
        return reverse("tenure:output_detail", args=[self.pk])


class PayRecord(models.Model):
    """A year's pay and social insurance (Arts. 9(5), 20); warnings are computed, never stored."""

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("进基地"), on_delete=models.PROTECT, related_name="pay_records"
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    annual_pay_yuan = models.PositiveIntegerField(_("年薪（元）"))
    same_level_pay_yuan = models.PositiveIntegerField(
        _("本单位相同层次科研人员年薪（元）"), null=True, blank=True
    )
    social_insurance = models.BooleanField(_("已缴纳社会保险"), default=False)
    notes = models.TextField(_("备注"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        constraints = [models.UniqueConstraint(fields=["appointment", "year"], name="uniq_pay_year")]
        indexes = [models.Index(fields=["-year", "-id"])]  # the list's order (outputs.selectors.PAY_LIST)
        verbose_name = _("薪酬记录")
        verbose_name_plural = _("薪酬记录")

    def __str__(self) -> str:
        return f"{self.appointment.postdoc.name}：{self.year}年"
