from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KernelConfig(AppConfig):
    name = "postdoc_base.kernel"
    label = "kernel"
    verbose_name = _("内核")
