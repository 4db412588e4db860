"""States of a position collected for postdocs (岗位, Art. 21)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PositionState(models.TextChoices):
    """A position (岗位, Art. 21): published, or closed by whoever manages it."""

    PUBLISHED = "published", _("已发布")
    CLOSED = "closed", _("已关闭")
