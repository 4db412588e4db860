"""Where an exited postdoc goes (Art. 18; Art. 21 counts those who stay in the region)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ExitDestination(models.TextChoices):
    """Where an exited postdoc goes (Art. 21 counts those who stay in Inner Mongolia)."""

    BASE_UNIT = "base_unit", _("留在设站（基地）单位")
    IN_REGION = "in_region", _("在自治区内其他单位")
    OUTSIDE = "outside", _("到自治区外")
