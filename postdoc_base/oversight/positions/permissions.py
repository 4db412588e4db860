"""Who may act on positions (岗位, Art. 21): the region, a league/city bureau or a base's unit posts; whoever
holds the poster's scope manages it (closes, reopens, reads who is interested); a postdoc near the end of the
term expresses and withdraws interest (``selectors.postdoc_near_end``)."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.accounts.selectors import assignment_of

# The roles that post positions, and the roles whose signed-in users read every published one.
POSTER_ROLES = (Role.REGION_ADMIN, Role.BUREAU_OFFICER, Role.UNIT_ADMIN)


def _active(user) -> bool:
    return getattr(user, "is_active", False)


def poster_assignment(user, role: str, *, unit=None, bureau=None):
    """The assignment under which ``user`` posts as ``role``: a unit administrator for ``unit`` (its own unit),
    a bureau officer for ``bureau``, the region administrator; else None."""
    if not _active(user):
        return None
    if role == Role.UNIT_ADMIN:
        return assignment_of(user, Role.UNIT_ADMIN, unit_id=unit.pk) if unit is not None else None
    if role == Role.BUREAU_OFFICER:
        return assignment_of(user, Role.BUREAU_OFFICER, bureau_id=bureau.pk) if bureau is not None else None
    if role == Role.REGION_ADMIN:
        return region_admin_assignment(user)
    return None


def position_manager(user, position):
    """The assignment under which ``user`` manages ``position``: the poster's own scope (the unit that posted,
    the bureau that collected it, the region for its own); else None."""
    if not _active(user):
        return None
    if position.posted_by_role == Role.UNIT_ADMIN:
        return assignment_of(user, Role.UNIT_ADMIN, unit_id=position.unit_id)
    if position.posted_by_role == Role.BUREAU_OFFICER:
        return assignment_of(user, Role.BUREAU_OFFICER, bureau_id=position.bureau_id)
    if position.posted_by_role == Role.REGION_ADMIN:
        return region_admin_assignment(user)
    return None


def position_assignment(user, role: str, position):
    """The workflow's scope check: the manager, acting under the poster's role."""
    assignment = position_manager(user, position)
    return assignment if assignment is not None and assignment.role == role else None


def interested_postdoc_assignment(user):
    """The user's postdoc assignment (whose near-end check is ``selectors.postdoc_near_end``), or None."""
    if not _active(user):
        return None
    return next((a for a in getattr(user, "assignments", ()) if a.role == Role.POSTDOC), None)
