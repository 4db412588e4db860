"""Assessment indicator schemes (Art. 7) and mid-term and exit assessments (Arts. 17, 18)."""

from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.tenure import (
    MIDTERM_DEFAULT_MONTHS,
    AssessmentGrade,
    AssessmentKind,
)

from ..stay.models import Appointment
from .enums import AssessmentState


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
        # The list (assessments.selectors.ASSESSMENT_LIST): its order, then a state's or a kind's.
        indexes = [
            models.Index(fields=["due_on", "id"]),
            models.Index(fields=["state", "due_on", "id"]),
            models.Index(fields=["kind", "due_on", "id"]),
        ]
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
