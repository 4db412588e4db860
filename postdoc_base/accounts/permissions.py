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


def holds_role(*roles: Role) -> rules.Predicate:
    """A predicate: the active user holds at least one of ``roles`` (in any scope). Menus and page sections
    ask these; what a role may do *to an object* is each app's own predicate on that object."""
    wanted = frozenset(roles)

    def check(user) -> bool:
        if not getattr(user, "is_active", False):
            return False
        return any(a.role in wanted for a in getattr(user, "assignments", ()))

    return rules.predicate(check, name="holds_" + "_or_".join(sorted(wanted)))


is_bureau_officer = holds_role(Role.BUREAU_OFFICER)
is_unit_admin = holds_role(Role.UNIT_ADMIN)
is_expert = holds_role(Role.EXPERT)

rules.add_perm("accounts.manage_users", is_region_admin)
rules.add_perm("accounts.manage_parameters", is_region_admin)
