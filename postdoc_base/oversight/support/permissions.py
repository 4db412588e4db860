"""Who may read and keep a league/city's support policies (配套支持政策, Arts. 6 and 19).

Keep (record, correct, delete): the bureau's own officers (Art. 6: 盟市…研究制定…配套支持政策) and the region for
any bureau. Read: signed-in users of that bureau's scope: its officers, the region, and the administrators of
units in that bureau (the bases the policies are for). Not public."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.accounts.selectors import assignment_of


def unit_bureau_ids(user) -> set[int]:
    """The bureaus of the units ``user`` administers (the assignments are loaded with their units: no query)."""
    return {
        a.unit.bureau_id for a in getattr(user, "assignments", ()) if a.role == Role.UNIT_ADMIN and a.unit_id
    }


def support_keeper(user, bureau_id: int):
    """The assignment under which ``user`` keeps the support policies of bureau ``bureau_id``, or None."""
    if not getattr(user, "is_active", False):
        return None
    return assignment_of(user, Role.BUREAU_OFFICER, bureau_id=bureau_id) or region_admin_assignment(user)


def support_reader(user, bureau_id: int) -> bool:
    """Whether ``user`` may read the support policies of bureau ``bureau_id``."""
    if not getattr(user, "is_active", False):
        return False
    return support_keeper(user, bureau_id) is not None or bureau_id in unit_bureau_ids(user)


def bureaus_kept_by(user) -> list[int] | None:
    """The bureaus whose policies ``user`` keeps: None for all (the region), else the officer's bureaus."""
    if not getattr(user, "is_active", False):
        return []
    if region_admin_assignment(user):
        return None
    return sorted(user.scope_ids(Role.BUREAU_OFFICER))
