from django.db import models
from django.utils.translation import gettext_lazy as _


class RevocationState(models.TextChoices):
    """A revocation case (Art. 24): opened by the rules, decided by the region."""

    OPEN = "open", _("待自治区决定")
    REVOKED = "revoked", _("已取消备案")
    KEPT = "kept", _("保留备案")
