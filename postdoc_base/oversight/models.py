"""Filed bases (博士后创新实践基地) and their filing numbers (Art. 11(3) 备案); below them, the models of the oversight
features (ch. 5), each in its sub-package."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import BaseState


class FilingSequence(models.Model):
    """Last filing number used in a year; locked row by row so concurrent filings never share a number."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"


class PracticeBase(models.Model):
    unit = models.ForeignKey(
        "directory.Unit", verbose_name=_("设站单位"), on_delete=models.PROTECT, related_name="bases"
    )
    application = models.OneToOneField(
        "establishment.BaseApplication",
        verbose_name=_("设立申请"),
        on_delete=models.PROTECT,
        related_name="base",
    )
    name = models.CharField(_("基地名称"), max_length=250)
    filing_number = models.CharField(_("备案号"), max_length=40, unique=True)
    filing_year = models.PositiveSmallIntegerField(_("备案年度"))
    filing_serial = models.PositiveIntegerField(_("备案序号"))
    filed_on = models.DateField(_("备案日期"))
    state = models.CharField(_("状态"), max_length=20, choices=BaseState.choices, default=BaseState.ACTIVE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-filed_on", "filing_serial"]
        constraints = [
            models.UniqueConstraint(fields=["filing_year", "filing_serial"], name="uniq_filing_serial")
        ]
        # The directory (oversight.selectors.BASE_LIST): its order, and the active bases in it.
        indexes = [
            models.Index(fields=["-filed_on", "filing_serial"]),
            models.Index(fields=["state", "-filed_on", "filing_serial"]),
        ]
        verbose_name = _("博士后创新实践基地")
        verbose_name_plural = _("博士后创新实践基地")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("oversight:base_detail", args=[self.pk])


# The features' models, re-exported from the module Django loads for the app (as tenure/models.py does).
from .duties.models import CommitteeMember, DutyAdministrator, ManagementOffice, ManagementRules  # noqa: E402, F401
from .evaluations.models import (  # noqa: E402, F401
    CampaignIndicator,
    Evaluation,
    EvaluationCampaign,
    EvaluationEvidence,
    EvaluationScore,
)
from .funding.models import FundingRecord  # noqa: E402, F401
from .inspections.models import InspectionComment, InspectionIssue, SelfInspection  # noqa: E402, F401
from .positions.models import Position, PositionInterest  # noqa: E402, F401
from .revocations.models import RevocationCase  # noqa: E402, F401
from .support.models import SupportPolicy  # noqa: E402, F401
from .upgrades.models import TreatmentChecklist, TreatmentItem, WorkstationApproval  # noqa: E402, F401
