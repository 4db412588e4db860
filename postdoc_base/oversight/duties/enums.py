"""Choices of the Art. 7 records: the roles on a base's academic committee (专家学术委员会)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("主任")
    VICE_CHAIR = "vice_chair", _("副主任")
    MEMBER = "member", _("委员")


# Shown in this order on the file: the chair, the vice-chairs, then the members.
COMMITTEE_ROLE_ORDER = {CommitteeRole.CHAIR: 0, CommitteeRole.VICE_CHAIR: 1, CommitteeRole.MEMBER: 2}
