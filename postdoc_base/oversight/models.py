"""Filed bases (博士后创新实践基地) and their filing numbers (Art. 11(3) 备案); below them, the models of the oversight
features (ch. 5), each in its sub-package."""

from datetime import date

from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import BaseState


class FilingSequence(models.Model):
    """Last filing number used in a year; locked row by row so concurrent filings never share a number."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"

    @classmethod
    def _locked(cls, year: int) -> "FilingSequence":
        """The year's row, locked until the caller's transaction commits (made by the year's first filing)."""
        try:
            with (
                transaction.atomic()
            ):  # a savepoint: a concurrent first insert of the year must not poison us
                return cls.objects.select_for_update().get_or_create(year=year)[0]
        except IntegrityError:
            return cls.objects.select_for_update().get(year=year)

    @classmethod
    def next_serial(cls, year: int) -> int:
        """The year's next serial, for a filing in the system (``establishment.notices.filing_execute``)."""
        seq = cls._locked(year)
        seq.last_number += 1
        seq.save(update_fields=["last_number"])
        return seq.last_number

    @classmethod
    def claim(cls, year: int, serial: int) -> None:
        """Move the year's sequence up to ``serial``, taken by a base recorded from its paper notice
        (``oversight.historical``), so a later filing of that year gets a serial after it."""
        seq = cls._locked(year)
        if seq.last_number < serial:
            seq.last_number = serial
            seq.save(update_fields=["last_number"])


class PracticeBase(models.Model):
    unit = models.ForeignKey(
        "directory.Unit", verbose_name=_("设站单位"), on_delete=models.PROTECT, related_name="bases"
    )
    # The application the base was filed on (Art. 11(3)); none for a base filed on paper before the system and
    # recorded from its filing notice (历史备案, ``oversight.historical``).
    application = models.OneToOneField(
        "establishment.BaseApplication",
        verbose_name=_("设立申请"),
        on_delete=models.PROTECT,
        related_name="base",
        null=True,
        blank=True,
    )
    name = models.CharField(_("基地名称"), max_length=250)
    filing_number = models.CharField(_("备案号"), max_length=40, unique=True)
    filing_year = models.PositiveSmallIntegerField(_("备案年度"))
    filing_serial = models.PositiveIntegerField(_("备案序号"))
    filed_on = models.DateField(_("备案日期"))
    # The number of the region's paper notice that announced a filing made before the system (Art. 11(3):
    # 予以备案，并发文公布), e.g. 内人社发〔2023〕12号: where the record came from. Blank for a filing made in the
    # system, whose notice the documents app issues and numbers.
    notice_number = models.CharField(_("备案通知文号"), max_length=60, blank=True)
    # The day a paper-era base was recorded in the system; none for a filing made in the system. The system
    # holds a paper-era base's postdocs and self-inspections only from that day, so the Art. 24 emptiness and
    # the yearly self-inspections are counted from it (``watched_from``), not from the filing years before.
    recorded_on = models.DateField(_("登记日期"), null=True, blank=True)
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

    @property
    def watched_from(self) -> date:
        """The first day the system holds this base's records: its filing day, or for a base recorded from its
        paper notice the day it was recorded. Art. 24's 2 empty years and Art. 25's yearly self-inspections run
        from here (``oversight.revocations``, ``oversight.inspections``)."""
        return self.recorded_on or self.filed_on

    @property
    def recorded_from_paper(self) -> bool:
        """Filed before the system and recorded from its paper notice (历史备案): no application in the system."""
        return self.application_id is None


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
