"""Rounds and base applications up to the bureau's recommendation (Arts. 2, 9, 10, 11, 24)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.establishment import (
    ApplicationFacts,
    ClaimFacts,
    ResearcherFacts,
    UnitFacts,
)
from postdoc_base.policy.review import ConflictParties

from .enums import ApplicationState, AttachmentKind, ObjectionState, PriorityCategory, RoundState


class Round(models.Model):
    """批次: an establishment round, organised in principle every two years (第十一条 / Art. 11)."""

    name = models.CharField(_("批次名称"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("年度"))
    state = models.CharField(_("状态"), max_length=20, choices=RoundState.choices, default=RoundState.DRAFT)
    application_deadline = models.DateField(_("单位申报截止日期"))
    review_deadline = models.DateField(_("盟市推荐截止日期"))
    notes = models.TextField(_("说明"), blank=True)
    opened_at = models.DateTimeField(_("开始申报时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("截止时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        verbose_name = _("设立批次")
        verbose_name_plural = _("设立批次")
        indexes = [models.Index(fields=["-year", "-id"]), models.Index(fields=["state", "-year", "-id"])]
        constraints = [
            # 第十一条: only one round open at a time; the guard explains, this closes the race.
            models.UniqueConstraint(
                fields=["state"], condition=models.Q(state=RoundState.OPEN), name="one_open_round"
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("establishment:round_detail", args=[self.pk])


class BaseApplication(models.Model):
    """设立申请: one unit's application in one round, with the Art. 9 evidence and Art. 10 claims."""

    round = models.ForeignKey(
        Round, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="applications"
    )
    unit = models.ForeignKey(
        "directory.Unit", verbose_name=_("申报单位"), on_delete=models.PROTECT, related_name="applications"
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=ApplicationState.choices, default=ApplicationState.DRAFT
    )
    # Art. 11(1): the route follows the unit's affiliation as it was when the application was submitted.
    affiliation = models.CharField(_("申报路径"), max_length=20, blank=True)
    # Art. 9(1)
    operating_well = models.BooleanField(_("运行或经营状况良好"), default=False)
    operating_status = models.TextField(_("运行或经营状况说明"), blank=True)
    # Art. 9(2)
    rnd_institution = models.TextField(_("专门的科学研究开发机构及条件"), blank=True)
    # Art. 9(4)
    station = models.ForeignKey(
        "directory.MobileStation",
        verbose_name=_("合作博士后科研流动站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
    )
    recruitment_plan = models.TextField(_("博士后招收计划"), blank=True)
    planned_recruits = models.PositiveSmallIntegerField(_("计划招收人数"), null=True, blank=True)
    # Art. 9(5)
    management_rules = models.TextField(_("博士后工作管理办法要点"), blank=True)
    research_conditions = models.TextField(_("科研条件"), blank=True)
    living_conditions = models.TextField(_("生活条件"), blank=True)
    offered_annual_pay_yuan = models.PositiveIntegerField(_("拟提供年薪（元）"), null=True, blank=True)
    contact_name = models.CharField(_("联系人"), max_length=50, blank=True)
    contact_phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    # Art. 11(1): when the competent department agreed to this submission (cleared when the unit submits again);
    # a central unit's application reaches its bureau only then (selectors.applications_visible_to).
    dept_consented_at = models.DateTimeField(_("主管部门同意时间"), null=True, blank=True)
    forwarded_at = models.DateTimeField(_("报送自治区时间"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("设立申请")
        verbose_name_plural = _("设立申请")
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="one_application_per_unit_round")
        ]
        indexes = [
            models.Index(fields=["round", "state"]),
            # The list (establishment.selectors.APPLICATION_LIST): its order, then each filter before it.
            models.Index(fields=["-updated_at", "-id"]),
            models.Index(fields=["state", "-updated_at", "-id"]),
            models.Index(fields=["round", "-updated_at", "-id"]),
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}（{self.round.name}）"

    def get_absolute_url(self) -> str:
        return reverse("establishment:application_detail", args=[self.pk])

    @property
    def route_affiliation(self) -> str:
        return self.affiliation or self.unit.affiliation

    def review_parties(self) -> ConflictParties:
        """Art. 11(3) conflict parties: the applicant itself, and the partner station's university."""
        return ConflictParties(
            subjects=(self.unit.name,), partners=(self.station.university,) if self.station_id else ()
        )

    def unit_facts(self) -> UnitFacts:
        """The applying unit as it stands now (Arts. 2, 9(1), 24): the later steps re-check it."""
        return self.unit.facts(operating_well=self.operating_well)

    def facts(self) -> ApplicationFacts:
        """The application as the policy functions see it (Arts. 2, 9, 10, 24).

        Uses prefetched researchers, projects, claims and attachments when present, so a list of
        eligibility panels costs a fixed number of queries.
        """
        attachment_kinds = {a.kind for a in self.attachments.all()}
        claims = tuple(
            ClaimFacts(
                category=c.category,
                description=c.description,
                has_evidence=c.evidence_id is not None,
                year=c.year,
            )
            for c in self.claims.all()
        )
        return ApplicationFacts(
            unit=self.unit_facts(),
            has_rnd_institution=bool(self.rnd_institution.strip()),
            rnd_institution=self.rnd_institution,
            researchers=tuple(
                ResearcherFacts(
                    full_time=r.full_time, senior_title=r.senior_title, can_supervise=r.can_supervise
                )
                for r in self.researchers.all()
            ),
            has_station_intention=self.station_id is not None
            and AttachmentKind.STATION_INTENTION in attachment_kinds,
            recruitment_plan=self.recruitment_plan,
            research_project_count=len(self.projects.all()),
            has_management_rules=bool(self.management_rules.strip())
            or AttachmentKind.MANAGEMENT_RULES in attachment_kinds,
            research_conditions=self.research_conditions,
            living_conditions=self.living_conditions,
            offered_annual_pay_yuan=self.offered_annual_pay_yuan,
            claims=claims,
        )


class SeniorResearcher(models.Model):
    """Art. 9(3): full-time researchers with a senior title (or equivalent) able to supervise postdocs."""

    application = models.ForeignKey(BaseApplication, on_delete=models.CASCADE, related_name="researchers")
    name = models.CharField(_("姓名"), max_length=50)
    title = models.CharField(_("职称"), max_length=50)
    field = models.CharField(_("研究方向"), max_length=100, blank=True)
    full_time = models.BooleanField(_("本单位全职"), default=True)
    senior_title = models.BooleanField(_("高级职称或相应水平"), default=True)
    can_supervise = models.BooleanField(_("可担任合作导师"), default=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("科研人员")
        verbose_name_plural = _("科研人员")

    def __str__(self) -> str:
        return f"{self.name}（{self.title}）"


class ResearchProject(models.Model):
    """Art. 9(4): proposed postdoc research projects."""

    application = models.ForeignKey(BaseApplication, on_delete=models.CASCADE, related_name="projects")
    title = models.CharField(_("项目名称"), max_length=200)
    summary = models.TextField(_("项目简介"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("博士后研究项目")
        verbose_name_plural = _("博士后研究项目")

    def __str__(self) -> str:
        return self.title


class Attachment(models.Model):
    """An uploaded file; kept outside static and served only after a permission check."""

    application = models.ForeignKey(BaseApplication, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("材料类别"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(upload_to="applications/%Y/%m/")
    original_name = models.CharField(_("文件名"), max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "id"]
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.original_name


class PriorityClaim(models.Model):
    """Art. 10: a claimed priority category with its evidence."""

    application = models.ForeignKey(BaseApplication, on_delete=models.CASCADE, related_name="claims")
    category = models.CharField(_("优先条件"), max_length=30, choices=PriorityCategory.choices)
    description = models.TextField(_("具体情况"))
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    evidence = models.ForeignKey(
        Attachment,
        verbose_name=_("证明材料"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("优先条件")
        verbose_name_plural = _("优先条件")

    def __str__(self) -> str:
        return self.get_category_display()


class PreliminaryReview(models.Model):
    """Art. 11(2): the bureau's check of each condition, its inspection (考察) and its written recommendation."""

    application = models.OneToOneField(
        BaseApplication, on_delete=models.CASCADE, related_name="preliminary_review"
    )
    # {"1": true, "2": false, ...}: the bureau's verdict on each Art. 9 item; comments per item alongside.
    condition_checks = models.JSONField(_("逐项审核"), default=dict)
    condition_comments = models.JSONField(_("逐项意见"), default=dict)
    inspection = models.TextField(_("综合考察情况"), blank=True)
    inspected_on = models.DateField(_("考察日期"), null=True, blank=True)
    recommendation = models.TextField(_("推荐意见"), blank=True)
    rank = models.PositiveSmallIntegerField(_("推荐排序"), null=True, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("初审意见")
        verbose_name_plural = _("初审意见")

    def __str__(self) -> str:
        return f"{self.application} · 初审意见"


class PublicNotice(models.Model):
    """公示 (Art. 11(3): 评议通过、公示无异议后予以备案): the passed list of a round, published for N working days.

    The publication day counts when it is a working day; the notice ends at the close of ``ends_on``.
    """

    round = models.ForeignKey(Round, verbose_name=_("批次"), on_delete=models.PROTECT, related_name="notices")
    title = models.CharField(_("公示标题"), max_length=200)
    body = models.TextField(_("公示说明"), blank=True)
    working_days = models.PositiveSmallIntegerField(_("公示期（工作日）"), default=5)
    published_on = models.DateField(_("发布日期"))
    ends_on = models.DateField(_("公示截止日期"))
    # Years counted Monday-Friday because their holiday schedule was not in the calendar yet.
    unscheduled_years = models.JSONField(_("缺少节假日安排的年份"), default=list, blank=True)
    contact = models.CharField(_("受理异议联系方式"), max_length=200, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-published_on", "-id"]
        verbose_name = _("公示")
        verbose_name_plural = _("公示")
        indexes = [
            models.Index(fields=["-published_on", "-id"]),
            models.Index(fields=["round", "-published_on", "-id"]),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("establishment:public_notice", args=[self.pk])

    def is_open_on(self, day) -> bool:
        from postdoc_base.policy.notice import notice_open

        return notice_open(self.published_on, self.ends_on, day)


class NoticeItem(models.Model):
    notice = models.ForeignKey(PublicNotice, on_delete=models.CASCADE, related_name="items")
    application = models.OneToOneField(BaseApplication, on_delete=models.PROTECT, related_name="notice_item")
    order = models.PositiveSmallIntegerField(_("序号"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("公示名单")
        verbose_name_plural = _("公示名单")

    def __str__(self) -> str:
        return str(self.application)


class Objection(models.Model):
    """异议: filed by anyone during the notice under real name; holds the application until decided."""

    item = models.ForeignKey(
        NoticeItem, verbose_name=_("异议对象"), on_delete=models.PROTECT, related_name="objections"
    )
    state = models.CharField(
        _("状态"), max_length=20, choices=ObjectionState.choices, default=ObjectionState.PENDING
    )
    name = models.CharField(_("异议人姓名"), max_length=50)
    contact = models.CharField(_("联系方式"), max_length=100)
    text = models.TextField(_("异议内容"))
    attachment = models.FileField(_("附件"), upload_to="objections/%Y/%m/", blank=True)
    attachment_name = models.CharField(max_length=200, blank=True)
    attachment_type = models.CharField(max_length=100, blank=True)
    decision = models.TextField(_("处理意见"), blank=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("异议")
        verbose_name_plural = _("异议")
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["state", "-created_at", "-id"]),
        ]

    def __str__(self) -> str:
        # No personal data: this becomes the audit subject label and the obligation label (kept for good).
        return f"异议#{self.pk}（{self.item.application.unit.name}）"

    def get_absolute_url(self) -> str:
        return reverse("establishment:objection_detail", args=[self.pk])
