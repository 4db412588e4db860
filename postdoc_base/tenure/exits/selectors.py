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
ACHIEVEMENTS = ("tr_national_funded", "tr_cpsf_grant", "tr_led_project")

# The Art. 22 list (kernel.listing): exited appointments, the latest exit first.
TITLE_ROUTE_LIST = declare(
    "title route", Appointment, ordering=("-exit_date", "-id"), where=("state",), **appointment_scope_lookups(),
    unindexed={"eligible": "Art. 22 over the row and its confirmed outputs: one semi-join (eligible_q)"},
    pages=("tenure:title_route_list",), apis=("title_route_list",),
)  # fmt: skip


def _achievement(today: date, **match) -> Exists:
    """A confirmed output of the appointment, matching ``match``, dated within the stay (entry to exit, or to
    ``today`` while the postdoc is still in the base): Art. 22 counts only what happened "在站期间"."""
    stay_end = Coalesce(OuterRef("exit_date"), Value(today, output_field=DateField()))
    return Exists(
        Output.objects.filter(
            appointment_id=OuterRef("pk"),
            state=OutputState.CONFIRMED,
            occurred_on__gte=OuterRef("entry_date"),
            occurred_on__lte=stay_end,
            **match,
        )
    )


def with_title_route_facts(qs: QuerySet[Appointment], today: date | None = None) -> QuerySet[Appointment]:
    """Annotate each appointment with the three Art. 22 achievements, as subqueries (no query per row)."""
    today = today or timezone.localdate()
    return qs.annotate(
        tr_national_funded=_achievement(today, kind=OutputKind.NATIONAL_FUNDED),
        tr_cpsf_grant=_achievement(today, kind=OutputKind.CPSF_GRANT),
        tr_led_project=_achievement(
            today, kind=OutputKind.PROJECT, role=OutputRole.LED, level__in=LEADING_LEVELS
        ),
    )


def _achieved(today: date) -> QuerySet[Output]:
    """The exited appointments with at least one of the three achievements (``with_title_route_facts``), as one
    set: the ``appointment_id`` of their confirmed outputs of kind national_funded or cpsf_grant, or a led project
    at provincial level or above, dated within the stay (entry to exit, or to ``today``)."""
    stay_end = Coalesce(F("appointment__exit_date"), Value(today, output_field=DateField()))
    return Output.objects.filter(
        Q(kind__in=(OutputKind.NATIONAL_FUNDED, OutputKind.CPSF_GRANT))
        | Q(kind=OutputKind.PROJECT, role=OutputRole.LED, level__in=LEADING_LEVELS),
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
