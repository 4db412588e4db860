from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "postdoc_base.directory"
    label = "directory"
    verbose_name = _("名录")

    def ready(self):
        from postdoc_base.accounts.enums import ScopeKind
        from postdoc_base.kernel.scopes import register_scope_bureau

        from . import permissions  # noqa: F401  (registers the django-rules permissions)
        from .models import Unit

        register_scope_bureau(ScopeKind.UNIT, Unit, "bureau_id")  # a base's items belong to its unit's bureau
