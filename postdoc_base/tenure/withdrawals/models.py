"""Withdrawal cases (退出基地, Art. 23)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.tenure import (
    WithdrawalReason,
    withdrawal_article,
)

from ..stay.models import Appointment
from .enums import WithdrawalState


class WithdrawalCase(models.Model):
    """A withdrawal case (退出基地, Art. 23): one of the ten reasons, with facts and evidence; proposed by the
    base, the station or the region and decided by the region."""

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("进基地"), on_delete=models.PROTECT, related_name="withdrawal_cases"
    )
    reason = models.PositiveSmallIntegerField(_("退出事由"), choices=WithdrawalReason.choices)
    facts = models.TextField(_("事实与理由"))
    evidence = models.FileField(_("证明材料"), upload_to="tenure/withdrawals/%Y/", blank=True)
    evidence_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    evidence_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    proposed_by_role = models.CharField(_("提出方"), max_length=30)
    state = models.CharField(
        _("状态"), max_length=20, choices=WithdrawalState.choices, default=WithdrawalState.PROPOSED
    )
    decision_article = models.CharField(_("决定依据"), max_length=40, blank=True)
    decided_on = models.DateField(_("决定日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["state", "-created_at", "-id"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["appointment"],
                condition=Q(state="proposed"),
                name="uniq_open_withdrawal_case",
            )
        ]
        verbose_name = _("退出基地案件")
        verbose_name_plural = _("退出基地案件")

    def __str__(self) -> str:
        # The label straight from the choices: get_reason_display rebuilds its lookup table on every call,
        # which a sweep opening a thousand cases pays a thousand times (audit and to-do labels).
        return f"{self.appointment.postdoc.name}：{WithdrawalReason(self.reason).label}"

    def get_absolute_url(self) -> str:
        return reverse("tenure:withdrawal_detail", args=[self.pk])

    @property
    def article(self) -> str:
        return withdrawal_article(self.reason)
