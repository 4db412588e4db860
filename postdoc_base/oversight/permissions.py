"""Who may see and keep a base's file (基地档案, Arts. 6, 7, 24, 25): the region every base; a league/city bureau
the bases of its units (Art. 6 管理服务); the base's own unit administrators (Art. 7). The public sees only the
directory entry of an active base (``selectors.bases_visible_to``).

``base_file_assignment`` is the one answer for pages, API, services and templates; the list of files a user may
open is ``selectors.base_files_visible_to``, which reads the same three scopes in SQL."""

import rules

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.accounts.selectors import assignment_of


def base_file_assignment(user, base):
    """The assignment under which ``user`` may read ``base``'s file: region, its bureau or its unit; else None."""
    if not getattr(user, "is_active", False):
        return None
    return (
        region_admin_assignment(user)
        or assignment_of(user, Role.BUREAU_OFFICER, bureau_id=base.unit.bureau_id)
        or assignment_of(user, Role.UNIT_ADMIN, unit_id=base.unit_id)
    )


def base_keeper_assignment(user, base):
    """The assignment under which ``user`` keeps the base's own records (its Art. 7 duties, self-inspections,
    funding it invests): the base's unit administrator only."""
    if not getattr(user, "is_active", False):
        return None
    return assignment_of(user, Role.UNIT_ADMIN, unit_id=base.unit_id)


def bureau_of_base_assignment(user, base):
    """The bureau officer's assignment for ``base``'s league/city (Art. 6), or None."""
    if not getattr(user, "is_active", False):
        return None
    return assignment_of(user, Role.BUREAU_OFFICER, bureau_id=base.unit.bureau_id)


@rules.predicate
def may_read_base_file(user, base) -> bool:
    return base_file_assignment(user, base) is not None


@rules.predicate
def may_keep_base_records(user, base) -> bool:
    return base_keeper_assignment(user, base) is not None


rules.add_perm("oversight.read_base_file", may_read_base_file)
rules.add_perm("oversight.keep_base_records", may_keep_base_records)
