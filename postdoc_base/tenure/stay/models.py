"""Appointments (进基地: tripartite agreement, entry, entry filing, exit data; Arts. 13-18) and term extensions
(延期, Art. 14)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.tenure import (
    DEFAULT_TERM_MONTHS,
    ContractType,
    entry_filing_due,
    term_end,
)

from ..exits.enums import ExitDestination
from ..people.models import Postdoc, Supervisor
from ..recruitment.models import ResearchTopic
from .enums import LIVE_APPOINTMENT_STATES, AppointmentState, ExtensionState


class Appointment(models.Model):
    """A postdoc's appointment to a base with a partner station (进基地, Arts. 13-15)."""

    postdoc = models.ForeignKey(
        Postdoc, verbose_name=_("博士后研究人员"), on_delete=models.PROTECT, related_name="appointments"
    )
    base = models.ForeignKey(
        "oversight.PracticeBase",
        verbose_name=_("基地"),
        on_delete=models.PROTECT,
        related_name="appointments",
    )
    station = models.ForeignKey(
        "directory.MobileStation", verbose_name=_("合作流动站"), on_delete=models.PROTECT,
        related_name="appointments",
    )  # fmt: skip
    topic = models.ForeignKey(
        ResearchTopic, verbose_name=_("课题"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="appointments",
    )  # fmt: skip
    contract_type = models.CharField(_("合同类型"), max_length=30, choices=ContractType.choices)
    term_months = models.PositiveSmallIntegerField(_("在基地期限（月）"), default=DEFAULT_TERM_MONTHS)
    has_major_project = models.BooleanField(_("承担国家或自治区重大项目"), default=False)
    major_project_note = models.TextField(_("重大项目说明"), blank=True)
    clauses_confirmed = models.JSONField(_("已明确的协议条款"), default=list, blank=True)
    signed_by = models.JSONField(_("已签署方"), default=list, blank=True)
    document = models.FileField(_("三方协议文本"), upload_to="tenure/appointments/%Y/", blank=True)
    document_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    document_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    entry_date = models.DateField(_("进基地日期"), null=True, blank=True)
    # Art. 13(2): the day the base submitted the entry filing (报送) now pending or accepted; the region's
    # acceptance day is ``entry_filed_on``. Lateness is the submission against the due date (policy is_late).
    entry_filing_submitted_on = models.DateField(_("进站备案报送日期"), null=True, blank=True)
    entry_filed_on = models.DateField(_("进站备案日期"), null=True, blank=True)
    entry_filing_late = models.BooleanField(_("逾期备案"), default=False)
    station_supervisor = models.ForeignKey(
        Supervisor, verbose_name=_("流动站合作导师"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="station_appointments",
    )  # fmt: skip
    base_supervisor = models.ForeignKey(
        Supervisor, verbose_name=_("基地合作导师"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="base_appointments",
    )  # fmt: skip
    state = models.CharField(
        _("状态"), max_length=20, choices=AppointmentState.choices, default=AppointmentState.DRAFTED
    )
    exit_policies_entitled = models.BooleanField(_("享受期满出站博士后相关政策"), default=True)
    # Months added by acknowledged extensions (Art. 14); the agreed term stays in term_months.
    extended_months = models.PositiveSmallIntegerField(_("已延期（月）"), default=0)
    research_report = models.FileField(_("研究报告"), upload_to="tenure/exit/%Y/", blank=True)
    research_report_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    research_report_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    work_summary = models.FileField(_("工作总结"), upload_to="tenure/exit/%Y/", blank=True)
    work_summary_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    work_summary_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    exit_date = models.DateField(_("出基地日期"), null=True, blank=True)
    destination = models.CharField(
        _("出基地去向"), max_length=20, choices=ExitDestination.choices, blank=True
    )
    destination_employer = models.CharField(_("去向单位"), max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The lists (stay.selectors.APPOINTMENT_LIST, exits.selectors.TITLE_ROUTE_LIST): their order, then the
        # state and the base before it.
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["state", "-created_at", "-id"]),
            models.Index(fields=["base", "-created_at", "-id"]),
            models.Index(fields=["state", "-exit_date", "-id"]),
            models.Index(fields=["base", "state", "-exit_date", "-id"]),
        ]
        constraints = [
            # 第十三条: one live appointment per postdoc; the service refuses first, this closes the race.
            models.UniqueConstraint(
                fields=["postdoc"],
                condition=Q(state__in=LIVE_APPOINTMENT_STATES),
                name="one_live_appointment_per_postdoc",
            )
        ]
        verbose_name = _("进基地")
        verbose_name_plural = _("进基地")

    def __str__(self) -> str:
        return f"{self.postdoc.name} — {self.base.name}"

    def get_absolute_url(self) -> str:
        return reverse("tenure:appointment_detail", args=[self.pk])

    @property
    def entry_filing_due(self):
        return entry_filing_due(self.entry_date) if self.entry_date else None

    @property
    def total_months(self) -> int:
        """The whole stay: the agreed term and every acknowledged extension (Art. 14)."""
        return self.term_months + self.extended_months

    @property
    def term_ends_on(self):
        return term_end(self.entry_date, self.total_months) if self.entry_date else None


class TermExtension(models.Model):
    """A term extension (延期, Art. 14): requested for the postdoc, approved by the base, acknowledged by the
    region; the whole stay stays within 4 years (6 with a recorded major project)."""

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("进基地"), on_delete=models.PROTECT, related_name="extensions"
    )
    months = models.PositiveSmallIntegerField(_("延期（月）"), validators=[MinValueValidator(1)])
    reason = models.TextField(_("延期理由"))
    has_major_project = models.BooleanField(_("承担国家或自治区重大项目"), default=False)
    major_project_note = models.TextField(_("重大项目说明"), blank=True)
    requested_by_role = models.CharField(_("申请方"), max_length=30)
    state = models.CharField(
        _("状态"), max_length=20, choices=ExtensionState.choices, default=ExtensionState.REQUESTED
    )
    decided_on = models.DateField(_("确认日期"), null=True, blank=True)
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
                condition=Q(state__in=["requested", "base_approved"]),
                name="uniq_open_extension",
            )
        ]
        verbose_name = _("延期")
        verbose_name_plural = _("延期")

    def __str__(self) -> str:
        return f"{self.appointment.postdoc.name}：延期{self.months}个月"

    def get_absolute_url(self) -> str:
        return reverse("tenure:extension_detail", args=[self.pk])
