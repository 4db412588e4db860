"""Who may act on a base's self-inspections (Art. 25): the base's unit administrator keeps them (opens, records
and rectifies issues, closes); the region and the base's bureau read them and may comment. Reading is the
base file's scope (``oversight.permissions.base_file_assignment``)."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment

from ..permissions import base_keeper_assignment, bureau_of_base_assignment


def inspection_assignment(user, role: str, inspection):
    """The workflow's scope check: the base's unit administrator for the unit administrator's steps."""
    return base_keeper_assignment(user, inspection.base) if role == Role.UNIT_ADMIN else None


def inspection_keeper(user, base):
    """The assignment under which ``user`` opens and keeps ``base``'s self-inspections, or None."""
    return base_keeper_assignment(user, base)


def inspection_commenter(user, inspection):
    """The assignment under which ``user`` may comment on ``inspection``: the region or the base's bureau."""
    if not getattr(user, "is_active", False):
        return None
    return region_admin_assignment(user) or bureau_of_base_assignment(user, inspection.base)
