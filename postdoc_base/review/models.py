"""The review module: rubrics, panels, assignments, scores and logged conflict exclusions.

Not welded to base applications: an assignment points at any subject through a content type, and the
subject supplies its conflict parties (``review_parties()``). Base applications (Art. 11(3)) and postdoc
assessments (Arts. 17-18, panel context = subject = the assessment) use it; base evaluations come next.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.review import ConflictCause

from .enums import AssignmentState, PanelPhase, PanelPurpose


class Rubric(models.Model):
    name = models.CharField(_("评分标准名称"), max_length=100)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("评分标准")
        verbose_name_plural = _("评分标准")

    def __str__(self) -> str:
        return self.name


class RubricItem(models.Model):
    rubric = models.ForeignKey(Rubric, on_delete=models.CASCADE, related_name="items")
    label = models.CharField(_("评分项"), max_length=100)
    guidance = models.TextField(_("评分说明"), blank=True)
    weight = models.DecimalField(_("权重"), max_digits=6, decimal_places=2)
    max_score = models.DecimalField(_("满分"), max_digits=6, decimal_places=2, default=100)
    order = models.PositiveSmallIntegerField(_("顺序"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("评分项")
        verbose_name_plural = _("评分项")

    def __str__(self) -> str:
        return self.label


class Panel(models.Model):
    """评审专家组. ``context`` is what the panel reviews for (e.g. an establishment round)."""

    name = models.CharField(_("专家组名称"), max_length=100)
    purpose = models.CharField(_("评审类别"), max_length=30, choices=PanelPurpose.choices)
    context_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    context_id = models.PositiveBigIntegerField()
    context = GenericForeignKey("context_type", "context_id")
    rubric = models.ForeignKey(Rubric, verbose_name=_("评分标准"), on_delete=models.PROTECT)
    phase = models.CharField(
        _("阶段"), max_length=20, choices=PanelPhase.choices, default=PanelPhase.INDEPENDENT
    )
    blind = models.BooleanField(
        _("匿名评审"), default=False, help_text=_("专家之间互不可见姓名，导出和记录亦不显示")
    )
    disagreement_threshold = models.DecimalField(
        _("分歧阈值（分）"), max_digits=5, decimal_places=2, default=20
    )
    due_on = models.DateField(_("评分截止日期"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("评审专家组")
        verbose_name_plural = _("评审专家组")
        indexes = [
            models.Index(fields=["context_type", "context_id"]),
            # The lists (review.selectors): panels by phase, a unit's panels, assignments soonest due first.
            models.Index(fields=["phase", "-id"]),
            models.Index(fields=["purpose", "context_id"]),
            models.Index(fields=["due_on", "id"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("review:panel_detail", args=[self.pk])


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    expert = models.ForeignKey("directory.Expert", on_delete=models.PROTECT, related_name="panel_memberships")
    is_chair = models.BooleanField(_("组长"), default=False)
    # Label used instead of the name where the panel is blind: 专家A, 专家B...
    alias = models.CharField(_("匿名代号"), max_length=20)

    class Meta:
        ordering = ["alias", "id"]
        constraints = [models.UniqueConstraint(fields=["panel", "expert"], name="uniq_panel_member")]
        verbose_name = _("专家组成员")
        verbose_name_plural = _("专家组成员")

    def __str__(self) -> str:
        return f"{self.panel} · {self.expert}"


class Assignment(models.Model):
    """One expert, one subject, in one panel."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="assignments")
    member = models.ForeignKey(PanelMember, on_delete=models.PROTECT, related_name="assignments")
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("subject_type", "subject_id")
    state = models.CharField(
        _("状态"), max_length=20, choices=AssignmentState.choices, default=AssignmentState.ASSIGNED
    )
    comment = models.TextField(_("评审意见"), blank=True)
    total = models.DecimalField(_("加权总分"), max_digits=6, decimal_places=2, null=True, blank=True)
    submitted_at = models.DateTimeField(_("提交时间"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["member", "subject_type", "subject_id"], name="uniq_assignment")
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id", "state"]),
            models.Index(fields=["panel", "state"]),  # ASSIGNMENT_LIST ?state, read panel by panel
        ]
        verbose_name = _("评审分配")
        verbose_name_plural = _("评审分配")

    def __str__(self) -> str:
        # The alias, never the expert's name: this label goes into audit events and to-do lists (blind review).
        return f"{self.subject} · {self.member.alias}"

    def get_absolute_url(self) -> str:
        return reverse("review:assignment_detail", args=[self.pk])


class Score(models.Model):
    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(RubricItem, on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField(_("得分"), max_digits=6, decimal_places=2)

    class Meta:
        ordering = ["item__order", "item_id"]
        constraints = [models.UniqueConstraint(fields=["assignment", "item"], name="uniq_score")]
        verbose_name = _("评分")
        verbose_name_plural = _("评分")

    def __str__(self) -> str:
        return f"{self.item}: {self.score}"


class Exclusion(models.Model):
    """An expert kept off a subject for a conflict of interest; written when the assignment was refused."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="exclusions")
    expert = models.ForeignKey("directory.Expert", on_delete=models.PROTECT, related_name="+")
    subject_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    subject_id = models.PositiveBigIntegerField()
    cause = models.CharField(_("回避原因"), max_length=30, choices=ConflictCause.choices)
    organisation = models.CharField(_("涉及单位"), max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("回避记录")
        verbose_name_plural = _("回避记录")

    def __str__(self) -> str:
        return f"{self.expert} · {self.get_cause_display()}"
