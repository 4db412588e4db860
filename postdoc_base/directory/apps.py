from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "postdoc_base.directory"
    label = "directory"
    verbose_name = _("名录")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the django-rules permissions)
