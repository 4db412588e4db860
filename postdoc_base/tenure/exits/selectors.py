"""Reads of exits (Art. 18) and the Art. 22 title route, scoped by the one appointment rule
(``scoping._appointment_scoped``)."""

from __future__ import annotations

from datetime import date

from django.db.models import DateField, Exists, F, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from postdoc_base.kernel.listing import declare

from ..outputs.enums import OutputKind, OutputLevel, OutputRole, OutputState
from ..outputs.models import Output
from ..scoping import _appointment_scoped, appointment_scope_lookups
from ..stay.enums import AppointmentState
from ..stay.models import Appointment
from .enums import ExitDestination

# Art. 21/22: every base is in Inner Mongolia, so staying at the base unit is staying in the region.
IN_REGION_DESTINATIONS = (ExitDestination.BASE_UNIT, ExitDestination.IN_REGION)
# Art. 22(c): "主持省部级以上项目" — led, at provincial (省部级) level or above.
LEADING_LEVELS = (OutputLevel.NATIONAL, OutputLevel.PROVINCIAL)

# The Art. 22 list (kernel.listing): exited appointments, the latest exit first.
TITLE_ROUTE_LIST = declare(
    "title route", Appointment, ordering=("-exit_date", "-id"), where=("state",), **appointment_scope_lookups(),
    unindexed={"eligible": "Art. 22 over the row and its confirmed outputs: one semi-join (eligible_q)"},
    pages=("tenure:title_route_list",), apis=("title_route_list",),
)  # fmt: skip


# The three Art. 22 achievements, as conditions on a confirmed output of the stay: the annotations of
# ``with_title_route_facts`` and the set of ``_achieved`` read this one table.
ACHIEVEMENT_OUTPUTS = {
    "tr_national_funded": Q(kind=OutputKind.NATIONAL_FUNDED),
    "tr_cpsf_grant": Q(kind=OutputKind.CPSF_GRANT),
    "tr_led_project": Q(kind=OutputKind.PROJECT, role=OutputRole.LED, level__in=LEADING_LEVELS),
}
ACHIEVEMENTS = tuple(ACHIEVEMENT_OUTPUTS)  # the annotations' names


def _achievement(today: date, match: Q) -> Exists:
    """A confirmed output of the appointment, matching ``match``, dated within the stay (entry to exit, or to
    ``today`` while the postdoc is still in the base): Art. 22 counts only what happened "在站期间"."""
    stay_end = Coalesce(OuterRef("exit_date"), Value(today, output_field=DateField()))
    return Exists(
        Output.objects.filter(
            match,
            appointment_id=OuterRef("pk"),
            state=OutputState.CONFIRMED,
            occurred_on__gte=OuterRef("entry_date"),
            occurred_on__lte=stay_end,
        )
    )


def with_title_route_facts(qs: QuerySet[Appointment], today: date | None = None) -> QuerySet[Appointment]:
    """Annotate each appointment with the three Art. 22 achievements, as subqueries (no query per row)."""
    today = today or timezone.localdate()
    return qs.annotate(**{name: _achievement(today, match) for name, match in ACHIEVEMENT_OUTPUTS.items()})


def _achieved(today: date) -> QuerySet[Output]:
    """The exited appointments with at least one of the three achievements, as one set: the
    ``appointment_id`` of their confirmed outputs matching ``ACHIEVEMENT_OUTPUTS``, dated within the stay."""
    stay_end = Coalesce(F("appointment__exit_date"), Value(today, output_field=DateField()))
    any_achievement = Q()
    for match in ACHIEVEMENT_OUTPUTS.values():
        any_achievement |= match
    return Output.objects.filter(
        any_achievement,
        state=OutputState.CONFIRMED,
        appointment__state=AppointmentState.EXITED,
        occurred_on__gte=F("appointment__entry_date"),
        occurred_on__lte=stay_end,
    ).values("appointment_id")


def eligible_q(today: date | None = None) -> Q:
    """The SQL form of ``policy.tenure.check_title_route`` all passing: an exited appointment with the Art. 21
    entitlement and an in-region destination, among ``_achieved`` (one semi-join over the outputs, not a
    subquery per appointment)."""
    return Q(
        state=AppointmentState.EXITED,
        exit_policies_entitled=True,
        destination__in=IN_REGION_DESTINATIONS,
        pk__in=_achieved(today or timezone.localdate()),
    )


def title_route_visible_to(user, eligible: bool | None = None) -> QuerySet[Appointment]:
    """Exited appointments the user may see (the appointment scope), with their Art. 22 facts."""
    today = timezone.localdate()
    qs = Appointment.objects.select_related("postdoc", "base__unit__bureau", "station").filter(
        state=AppointmentState.EXITED
    )
    qs = TITLE_ROUTE_LIST.order(with_title_route_facts(_appointment_scoped(user, qs, ""), today))
    if eligible is True:
        qs = qs.filter(eligible_q(today))
    elif eligible is False:
        qs = qs.exclude(eligible_q(today))
    return qs
