from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "postdoc_base.oversight"
    label = "oversight"
    verbose_name = _("基地管理")
