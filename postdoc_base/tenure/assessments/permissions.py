"""Who may act on assessments (Arts. 7, 17): the unit administrator of the postdoc's base, who organises and
grades them."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import assignment_of

from ..permissions import base_admin_assignment


def assessment_assignment(user, role: str, assessment):
    """The base's unit administrator organises and grades its postdocs' assessments (Arts. 7, 17)."""
    if role == Role.UNIT_ADMIN:
        return assignment_of(user, role, unit_id=assessment.appointment.base.unit_id)
    return None


def _is_base_admin(user, assessment) -> bool:
    return base_admin_assignment(user, assessment.appointment.base) is not None
