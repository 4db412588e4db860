"""Who may manage accounts, role assignments and parameters: the region administrator (Art. 5).

Registered with django-rules when the app is ready (``AccountsConfig.ready``), so ``perms.accounts.*`` in
templates works before any URL has been resolved.
"""

import rules

from .enums import Role


@rules.predicate
def is_region_admin(user) -> bool:
    return bool(getattr(user, "is_active", False)) and any(
        a.role == Role.REGION_ADMIN for a in getattr(user, "assignments", ())
    )


rules.add_perm("accounts.manage_users", is_region_admin)
rules.add_perm("accounts.manage_parameters", is_region_admin)
