"""Who may act on outputs and pay (Arts. 15, 17, 20): the appointment's two supervisors, the postdoc who
enters (or imports) outputs, the base unit's administrator who records pay."""

import rules

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import assignment_of

from ..stay.enums import STAY_STATES
from ..stay.models import Appointment


def supervisor_ids(appointment) -> tuple[int, ...]:
    """The appointment's two co-supervisors (Art. 15), those recorded."""
    return tuple(
        sid for sid in (appointment.station_supervisor_id, appointment.base_supervisor_id) if sid is not None
    )


def output_assignment(user, role: str, output):
    """The postdoc of the appointment enters and resubmits; either of its two supervisors confirms."""
    appointment = output.appointment
    if role == Role.POSTDOC:
        return assignment_of(user, role, postdoc_id=appointment.postdoc_id)
    if role == Role.SUPERVISOR:
        return next(
            (a for sid in supervisor_ids(appointment) if (a := assignment_of(user, role, supervisor_id=sid))),
            None,
        )
    return None


def output_author(actor, appointment):
    """The postdoc's own assignment for ``appointment`` (only the postdoc enters outputs, Art. 17), or None."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return assignment_of(actor, Role.POSTDOC, postdoc_id=appointment.postdoc_id)


def own_stay(user):
    """The appointment in which ``user``, a postdoc, is at the base now (a stay state, Arts. 13, 17): the one
    their outputs belong to. None when the user is no postdoc, is not in a stay, or (an account holding two
    postdocs) the stay is not one. One query, for postdocs only."""
    if not getattr(user, "is_authenticated", False):
        return None
    postdoc_ids = user.scope_ids(Role.POSTDOC)
    if not postdoc_ids:
        return None
    stays = list(
        Appointment.objects.filter(postdoc_id__in=postdoc_ids, state__in=STAY_STATES)
        .select_related("postdoc")
        .order_by("pk")[:2]
    )
    return stays[0] if len(stays) == 1 else None


@rules.predicate
def imports_own_outputs(user) -> bool:
    """The postdoc in a stay imports their own outputs (Art. 17): ``output_author`` of the current stay."""
    stay = own_stay(user)
    return stay is not None and output_author(user, stay) is not None


def pay_recorder(actor, appointment):
    """The base unit's administrator records pay (the unit pays it, Art. 20), or None."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return assignment_of(actor, Role.UNIT_ADMIN, unit_id=appointment.base.unit_id)
