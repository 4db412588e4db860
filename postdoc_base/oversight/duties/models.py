"""The records of a base's Art. 7 duties (第七条), kept by the base's unit administrator: its management office
(博士后管理机构), the versions of its rules (博士后管理制度), its named administrators (专门管理人员) and the
members of its academic committee (专家学术委员会)."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.tenure.names import PERSON_NAME_MAX_LENGTH

from .enums import CommitteeRole

PHONE_MAX_LENGTH = 30


class ManagementOffice(models.Model):
    """The base's postdoc management office (博士后管理机构): one per base, edited in place."""

    base = models.OneToOneField(
        "oversight.PracticeBase", verbose_name=_("基地"), on_delete=models.PROTECT, related_name="duty_office"
    )
    name = models.CharField(_("机构名称"), max_length=120)
    head = models.CharField(_("负责人"), max_length=PERSON_NAME_MAX_LENGTH)
    phone = models.CharField(_("联系电话"), max_length=PHONE_MAX_LENGTH)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "oversight"
        verbose_name = _("博士后管理机构")
        verbose_name_plural = _("博士后管理机构")

    def __str__(self) -> str:
        return self.name


class ManagementRules(models.Model):
    """One version of the base's postdoc management rules (博士后管理制度) with its text; the version adopted
    last (then the one recorded last) is current."""

    base = models.ForeignKey(
        "oversight.PracticeBase", verbose_name=_("基地"), on_delete=models.PROTECT, related_name="duty_rules"
    )
    title = models.CharField(_("制度名称"), max_length=200)
    adopted_on = models.DateField(_("印发日期"))
    document = models.FileField(_("制度文本"), upload_to="oversight/rules/%Y/")
    document_name = models.CharField(_("原文件名"), max_length=200)
    document_type = models.CharField(_("文件类型"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "oversight"
        ordering = ["-adopted_on", "-id"]
        indexes = [models.Index(fields=["base", "-adopted_on", "-id"])]  # a base's versions, latest first
        verbose_name = _("博士后管理制度")
        verbose_name_plural = _("博士后管理制度")

    def __str__(self) -> str:
        return self.title


class DutyAdministrator(models.Model):
    """A named administrator of the base's postdoc work (专门管理人员)."""

    base = models.ForeignKey(
        "oversight.PracticeBase", verbose_name=_("基地"), on_delete=models.PROTECT,
        related_name="duty_administrators",
    )  # fmt: skip
    name = models.CharField(_("姓名"), max_length=PERSON_NAME_MAX_LENGTH)
    position = models.CharField(_("职务"), max_length=100)
    phone = models.CharField(_("联系电话"), max_length=PHONE_MAX_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "oversight"
        ordering = ["id"]
        verbose_name = _("专门管理人员")
        verbose_name_plural = _("专门管理人员")

    def __str__(self) -> str:
        return self.name


class CommitteeMember(models.Model):
    """A member of the base's academic committee (专家学术委员会), which vouches for entry selection, the
    mid-term and the exit assessments (Art. 7); one chair per base."""

    base = models.ForeignKey(
        "oversight.PracticeBase", verbose_name=_("基地"), on_delete=models.PROTECT,
        related_name="committee_members",
    )  # fmt: skip
    name = models.CharField(_("姓名"), max_length=PERSON_NAME_MAX_LENGTH)
    title = models.CharField(_("职称或职务"), max_length=100)
    affiliation = models.CharField(_("工作单位"), max_length=200)
    role = models.CharField(_("委员会职务"), max_length=20, choices=CommitteeRole.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "oversight"
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["base"], condition=Q(role="chair"), name="one_committee_chair_per_base"
            )
        ]
        verbose_name = _("专家学术委员会成员")
        verbose_name_plural = _("专家学术委员会成员")

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"
