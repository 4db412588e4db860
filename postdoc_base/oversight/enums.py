from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseState(models.TextChoices):
    ACTIVE = "active", _("已备案")
    REVOKED = "revoked", _("已取消备案")
    CANCELLED = "cancelled", _("已自动注销（设立工作站）")
