"""Reads of dispatches (Art. 16), on the one appointment scope."""

from postdoc_base.kernel.listing import declare

from ..scoping import _appointment_scoped, appointment_scope_lookups
from .models import Dispatch

# The list (kernel.listing), ordered as the model's Meta.ordering.
DISPATCH_LIST = declare(
    "dispatches", Dispatch, filters={"state": "state"}, **appointment_scope_lookups("appointment__"),
    pages=("tenure:dispatch_list",), apis=("dispatch_list",),
)  # fmt: skip


def dispatches_visible_to(user):
    """Dispatches (Art. 16), scoped like appointments: the region all; a bureau its bases'; the base's unit
    administrators; the partner station's contacts; the postdoc themself; the appointment's two supervisors."""
    qs = Dispatch.objects.select_related(
        "appointment__postdoc", "appointment__base__unit__bureau", "appointment__station"
    )
    return _appointment_scoped(user, qs, "appointment__")
