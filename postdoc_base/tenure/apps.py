from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenureConfig(AppConfig):
    name = "postdoc_base.tenure"
    label = "tenure"
    verbose_name = _("博士后招收与培养")

    def ready(self):
        from postdoc_base.accounts.enums import ScopeKind
        from postdoc_base.kernel.scopes import register_scope_bureau
        from postdoc_base.oversight.ending import register_ender

        from . import (
            basefile,  # noqa: F401  (registers the base file's tenure sections)
            date_rules,
        )
        from .assessments.review_purpose import register
        from .people import permissions  # noqa: F401  (registers the django-rules permissions)
        from .people.models import Postdoc, Supervisor
        from .recruitment.ending import end_recruitment

        register()  # the Arts. 17-18 purpose of the review module
        register_ender(end_recruitment)  # what a base leaving the register ends (Art. 24)
        date_rules.register()  # the Art. 23 rules of the nightly sweep
        # A postdoc's or a supervisor's items belong to the bureau of the base that recorded them.
        register_scope_bureau(ScopeKind.POSTDOC, Postdoc, "base__unit__bureau_id")
        register_scope_bureau(ScopeKind.SUPERVISOR, Supervisor, "base__unit__bureau_id")
