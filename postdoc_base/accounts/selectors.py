from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet

from postdoc_base.kernel.listing import SEARCH, declare

from .enums import ROLE_SCOPE_FIELD, Role
from .models import RoleAssignment, User

# The administration console's user list (kernel.listing): ``?role`` and ``?bureau`` keep the users with an
# active role assignment of that role, or in that bureau (the bureau's own or one of its units).
USER_LIST = declare(
    "users", User, ordering=("username",),
    joins=(("role_assignments__role", "role_assignments__active"), "role_assignments__bureau_id",
           "role_assignments__unit__bureau_id"),
    unindexed={"q": SEARCH}, pages=("accounts:user_list",),
)  # fmt: skip


def users_with_role(role: str, scope_id: int | None = None) -> QuerySet:
    """Active users holding ``role``; for scoped roles, in the scope object ``scope_id``."""
    field = ROLE_SCOPE_FIELD[role]
    filters = {"role_assignments__role": role, "role_assignments__active": True, "is_active": True}
    if field:
        if scope_id is None:
            return get_user_model().objects.none()
        filters[f"role_assignments__{field}_id"] = scope_id
    return get_user_model().objects.filter(**filters).distinct()


def holders_by_scope(role: str, scope_ids) -> dict[int, list]:
    """``users_with_role`` for many scope objects in one query: {scope id: the active users holding ``role``
    there}. For notifying the bases (or stations) of many records at once."""
    field = ROLE_SCOPE_FIELD[role]
    rows = RoleAssignment.objects.filter(
        role=role, active=True, user__is_active=True, **{f"{field}_id__in": list(scope_ids)}
    ).select_related("user")
    holders: dict[int, list] = {}
    for row in rows:
        holders.setdefault(getattr(row, f"{field}_id"), []).append(row.user)
    return holders


def users_visible_to(user) -> QuerySet:
    """Only the region administrator manages accounts; everyone sees themself."""
    users = get_user_model().objects.all()
    if user.is_region_admin:
        return users
    return users.filter(pk=user.pk)


def assignment_rows_for(user) -> QuerySet:
    return RoleAssignment.objects.filter(user=user, active=True)


def assignment_of(user, role: str, **scope):
    """The user's first active assignment under ``role`` whose scope fields equal ``scope``, or None.

    Reads the assignments loaded once per request (``User.assignments``): no query.
    """
    for a in getattr(user, "assignments", ()):
        if a.role == role and all(getattr(a, k) == v for k, v in scope.items()):
            return a
    return None


def scope_q(user, role: str, lookup: str) -> Q:
    """``Q(<lookup>__in=<ids of the user's scope objects under role>)``, or an empty match."""
    ids = user.scope_ids(role)
    return Q(**{f"{lookup}__in": ids}) if ids else Q(pk__in=[])


__all__ = ["Role", "users_with_role", "users_visible_to", "scope_q", "assignment_of"]
