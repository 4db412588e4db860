"""States of a withdrawal case (退出基地, Art. 23)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class WithdrawalState(models.TextChoices):
    """A withdrawal case (退出基地, Art. 23)."""

    PROPOSED = "proposed", _("已提出")
    DECIDED_WITHDRAWN = "decided_withdrawn", _("决定退出基地")
    DISMISSED = "dismissed", _("不予退出")
