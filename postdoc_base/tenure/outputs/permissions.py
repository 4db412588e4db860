"""Who may act on outputs and pay (Arts. 15, 17, 20): the appointment's two supervisors, the postdoc who
enters outputs, the base unit's administrator who records pay."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import assignment_of


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


def pay_recorder(actor, appointment):
    """The base unit's administrator records pay (the unit pays it, Art. 20), or None."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return assignment_of(actor, Role.UNIT_ADMIN, unit_id=appointment.base.unit_id)
