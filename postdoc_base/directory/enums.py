from django.db import models
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.establishment import Affiliation, UnitNature

__all__ = ["Affiliation", "UnitNature", "BureauKind"]


class BureauKind(models.TextChoices):
    LEAGUE_CITY = "league_city", _("盟市")
    SEPARATELY_PLANNED = "separately_planned", _("计划单列市")
