"""Reads of appointments (Arts. 13-18) and term extensions (Art. 14), on the one appointment scope."""

from django.db.models import QuerySet

from ..scoping import _appointment_scoped
from .models import Appointment, TermExtension


def appointments_visible_to(user) -> QuerySet[Appointment]:
    """Appointments: the region all; a bureau its bases'; the base's unit administrators; the partner station's
    contacts; the postdoc themself; the appointment's two supervisors."""
    qs = Appointment.objects.select_related(
        "postdoc", "base__unit__bureau", "station", "topic", "station_supervisor", "base_supervisor"
    )
    return _appointment_scoped(user, qs, "")


def filter_appointments(qs, *, state: str | None = None, base_id: int | None = None):
    if state:
        qs = qs.filter(state=state)
    if base_id:
        qs = qs.filter(base_id=base_id)
    return qs


def extensions_visible_to(user) -> QuerySet[TermExtension]:
    """Extensions, scoped like dispatches: the region all; a bureau its bases'; the base's unit
    administrators; the partner station's contacts; the postdoc themself; the appointment's supervisors."""
    qs = TermExtension.objects.select_related(
        "appointment__postdoc", "appointment__base__unit__bureau", "appointment__station"
    )
    return _appointment_scoped(user, qs, "appointment__")
