from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "postdoc_base.oversight"
    label = "oversight"
    verbose_name = _("基地管理")

    def ready(self):
        # Each feature registers with the registries it fills when its module loads: the base file's sections
        # (basefile), the overview's columns (overview), the workflows (kernel.workflow.WORKFLOWS), the review
        # purpose of evaluations; and the date rules and enders below.
        from . import (
            date_rules,
            permissions,  # noqa: F401  (the django-rules permissions)
        )
        from .duties import basefile as duties_basefile  # noqa: F401  (Art. 7)
        from .ending import register_ender
        from .evaluations import basefile as evaluation_basefile  # noqa: F401  (Arts. 5, 6; review purpose; ender)
        from .evaluations import overview as evaluation_overview  # noqa: F401
        from .funding import basefile as funding_basefile  # noqa: F401  (Art. 19)
        from .inspections import basefile as inspection_basefile  # noqa: F401  (Art. 25)
        from .inspections import overview as inspection_overview  # noqa: F401
        from .inspections import workflow as inspection_workflow  # noqa: F401
        from .inspections.ending import end_inspections
        from .positions import basefile as position_basefile  # noqa: F401  (Art. 21)
        from .positions import workflow as position_workflow  # noqa: F401
        from .revocations import basefile as revocation_basefile  # noqa: F401  (Art. 24)
        from .revocations import overview as revocation_overview  # noqa: F401
        from .revocations import workflow as revocation_workflow  # noqa: F401  (also the base's own workflow)
        from .support import basefile as support_basefile  # noqa: F401  (Arts. 6, 19)
        from .upgrades import basefile as upgrade_basefile  # noqa: F401  (Art. 24, second sentence)
        from .upgrades import workflow as upgrade_workflow  # noqa: F401

        date_rules.register()  # the Art. 24 rule of the nightly sweep
        register_ender(end_inspections)  # an open self-inspection ends with the base (Art. 24)
