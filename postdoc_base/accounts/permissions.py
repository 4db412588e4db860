"""Who may manage accounts, role assignments and parameters: the region administrator (Art. 5).

Registered with django-rules when the app is ready (``AccountsConfig.ready``), so ``perms.accounts.*`` in
templates works before any URL has been resolved.
"""

import rules

from .enums import Role


def region_admin_assignment(user):
    """The active user's region-administrator assignment (Art. 5), or None.

    The one test in the project of "is this the region": services act under the assignment it gives,
    predicates, selectors, pages and the API ask ``is_region_admin``. Reads the assignments loaded once per
    request (no query).
    """
    if not getattr(user, "is_active", False):
        return None
    return next((a for a in getattr(user, "assignments", ()) if a.role == Role.REGION_ADMIN), None)


@rules.predicate
def is_region_admin(user) -> bool:
    return region_admin_assignment(user) is not None


rules.add_perm("accounts.manage_users", is_region_admin)
rules.add_perm("accounts.manage_parameters", is_region_admin)
