from django.db import models
from django.utils.translation import gettext_lazy as _


class PanelPhase(models.TextChoices):
    """Experts first score alone; only when the organiser opens the shared phase do they see each other's."""

    INDEPENDENT = "independent", _("独立评分")
    SHARED = "shared", _("合议（可见他人评分）")
    CLOSED = "closed", _("评审结束")


class AssignmentState(models.TextChoices):
    ASSIGNED = "assigned", _("待评分")
    SUBMITTED = "submitted", _("已提交")
    WITHDRAWN = "withdrawn", _("已撤回分配")


class PanelPurpose(models.TextChoices):
    ESTABLISHMENT = "establishment", _("基地设立论证评议")
    ASSESSMENT = "assessment", _("博士后中期及出基地考核")
    EVALUATION = "evaluation", _("基地评估")
