"""Postdocs (Art. 13) with their encrypted, hash-indexed ID numbers, and co-supervisors (Art. 15)."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import crypto
from postdoc_base.kernel.fields import EncryptedTextField, LookupHashField
from postdoc_base.policy.tenure import (
    SupervisorSide,
)

from .enums import Gender, IdType, StudyMode

DEFAULT_NATIONALITY = "中国"


class PersonIdHashField(LookupHashField):
    """The keyed hash of a person's ID number: ``resident_id`` kind for resident IDs; for passports the
    nationality is part of the hashed value (``passport`` kind), so passport numbers are unique within a
    nationality only (kernel.crypto.lookup_hash)."""

    def person_hash(self, id_type: str, nationality: str, number: str | None) -> str:
        if number is None or not crypto.normalise(number):
            return ""
        if id_type == IdType.PASSPORT:
            nat = " ".join((nationality or "").split()) or DEFAULT_NATIONALITY
            return crypto.lookup_hash(f"{nat}|{crypto.normalise(number)}", "passport")
        return crypto.lookup_hash(number, "resident_id")

    def pre_save(self, model_instance, add):
        value = self.person_hash(
            model_instance.id_type, model_instance.nationality, getattr(model_instance, self.source)
        )
        setattr(model_instance, self.attname, value)
        return value


# The ID number is stored encrypted (no column limit); a resident ID has 18 characters, a passport fewer.
ID_NUMBER_MAX_LENGTH = 30


class Postdoc(models.Model):
    """A postdoc's personal record (Art. 13); the ID number is encrypted, found by its keyed hash, shown masked."""

    base = models.ForeignKey(
        "oversight.PracticeBase",
        verbose_name=_("录入基地"),
        on_delete=models.PROTECT,
        related_name="postdocs",
    )
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=10, choices=Gender.choices)
    birth_date = models.DateField(_("出生日期"))
    id_type = models.CharField(
        _("证件类型"), max_length=20, choices=IdType.choices, default=IdType.RESIDENT_ID
    )
    id_number = EncryptedTextField(_("证件号码"))
    id_lookup = PersonIdHashField(kind="person_id", source="id_number")
    nationality = models.CharField(_("国籍"), max_length=50, default=DEFAULT_NATIONALITY)
    phd_institution = models.CharField(_("博士毕业院校"), max_length=120)
    phd_discipline = models.CharField(_("博士学科"), max_length=80)
    degree_date = models.DateField(_("博士学位授予日期"), null=True, blank=True)
    degree_certificate_number = models.CharField(_("博士学位证书编号"), max_length=50, blank=True)
    foreign_degree_verification = models.TextField(_("国（境）外学位认证情况"), blank=True)
    study_mode = models.CharField(
        _("在站方式"), max_length=20, choices=StudyMode.choices, default=StudyMode.FULL_TIME
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["id_lookup"], condition=~Q(id_lookup=""), name="uniq_postdoc_person"
            )
        ]
        # The list (people.selectors.POSTDOC_LIST): its order, and a base's postdocs in it.
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["base", "-created_at", "-id"]),
        ]
        verbose_name = _("博士后研究人员")
        verbose_name_plural = _("博士后研究人员")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tenure:postdoc_detail", args=[self.pk])

    @property
    def masked_id(self) -> str:
        if self.id_type == IdType.PASSPORT:
            return crypto.mask_passport(self.id_number)
        return crypto.mask_resident_id(self.id_number)


class Supervisor(models.Model):
    """A co-supervisor (合作导师) on the station or the base side (Art. 15)."""

    base = models.ForeignKey(
        "oversight.PracticeBase", verbose_name=_("录入基地"), on_delete=models.PROTECT,
        related_name="supervisors",
    )  # fmt: skip
    station = models.ForeignKey(
        "directory.MobileStation", verbose_name=_("博士后科研流动站"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="supervisors",
    )  # fmt: skip
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职称"), max_length=50)
    employer = models.CharField(_("工作单位"), max_length=120)
    side = models.CharField(_("导师类别"), max_length=20, choices=SupervisorSide.choices)
    # The supervisor's expert record when they also sit on assessment panels: a supervisor may sit on their
    # own postdoc's panel but not chair it (Art. 17).
    expert = models.ForeignKey(
        "directory.Expert", verbose_name=_("评审专家记录"), on_delete=models.SET_NULL, null=True, blank=True,
        related_name="supervisor_records",
    )  # fmt: skip
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        # The list (people.selectors.SUPERVISOR_LIST): its order, and a base's supervisors in it.
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["base", "-created_at", "-id"]),
        ]
        verbose_name = _("合作导师")
        verbose_name_plural = _("合作导师")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tenure:supervisor_edit", args=[self.pk])
