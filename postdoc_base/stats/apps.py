from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "postdoc_base.stats"
    label = "stats"
    verbose_name = _("统计与台账")

    def ready(self):
        from . import permissions  # noqa: F401  (the django-rules permissions)
