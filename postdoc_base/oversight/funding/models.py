"""Funding records of the bases (经费, Art. 19).

Records, not cases: a record states a sum paid or allocated, from one of the three sources, and has no
workflow states. It is written, corrected or deleted by whoever records its source
(``policy.oversight.funding.FUNDING_SOURCES``), each write audited with its field diff (``services``)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.oversight.funding import FundingSource


class FundingRecord(models.Model):
    """One sum of funding for a base in a year (Art. 19), optionally for one of its postdocs."""

    base = models.ForeignKey(
        "oversight.PracticeBase",
        verbose_name=_("基地"),
        on_delete=models.PROTECT,
        related_name="funding_records",
    )
    appointment = models.ForeignKey(
        "tenure.Appointment", verbose_name=_("博士后研究人员"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="funding_records",
    )  # fmt: skip
    year = models.PositiveSmallIntegerField(_("年度"))
    source = models.CharField(_("经费来源"), max_length=20, choices=FundingSource.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=14, decimal_places=2)
    purpose = models.CharField(_("用途"), max_length=200)
    note = models.TextField(_("备注"), blank=True)
    policy_title = models.CharField(_("政策文件名称"), max_length=200, blank=True)
    policy_number = models.CharField(_("政策文件文号"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year", "-id"]
        # The list (funding.selectors.FUNDING_LIST): its order, and its filters by source and by base (the base
        # file's section and a bureau's or a unit's scope, through the base).
        indexes = [
            models.Index(fields=["-year", "-id"]),
            models.Index(fields=["source", "-year", "-id"]),
            models.Index(fields=["base", "-year", "-id"]),
        ]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funding_amount_positive")
        ]
        verbose_name = _("经费记录")
        verbose_name_plural = _("经费记录")

    def __str__(self) -> str:
        return f"{self.base.name}：{self.year}年{FundingSource(self.source).label}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:funding_detail", args=[self.pk])
