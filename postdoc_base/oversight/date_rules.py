"""The oversight rules the nightly sweep runs (``kernel.sweeps``), registered from ``OversightConfig.ready``."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel.sweeps import DateRule, register_rule
from postdoc_base.policy.articles import ART24

from .revocations.sweeps import empty_base_sweep


def register() -> None:
    register_rule(
        DateRule(
            "empty_bases",
            _("连续2年无在站博士后研究人员，发起取消基地备案"),
            ART24,
            empty_base_sweep,
            order=30,
        )
    )
