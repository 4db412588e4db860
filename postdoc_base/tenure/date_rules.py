"""The tenure rules the nightly sweep runs (``kernel.sweeps``), registered from ``TenureConfig.ready``: the
Art. 23(8) dispatch rule first, then items (1) and (9), which skip an appointment the first already gave a case."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel.sweeps import DateRule, register_rule
from postdoc_base.policy.tenure import WithdrawalReason, withdrawal_article

from .dispatches.services import dispatch_overdue_sweep
from .withdrawals.sweeps import withdrawal_rules_sweep


def register() -> None:
    register_rule(DateRule(
        "dispatch_overdue", _("出国逾期不归超过30天，提出退出基地"),
        withdrawal_article(WithdrawalReason.ABROAD_OVERDUE), dispatch_overdue_sweep, order=10,
    ))  # fmt: skip
    register_rule(DateRule(
        "withdrawal_rules", _("半年未取得学位证书、期满未出基地或超过6年，提出退出基地"),
        f"{withdrawal_article(WithdrawalReason.NO_DEGREE_CERTIFICATE)}、{withdrawal_article(WithdrawalReason.TERM_EXPIRED_OR_OVER_SIX_YEARS)}",
        withdrawal_rules_sweep, order=20,
    ))  # fmt: skip
