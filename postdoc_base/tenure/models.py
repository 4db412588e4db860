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
    MIDTERM_DEFAULT_MONTHS,
    AssessmentGrade,
    AssessmentKind,
    ContractType,
    DispatchDestination,
    DispatchPurpose,
    SupervisorSide,
    WithdrawalReason,
    entry_filing_due,
    term_end,
    withdrawal_article,
)

from .enums import (
    AgreementState,
    AppointmentState,
    AssessmentState,
    DispatchState,
    ExitDestination,
    ExtensionState,
    Gender,
    IdType,
    InterestState,
    OutputKind,
    OutputLevel,
    OutputRole,
    OutputState,
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
        indexes = [models.Index(fields=["state"]), models.Index(fields=["base", "state"])]
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
        indexes = [models.Index(fields=["state"])]
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


class Output(models.Model):
    """An output of the stay (Art. 17), entered by the postdoc as it happens and confirmed by a supervisor;
    technology transfers carry the income and the postdoc's share (Art. 20)."""

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
    state = models.CharField(
        _("状态"), max_length=20, choices=OutputState.choices, default=OutputState.SUBMITTED
    )
    confirmed_by = models.ForeignKey(
        Supervisor, verbose_name=_("确认导师"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="confirmed_outputs",
    )  # fmt: skip
    confirmed_on = models.DateField(_("确认日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-id"]
        indexes = [models.Index(fields=["appointment", "kind", "state"]), models.Index(fields=["state"])]
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
        verbose_name = _("薪酬记录")
        verbose_name_plural = _("薪酬记录")

    def __str__(self) -> str:
        return f"{self.appointment.postdoc.name}：{self.year}年"


class AssessmentScheme(models.Model):
    """A base's assessment indicator system (Art. 7): indicators with editable weights (defaults: the Art. 17
    list, policy.tenure.DEFAULT_ASSESSMENT_INDICATORS) and the months from entry to the mid-term assessment.

    ``indicators`` is a list of {"key", "label", "weight"}; each assessment panel takes a rubric snapshot of
    it, so later edits do not change past assessments."""

    base = models.OneToOneField(
        "oversight.PracticeBase", verbose_name=_("基地"), on_delete=models.CASCADE,
        related_name="assessment_scheme",
    )  # fmt: skip
    indicators = models.JSONField(_("考核指标"), default=list)
    midterm_months = models.PositiveSmallIntegerField(
        _("中期考核时间（进基地后月数）"), default=MIDTERM_DEFAULT_MONTHS, validators=[MinValueValidator(1)]
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("考核指标体系")
        verbose_name_plural = _("考核指标体系")

    def __str__(self) -> str:
        return f"{self.base.name}考核指标体系"


class Assessment(models.Model):
    """A mid-term or exit assessment (Arts. 17, 18) by a joint panel on the review module: the base's academic
    committee and the station's experts score against the base's indicators; the base records the grade."""

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("进基地"), on_delete=models.PROTECT, related_name="assessments"
    )
    kind = models.CharField(_("考核类别"), max_length=20, choices=AssessmentKind.choices)
    due_on = models.DateField(_("考核时间"))
    panel = models.ForeignKey(
        "review.Panel", verbose_name=_("考核专家组"), on_delete=models.PROTECT, null=True, blank=True,
        related_name="assessments",
    )  # fmt: skip
    state = models.CharField(
        _("状态"), max_length=20, choices=AssessmentState.choices, default=AssessmentState.SCHEDULED
    )
    score = models.DecimalField(_("考核得分"), max_digits=6, decimal_places=2, null=True, blank=True)
    grade = models.CharField(_("考核结果"), max_length=20, choices=AssessmentGrade.choices, blank=True)
    result = models.TextField(_("考核意见"), blank=True)
    graded_on = models.DateField(_("评定日期"), null=True, blank=True)
    award_recorded = models.BooleanField(_("已记为奖励"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["appointment", "kind"], name="uniq_assessment_kind")]
        indexes = [models.Index(fields=["state", "due_on"])]
        verbose_name = _("考核")
        verbose_name_plural = _("考核")

    def __str__(self) -> str:
        return f"{self.appointment.postdoc.name}：{self.get_kind_display()}"

    def get_absolute_url(self) -> str:
        return reverse("tenure:assessment_detail", args=[self.pk])

    def review_parties(self):
        """Conflict parties for the review module: none by employer. Art. 17 wants the panel drawn from the
        base's academic committee and the station's experts, so an employer match is the point, not a
        conflict; the postdoc themself and a supervisor in the chair are refused when the panel is formed
        (policy.tenure.check_assessment_panel), and declared conflicts name organisations, not people."""
        from postdoc_base.policy.review import ConflictParties

        return ConflictParties(subjects=())

    @property
    def article(self) -> str:
        """第十七条 for the mid-term, 第十八条 for the exit assessment."""
        from postdoc_base.policy.tenure import assessment_article

        return assessment_article(self.kind)
