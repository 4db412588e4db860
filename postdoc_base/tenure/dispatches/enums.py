"""States of a dispatch (派出, Art. 16)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class DispatchState(models.TextChoices):
    """A dispatch (派出, Art. 16)."""

    REQUESTED = "requested", _("已申请")
    APPROVED = "approved", _("已批准派出")
    REFUSED = "refused", _("不予派出")
    RETURNED = "returned", _("已返回")
