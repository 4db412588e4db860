from django.conf import settings

from postdoc_base.accounts.permissions import is_expert
from postdoc_base.imports.permissions import sees_imports
from postdoc_base.stats.permissions import may_view_stats


def navigation(request):
    """Product name and the signed-in user's roles for the navigation bar."""
    user = getattr(request, "user", None)
    roles = sorted({a.get_role_display() for a in user.assignments}) if user and user.is_authenticated else []
    nav_expert = bool(user and is_expert(user))
    # The predicates themselves, not ``perms`` (which asks the model backend too: two queries on every page).
    nav_stats = bool(user and user.is_authenticated and may_view_stats(user))
    nav_imports = bool(user and user.is_authenticated and sees_imports(user))
    return {
        "product_name": settings.PRODUCT_NAME, "my_roles": roles, "nav_expert": nav_expert, "nav_stats": nav_stats,
        "nav_imports": nav_imports,
    }  # fmt: skip
