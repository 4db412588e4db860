"""Base-station cooperation agreements (Art. 8), research topics (Arts. 3, 12) and interest from PhD
holders."""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .enums import AgreementState, InterestState, TopicKind, TopicState


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
        indexes = [models.Index(fields=["-created_at", "-id"])]  # the list's order (kernel.listing)
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
        # The lists (recruitment.selectors): their order, then the published, a kind, a base's.
        indexes = [
            models.Index(fields=["-published_at", "-created_at", "-id"]),
            models.Index(fields=["state", "-published_at", "-created_at", "-id"]),
            models.Index(fields=["kind", "-published_at", "-created_at", "-id"]),
        ]
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
        # The list (recruitment.selectors.INTEREST_LIST): its order, and a topic's interests.
        indexes = [
            models.Index(fields=["-created_at", "-id"]),
            models.Index(fields=["topic", "-created_at", "-id"]),
        ]
        verbose_name = _("课题意向")
        verbose_name_plural = _("课题意向")

    def __str__(self) -> str:
        return f"{self.topic.title}：{self.name}"

    def get_absolute_url(self) -> str:
        return reverse("tenure:interest_detail", args=[self.pk])
