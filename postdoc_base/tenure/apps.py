from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenureConfig(AppConfig):
    name = "postdoc_base.tenure"
    label = "tenure"
    verbose_name = _("博士后招收与培养")
