from django.db import models
from django.utils.translation import gettext_lazy as _


class ChecklistState(models.TextChoices):
    """A postdoc's 补齐设站相关待遇 checklist (Art. 24): the unit completes it, the region confirms."""

    OPEN = "open", _("待补齐")
    SUBMITTED = "submitted", _("已报自治区确认")
    CONFIRMED = "confirmed", _("已确认补齐")
