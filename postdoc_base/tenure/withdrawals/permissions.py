"""Who may act on withdrawal cases (Art. 23): the base, the partner station or the region propose; the region
decides."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.accounts.selectors import assignment_of


def withdrawal_assignment(user, role: str, case):
    return region_admin_assignment(user) if role == Role.REGION_ADMIN else None


def withdrawal_proposer(actor, appointment):
    """The assignment under which ``actor`` may propose a withdrawal for ``appointment``: the base's unit
    administrator, the partner station's contact or the region administrator; else None."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return (
        assignment_of(actor, Role.UNIT_ADMIN, unit_id=appointment.base.unit_id)
        or assignment_of(actor, Role.STATION_CONTACT, station_id=appointment.station_id)
        or region_admin_assignment(actor)
    )
