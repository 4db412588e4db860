from django.db import models
from django.utils.translation import gettext_lazy as _


class RevocationState(models.TextChoices):
    """A revocation case (Art. 24): opened by the rules, decided by the region."""

    OPEN = "open", _("待自治区决定")
    REVOKED = "revoked", _("已取消备案")
    KEPT = "kept", _("保留备案")


class RevocationGround(models.TextChoices):
    """Why a base's filing may be revoked: Art. 24 (no postdoc in the base for 2 consecutive years) or the 退出
    of Art. 5 (graded 不合格 and the rectification failed its re-check)."""

    EMPTY_TWO_YEARS = "art24_empty", _("连续2年无在站博士后研究人员")
    FAILED_EVALUATION = "art5_failed_evaluation", _("评估不合格且整改复核不通过")
