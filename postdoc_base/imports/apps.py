from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "postdoc_base.imports"
    label = "imports"
    verbose_name = _("批量导入")

    def ready(self) -> None:
        from . import permissions  # noqa: F401  (registers the rules)
        from .specs import register_all

        register_all()
