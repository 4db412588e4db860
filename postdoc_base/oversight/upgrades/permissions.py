"""Who records a workstation approval and who works a treatment checklist (Art. 24 second sentence): the region
records the approval (it cancels the base); the base's unit administrator completes each postdoc's checklist and
submits it; the region confirms or returns it."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.accounts.selectors import assignment_of


def workstation_recorder(user):
    """The assignment under which ``user`` may record a workstation approval: the region's; else None."""
    return region_admin_assignment(user)


def checklist_assignment(user, role: str, checklist):
    if role == Role.REGION_ADMIN:
        return region_admin_assignment(user)
    if role == Role.UNIT_ADMIN and getattr(user, "is_active", False):
        return assignment_of(user, Role.UNIT_ADMIN, unit_id=checklist.appointment.base.unit_id)
    return None
