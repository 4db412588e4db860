"""States of a self-inspection (自查, Art. 25)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionState(models.TextChoices):
    """A base's self-inspection (Art. 25): open while its issues are rectified, then closed; ended by the rules
    when the base leaves the register (Art. 24) with the inspection still open."""

    OPEN = "open", _("自查整改中")
    CLOSED = "closed", _("已完成")
    ENDED = "ended", _("基地退出名录，自查终止")
