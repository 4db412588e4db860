"""Who decides dispatches and confirms returns (Art. 16): the base's unit administrator."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import assignment_of


def dispatch_assignment(user, role: str, dispatch):
    """The base's unit administrator decides dispatches and confirms returns (Art. 16)."""
    if role == Role.UNIT_ADMIN:
        return assignment_of(user, role, unit_id=dispatch.appointment.base.unit_id)
    return None
