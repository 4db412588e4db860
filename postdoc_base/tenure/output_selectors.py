"""Reads of outputs (Art. 17) and pay records (Arts. 9(5), 20), on the one appointment scope."""

from django.db.models import QuerySet

from .enums import OutputKind, OutputState
from .models import Output, PayRecord
from .selectors import _appointment_scoped


def outputs_visible_to(user) -> QuerySet[Output]:
    """Outputs, scoped like appointments: the region all; a bureau its bases'; the base's unit administrators;
    the partner station's contacts; the postdoc themself; the appointment's two supervisors (who confirm)."""
    qs = Output.objects.select_related(
        "appointment__postdoc", "appointment__base__unit__bureau", "appointment__station", "confirmed_by"
    )
    return _appointment_scoped(user, qs, "appointment__")


def pay_records_visible_to(user) -> QuerySet[PayRecord]:
    """Pay records: as appointments, but not the supervisors (pay is between the unit and the postdoc);
    the postdoc sees their own."""
    qs = PayRecord.objects.select_related("appointment__postdoc", "appointment__base__unit__bureau")
    return _appointment_scoped(user, qs, "appointment__", supervisors=False)


def filter_outputs(qs, *, state: str | None = None, kind: str | None = None):
    """``state`` and ``kind`` filters; unknown values are ignored (as on the other lists)."""
    if state and state in OutputState.values:
        qs = qs.filter(state=state)
    if kind and kind in OutputKind.values:
        qs = qs.filter(kind=kind)
    return qs


def filter_pay_records(qs, *, appointment_id: int | None = None, year: int | None = None):
    if appointment_id:
        qs = qs.filter(appointment_id=appointment_id)
    if year:
        qs = qs.filter(year=year)
    return qs
