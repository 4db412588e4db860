from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "postdoc_base.accounts"
    label = "accounts"
    verbose_name = _("账户")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the django-rules permissions)
