"""States of a mid-term or exit assessment (Arts. 17, 18)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AssessmentState(models.TextChoices):
    """A mid-term or exit assessment (Arts. 17, 18): scheduled, under panel review, graded."""

    SCHEDULED = "scheduled", _("待考核")
    UNDER_REVIEW = "under_review", _("专家组考核中")
    GRADED = "graded", _("已评定")
    CANCELLED = "cancelled", _("因退出基地取消")
