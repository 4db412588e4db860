"""Reads of appointments (Arts. 13-18) and term extensions (Art. 14), on the one appointment scope."""

from django.db.models import QuerySet

from postdoc_base.kernel.listing import declare

from ..scoping import _appointment_scoped, appointment_scope_lookups
from .models import Appointment, TermExtension

# The lists (kernel.listing), ordered as the models' Meta.ordering.
APPOINTMENT_LIST = declare(
    "appointments", Appointment, filters={"state": "state", "base": "base_id"}, **appointment_scope_lookups(),
    pages=("tenure:appointment_list",), apis=("appointment_list",),
)  # fmt: skip
EXTENSION_LIST = declare(
    "extensions", TermExtension, filters={"state": "state"}, **appointment_scope_lookups("appointment__"),
    pages=("tenure:extension_list",), apis=("extension_list",),
)  # fmt: skip


def appointments_visible_to(user) -> QuerySet[Appointment]:
    """Appointments: the region all; a bureau its bases'; the base's unit administrators; the partner station's
    contacts; the postdoc themself; the appointment's two supervisors."""
    qs = Appointment.objects.select_related(
        "postdoc", "base__unit__bureau", "station", "topic", "station_supervisor", "base_supervisor"
    )
    return _appointment_scoped(user, qs, "")


def filter_appointments(qs, *, state: str | None = None, base_id: int | None = None):
    return APPOINTMENT_LIST.filter(qs, state=state, base=base_id)


def extensions_visible_to(user) -> QuerySet[TermExtension]:
    """Extensions, scoped like dispatches: the region all; a bureau its bases'; the base's unit
    administrators; the partner station's contacts; the postdoc themself; the appointment's supervisors."""
    qs = TermExtension.objects.select_related(
        "appointment__postdoc", "appointment__base__unit__bureau", "appointment__station"
    )
    return _appointment_scoped(user, qs, "appointment__")
