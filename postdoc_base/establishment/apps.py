from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstablishmentConfig(AppConfig):
    name = "postdoc_base.establishment"
    label = "establishment"
    verbose_name = _("基地设立")

    def ready(self):
        from . import permissions  # noqa: F401  (registers the django-rules permissions)
        from .review_purpose import register

        register()  # the Art. 11(3) purpose of the review module
