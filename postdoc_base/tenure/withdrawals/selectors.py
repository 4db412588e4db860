"""Reads of withdrawal cases (Art. 23), on the appointment scope without supervisors."""

from postdoc_base.kernel.listing import declare

from ..scoping import _appointment_scoped, appointment_scope_lookups
from .models import WithdrawalCase

# The list (kernel.listing), ordered as the model's Meta.ordering.
WITHDRAWAL_LIST = declare(
    "withdrawals", WithdrawalCase, filters={"state": "state"},
    **appointment_scope_lookups("appointment__", supervisors=False),
    pages=("tenure:withdrawal_list",), apis=("withdrawal_list",),
)  # fmt: skip


def withdrawals_visible_to(user):
    """Withdrawal cases (Art. 23): the region all; a bureau its bases'; the base's unit administrators; the
    partner station's contacts; the postdoc concerned (read-only). Not other postdocs, not supervisors."""
    qs = WithdrawalCase.objects.select_related(
        "appointment__postdoc", "appointment__base__unit__bureau", "appointment__station"
    )
    return _appointment_scoped(user, qs, "appointment__", supervisors=False)
