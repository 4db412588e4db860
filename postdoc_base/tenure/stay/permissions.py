"""Who may act on an appointment (Arts. 13-18) and its term extensions (Art. 14): the base, the partner
station, the region and the postdoc, each for their steps; and who acts for the postdoc (the postdoc or the
base), as dispatches, extensions and exit materials require."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.accounts.selectors import assignment_of


def appointment_assignment(user, role: str, appointment):
    if role == Role.UNIT_ADMIN:
        return assignment_of(user, role, unit_id=appointment.base.unit_id)
    if role == Role.STATION_CONTACT:
        return assignment_of(user, role, station_id=appointment.station_id)
    if role == Role.REGION_ADMIN:
        return region_admin_assignment(user)
    if role == Role.POSTDOC:
        return assignment_of(user, role, postdoc_id=appointment.postdoc_id)
    return None


def extension_assignment(user, role: str, extension):
    """The base's unit administrator approves; the region administrator acknowledges (Art. 14)."""
    if role == Role.UNIT_ADMIN:
        return assignment_of(user, role, unit_id=extension.appointment.base.unit_id)
    if role == Role.REGION_ADMIN:
        return region_admin_assignment(user)
    return None


def postdoc_or_base(actor, appointment):
    """The assignment under which ``actor`` acts for the postdoc: the postdoc themself or the base's unit
    administrator; else None (dispatches, Art. 16; extensions, Art. 14; exit materials, Art. 18)."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return assignment_of(actor, Role.POSTDOC, postdoc_id=appointment.postdoc_id) or assignment_of(
        actor, Role.UNIT_ADMIN, unit_id=appointment.base.unit_id
    )
