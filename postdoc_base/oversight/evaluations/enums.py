"""States of a base's evaluation (评估, Arts. 5, 6) and its rectification (整改, Art. 25)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EvaluationState(models.TextChoices):
    """One base's evaluation in a campaign: self-evaluation, the bureau's check, the region's grade, and for a
    不合格 grade the rectification and its re-check."""

    OPENED = "opened", _("待基地自评")
    SUBMITTED = "submitted", _("待盟市审核")
    RETURNED = "returned", _("退回修改")
    CHECKED = "checked", _("待自治区评定")
    GRADED = "graded", _("已评定")
    RECTIFYING = "rectifying", _("整改中")
    RECTIFICATION_SUBMITTED = "rectification_submitted", _("整改待复核")
    RECTIFIED = "rectified", _("整改合格")
    FAILED = "failed", _("整改不合格")
    CANCELLED = "cancelled", _("基地已退出，评估终止")


ES = EvaluationState
# Where the base fills its self-evaluation; where it reports its rectification; the evaluation's end states.
SELF_STATES = (ES.OPENED, ES.RETURNED)
FINAL_STATES = (ES.GRADED, ES.RECTIFIED, ES.FAILED, ES.CANCELLED)
OPEN_STATES = tuple(s for s in ES.values if s not in FINAL_STATES)


class EvidenceStage(models.TextChoices):
    SELF = "self", _("自评佐证")
    RECTIFICATION = "rectification", _("整改佐证")


class ScoreSource(models.TextChoices):
    """Which scores the region's grade was computed from."""

    EXPERTS = "experts", _("专家评分")
    SELF = "self", _("盟市审核后的基地自评分")
