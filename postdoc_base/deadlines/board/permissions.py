"""Who may use the deadline board (django-rules predicates): anyone signed in who holds a role may open it (and
sees what ``selectors.obligations_visible_to`` gives them); the counts per bureau are for the region and the
bureau officers (a bureau officer's own bureaus only, ``selectors.counted_bureaus``)."""

import rules

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import holds_role, is_region_admin


@rules.predicate
def holds_any_role(user) -> bool:
    return bool(getattr(user, "is_active", False) and getattr(user, "assignments", ()))


may_open_board = holds_any_role
may_see_bureau_counts = is_region_admin | holds_role(Role.BUREAU_OFFICER)

rules.add_perm("deadlines.view_board", may_open_board)
rules.add_perm("deadlines.view_bureau_counts", may_see_bureau_counts)
