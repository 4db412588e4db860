"""Workstation approvals and the treatment checklists they open (Art. 24 second sentence)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.oversight import TREATMENT_ITEMS

from .enums import ChecklistState


class WorkstationApproval(models.Model):
    """The unit of a base was approved to set up a postdoc workstation (获批设立博士后科研工作站): recorded by the
    region; the base is cancelled in the same step."""

    base = models.OneToOneField(
        "oversight.PracticeBase",
        verbose_name=_("基地"),
        on_delete=models.PROTECT,
        related_name="workstation_approval",
    )
    approved_on = models.DateField(_("获批日期"))
    document_number = models.CharField(_("批准文号"), max_length=60)
    approver = models.CharField(_("批准机关"), max_length=100)
    document = models.FileField(_("批准文件"), upload_to="oversight/workstations/%Y/", blank=True)
    document_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    document_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("获批设立工作站记录")
        verbose_name_plural = _("获批设立工作站记录")

    def __str__(self) -> str:
        return f"{self.base.name}：{self.document_number}"


class TreatmentChecklist(models.Model):
    """补齐设站相关待遇 for one postdoc who was in the base when it was cancelled."""

    approval = models.ForeignKey(
        WorkstationApproval,
        verbose_name=_("获批设立工作站记录"),
        on_delete=models.PROTECT,
        related_name="checklists",
    )
    appointment = models.ForeignKey(
        "tenure.Appointment",
        verbose_name=_("进基地"),
        on_delete=models.PROTECT,
        related_name="treatment_checklists",
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=ChecklistState.choices, default=ChecklistState.OPEN
    )
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["state", "-created_at", "-id"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["approval", "appointment"], name="uniq_treatment_checklist"),
        ]
        verbose_name = _("补齐设站相关待遇清单")
        verbose_name_plural = _("补齐设站相关待遇清单")

    def __str__(self) -> str:
        return f"{self.appointment.postdoc.name}：{_('补齐设站相关待遇')}"

    def get_absolute_url(self) -> str:
        return reverse("oversight:treatment_detail", args=[self.pk])

    @property
    def progress(self) -> str:
        """Items done of all, as "3/5" (reads the prefetched items)."""
        items = self.items.all()
        return f"{sum(1 for i in items if i.done_on)}/{len(items)}"


class TreatmentItem(models.Model):
    """One item of a checklist (``policy.oversight.TREATMENT_ITEMS``): done on a day, with what was done."""

    checklist = models.ForeignKey(TreatmentChecklist, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("事项"), max_length=30)
    position = models.PositiveSmallIntegerField(default=0)
    done_on = models.DateField(_("完成日期"), null=True, blank=True)
    note = models.CharField(_("落实情况"), max_length=500, blank=True)

    class Meta:
        ordering = ["checklist", "position"]
        constraints = [models.UniqueConstraint(fields=["checklist", "key"], name="uniq_treatment_item")]
        verbose_name = _("待遇补齐事项")
        verbose_name_plural = _("待遇补齐事项")

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self):
        return next((i.label for i in TREATMENT_ITEMS if i.key == self.key), self.key)
