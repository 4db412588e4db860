from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenureConfig(AppConfig):
    name = "postdoc_base.tenure"
    label = "tenure"
    verbose_name = _("博士后招收与培养")

    def ready(self):
        from .assessments.review_purpose import register
        from .people import permissions  # noqa: F401  (registers the django-rules permissions)

        register()  # the Arts. 17-18 purpose of the review module
