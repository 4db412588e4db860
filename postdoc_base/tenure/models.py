"""Base-station cooperation (Art. 8), research topics (Arts. 3, 12) and interest from PhD holders."""

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import crypto
from postdoc_base.kernel.fields import EncryptedTextField, LookupHashField
from postdoc_base.policy.tenure import (
    DEFAULT_TERM_MONTHS,
    ContractType,
    DispatchDestination,
    DispatchPurpose,
    SupervisorSide,
    WithdrawalReason,
    entry_filing_due,
    withdrawal_article,
)

from .enums import (
    AgreementState,
    AppointmentState,
    DispatchState,
    Gender,
    IdType,
    InterestState,
    StudyMode,
    TopicKind,
    TopicState,
    WithdrawalState,
)


class CooperationAgreement(models.Model):
    base = models.ForeignKey(
        "oversight.PracticeBase", verbose_name=_("基地"), on_delete=models.PROTECT, related_name="agreements"
    )
    station = models.ForeignKey(
        "directory.MobileStation", verbose_name=_("博士后科研流动站"), on_delete=models.PROTECT,
        related_name="agreements",
    )  # fmt: skip
    starts_on = models.DateField(_("合作开始日期"))
    ends_on = models.DateField(_("合作结束日期"))
    supervisors_offered = models.PositiveIntegerField(
        _("提供合作导师人数"), validators=[MinValueValidator(1)]
    )
    notes = models.TextField(_("备注"), blank=True)
    document = models.FileField(_("协议文本"), upload_to="tenure/agreements/%Y/", blank=True)
    document_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    document_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=AgreementState.choices, default=AgreementState.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("合作协议")
        verbose_name_plural = _("合作协议")

    def __str__(self) -> str:
        return f"{self.base.name} — {self.station.university} {self.station.discipline}"

    def get_absolute_url(self) -> str:
        return reverse("tenure:agreement_detail", args=[self.pk])


class ResearchTopic(models.Model):
    base = models.ForeignKey(
        "oversight.PracticeBase", verbose_name=_("基地"), on_delete=models.PROTECT, related_name="topics"
    )
    kind = models.CharField(
        _("课题类型"), max_length=20, choices=TopicKind.choices, default=TopicKind.RESEARCH
    )
    title = models.CharField(_("课题名称"), max_length=200)
    fields = models.CharField(_("研究领域"), max_length=200, blank=True)
    description = models.TextField(_("课题简介"), blank=True)
    annual_pay_yuan = models.PositiveIntegerField(_("年薪（元）"), null=True, blank=True)
    term_months = models.PositiveSmallIntegerField(_("在站期限（月）"), default=24)
    station = models.ForeignKey(
        "directory.MobileStation", verbose_name=_("合作流动站"), on_delete=models.PROTECT, null=True,
        blank=True, related_name="topics",
    )  # fmt: skip
    state = models.CharField(_("状态"), max_length=20, choices=TopicState.choices, default=TopicState.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_at", "-created_at", "-id"]
        indexes = [models.Index(fields=["state", "-published_at"])]
        verbose_name = _("博士后课题")
        verbose_name_plural = _("博士后课题")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("tenure:topic_detail", args=[self.pk])

    def get_public_url(self) -> str:
        return reverse("tenure_public:topic_detail", args=[self.pk])


class TopicInterest(models.Model):
    topic = models.ForeignKey(
        ResearchTopic, verbose_name=_("课题"), on_delete=models.CASCADE, related_name="interests"
    )
    name = models.CharField(_("姓名"), max_length=60)
    contact = models.CharField(_("联系方式"), max_length=120)
    message = models.TextField(_("留言"), blank=True)
    cv = models.FileField(_("简历"), upload_to="tenure/cv/%Y/", blank=True)
    cv_name = models.CharField(_("原文件名"), max_length=200, blank=True)
    cv_type = models.CharField(_("文件类型"), max_length=100, blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=InterestState.choices, default=InterestState.NEW
    )
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("课题意向")
        verbose_name_plural = _("课题意向")

    def __str__(self) -> str:
        return f"{self.topic.title}：{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("tenure:interest_detail", args=[self.pk])


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
    active = models.BooleanField(_("有效"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("合作导师")
        verbose_name_plural = _("合作导师")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("tenure:supervisor_edit", args=[self.pk])


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
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state"])]
        verbose_name = _("进基地")
        verbose_name_plural = _("进基地")

    def __str__(self) -> str:
        return f"{self.postdoc.name} — {self.base.name}"

    def get_absolute_url(self) -> str:
        return reverse("tenure:appointment_detail", args=[self.pk])

    @property
    def entry_filing_due(self):
        return entry_filing_due(self.entry_date) if self.entry_date else None


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
        return f"{self.appointment.postdoc.name}：{self.get_reason_display()}"

    def get_absolute_url(self) -> str:
        return reverse("tenure:withdrawal_detail", args=[self.pk])

    @property
    def article(self) -> str:
        return withdrawal_article(self.reason)


class Dispatch(models.Model):
    """A dispatch (派出, Art. 16): domestic or abroad, for an exchange, a conference or a secondment; approved
    by the base and its return confirmed. Abroad and more than 30 days past the planned return opens a
    withdrawal case (Art. 23(8))."""

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("进基地"), on_delete=models.PROTECT, related_name="dispatches"
    )
    destination = models.CharField(_("派出地域"), max_length=20, choices=DispatchDestination.choices)
    purpose = models.CharField(_("派出事由"), max_length=20, choices=DispatchPurpose.choices)
    place = models.CharField(_("派往单位或地点"), max_length=200)
    planned_start = models.DateField(_("计划派出日期"))
    planned_return = models.DateField(_("计划返回日期"))
    returned_on = models.DateField(_("实际返回日期"), null=True, blank=True)
    notes = models.TextField(_("备注"), blank=True)
    state = models.CharField(
        _("状态"), max_length=20, choices=DispatchState.choices, default=DispatchState.REQUESTED
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "destination", "planned_return"])]
        verbose_name = _("派出")
        verbose_name_plural = _("派出")

    def __str__(self) -> str:
        return f"{self.appointment.postdoc.name}：{self.place}"

    def get_absolute_url(self) -> str:
        return reverse("tenure:dispatch_detail", args=[self.pk])

    @property
    def abroad(self) -> bool:
        return self.destination == DispatchDestination.ABROAD
