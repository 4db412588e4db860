from django import template

from postdoc_base.accounts.enums import Role

register = template.Library()


@register.filter
def tenure_nav(user) -> bool:
    """Unit administrators and station contacts see "合作协议与课题" (reads the loaded assignments: no query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.has_role(Role.UNIT_ADMIN) or user.has_role(Role.STATION_CONTACT)
