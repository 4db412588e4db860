"""Evaluation campaigns (评估批次, Art. 5), their indicators, one evaluation per covered base with its self-scores
(Arts. 5, 6, 25) and the evidence the base uploads for its self-evaluation and its rectification (整改)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART5
from postdoc_base.policy.oversight.evaluation import EvaluationGrade, Thresholds

from .enums import EvaluationState, EvidenceStage, ScoreSource


class EvaluationCampaign(models.Model):
    """A campaign the region opens (Art. 5): the bases it covers (filed at least ``min_filed_years`` years before
    the reference date), its indicators and weights, its grade thresholds and its three deadlines."""

    name = models.CharField(_("评估批次名称"), max_length=100, unique=True)
    year = models.PositiveSmallIntegerField(_("评估年度"))
    reference_date = models.DateField(_("评估基准日"))
    min_filed_years = models.PositiveSmallIntegerField(_("备案满年数"))
    excellent_min = models.PositiveSmallIntegerField(_("优秀分数线"))
    good_min = models.PositiveSmallIntegerField(_("良好分数线"))
    qualified_min = models.PositiveSmallIntegerField(_("合格分数线"))
    self_due_on = models.DateField(_("自评截止日期"))
    check_due_on = models.DateField(_("盟市审核截止日期"))
    grade_due_on = models.DateField(_("自治区评定截止日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "-id"]
        indexes = [models.Index(fields=["-year", "-id"])]
        verbose_name = _("评估批次")
        verbose_name_plural = _("评估批次")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("oversight:evaluation_campaign_detail", args=[self.pk])

    @property
    def article(self) -> str:
        """What the review module's panel page cites for a panel formed for this campaign."""
        return ART5

    @property
    def thresholds(self) -> Thresholds:
        return Thresholds(self.excellent_min, self.good_min, self.qualified_min)


class CampaignIndicator(models.Model):
    """One indicator of a campaign with its weight (the weights of a campaign sum to 100)."""

    campaign = models.ForeignKey(EvaluationCampaign, on_delete=models.CASCADE, related_name="indicators")
    label = models.CharField(_("评估指标"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("权重"))
    order = models.PositiveSmallIntegerField(_("顺序"))

    class Meta:
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "order"], name="uniq_campaign_indicator_order"),
            models.UniqueConstraint(fields=["campaign", "label"], name="uniq_campaign_indicator_label"),
        ]
        verbose_name = _("评估指标")
        verbose_name_plural = _("评估指标")

    def __str__(self) -> str:
        return self.label


class Evaluation(models.Model):
    """One base's evaluation in a campaign: opened by the rules for each covered base, self-evaluated by the
    base, checked by its bureau (Art. 6), graded by the region (Art. 5); a 不合格 grade opens a rectification
    the region re-checks (Art. 25)."""

    campaign = models.ForeignKey(
        EvaluationCampaign, verbose_name=_("评估批次"), on_delete=models.PROTECT, related_name="evaluations"
    )
    base = models.ForeignKey(
        "oversight.PracticeBase", verbose_name=_("基地"), on_delete=models.PROTECT, related_name="evaluations"
    )
    state = models.CharField(
        _("状态"), max_length=30, choices=EvaluationState.choices, default=EvaluationState.OPENED
    )
    statement = models.TextField(_("自评报告"), blank=True)
    submitted_on = models.DateField(_("自评提交日期"), null=True, blank=True)
    check_comment = models.TextField(_("盟市审核意见"), blank=True)
    checked_on = models.DateField(_("盟市审核日期"), null=True, blank=True)
    score = models.DecimalField(_("综合得分"), max_digits=5, decimal_places=2, null=True, blank=True)
    score_source = models.CharField(_("得分来源"), max_length=20, choices=ScoreSource.choices, blank=True)
    grade = models.CharField(_("评估等次"), max_length=20, choices=EvaluationGrade.choices, blank=True)
    graded_on = models.DateField(_("评定日期"), null=True, blank=True)
    rectification_due_on = models.DateField(_("整改期限"), null=True, blank=True)
    rectification_report = models.TextField(_("整改情况"), blank=True)
    rectification_submitted_on = models.DateField(_("整改报告提交日期"), null=True, blank=True)
    final_grade = models.CharField(_("最终结论"), max_length=20, choices=EvaluationGrade.choices, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        # The list (selectors.EVALUATION_LIST): its order, then a state's, a campaign's or a grade's rows.
        indexes = [
            models.Index(fields=["-id"]),
            models.Index(fields=["state", "-id"]),
            models.Index(fields=["campaign", "-id"]),
            models.Index(fields=["grade", "-id"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "base"], name="uniq_evaluation_per_campaign")
        ]
        verbose_name = _("基地评估")
        verbose_name_plural = _("基地评估")

    def __str__(self) -> str:
        return f"{self.base.name}（{self.campaign.name}）"

    def get_absolute_url(self) -> str:
        return reverse("oversight:evaluation_detail", args=[self.pk])

    @property
    def article(self) -> str:
        return ART5

    def review_parties(self):
        """Conflict parties for the review module: an expert employed by the evaluated unit does not score it."""
        from postdoc_base.policy.review import ConflictParties

        return ConflictParties(subjects=(self.base.unit.name,))


class EvaluationScore(models.Model):
    """The base's self-score on one indicator (0-100)."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    indicator = models.ForeignKey(CampaignIndicator, on_delete=models.PROTECT, related_name="+")
    self_score = models.DecimalField(_("自评分"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["indicator__order", "indicator_id"]
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "indicator"], name="uniq_evaluation_score")
        ]
        verbose_name = _("自评分")
        verbose_name_plural = _("自评分")

    def __str__(self) -> str:
        return f"{self.indicator}: {self.self_score}"


class EvaluationEvidence(models.Model):
    """A file the base uploads for its self-evaluation (optionally for one indicator) or its rectification."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="evidence")
    stage = models.CharField(_("材料类别"), max_length=20, choices=EvidenceStage.choices)
    indicator = models.ForeignKey(
        CampaignIndicator, verbose_name=_("评估指标"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    file = models.FileField(_("佐证材料"), upload_to="oversight/evaluations/%Y/")
    file_name = models.CharField(_("原文件名"), max_length=200)
    file_type = models.CharField(_("文件类型"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("评估佐证材料")
        verbose_name_plural = _("评估佐证材料")

    def __str__(self) -> str:
        return self.file_name
