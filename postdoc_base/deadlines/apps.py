from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeadlinesConfig(AppConfig):
    name = "postdoc_base.deadlines"
    label = "deadlines"
    verbose_name = _("期限提醒")

    def ready(self):
        # The reminder rule runs last in the nightly sweep, after the rules that open new obligations.
        from . import permissions  # noqa: F401  (the django-rules permissions)
        from .reminders import rules as reminder_rules

        reminder_rules.register()
