"""Reads of exits (Art. 18) and the Art. 22 title route, scoped by the one appointment rule
(``scoping._appointment_scoped``)."""

from __future__ import annotations

from datetime import date

from django.db.models import DateField, Exists, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..outputs.enums import OutputKind, OutputLevel, OutputRole, OutputState
from ..outputs.models import Output
from ..scoping import _appointment_scoped
from ..stay.enums import AppointmentState
from ..stay.models import Appointment
from .enums import ExitDestination

# Art. 21/22: every base is in Inner Mongolia, so staying at the base unit is staying in the region.
IN_REGION_DESTINATIONS = (ExitDestination.BASE_UNIT, ExitDestination.IN_REGION)
# Art. 22(c): "主持省部级以上项目" — led, at provincial (省部级) level or above.
LEADING_LEVELS = (OutputLevel.NATIONAL, OutputLevel.PROVINCIAL)
ACHIEVEMENTS = ("tr_national_funded", "tr_cpsf_grant", "tr_led_project")


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


def eligible_q() -> Q:
    """The SQL form of ``policy.tenure.check_title_route`` all passing, on annotated appointments."""
    return Q(
        state=AppointmentState.EXITED, exit_policies_entitled=True, destination__in=IN_REGION_DESTINATIONS
    ) & (Q(tr_national_funded=True) | Q(tr_cpsf_grant=True) | Q(tr_led_project=True))


def title_route_visible_to(user, eligible: bool | None = None) -> QuerySet[Appointment]:
    """Exited appointments the user may see (the appointment scope), with their Art. 22 facts."""
    qs = Appointment.objects.select_related("postdoc", "base__unit__bureau", "station").filter(
        state=AppointmentState.EXITED
    )
    qs = with_title_route_facts(_appointment_scoped(user, qs, "")).order_by("-exit_date", "-id")
    if eligible is True:
        qs = qs.filter(eligible_q())
    elif eligible is False:
        qs = qs.exclude(eligible_q())
    return qs
