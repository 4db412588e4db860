from django import template

from postdoc_base.accounts.enums import Role

register = template.Library()


@register.filter
def tenure_nav(user) -> bool:
    """Unit administrators and station contacts see "合作协议与课题" (reads the loaded assignments: no query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.has_role(Role.UNIT_ADMIN) or user.has_role(Role.STATION_CONTACT)


@register.filter
def people_nav(user) -> bool:
    """The region, bureaus and unit administrators see "博士后与导师" (no query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return any(user.has_role(r) for r in (Role.REGION_ADMIN, Role.BUREAU_OFFICER, Role.UNIT_ADMIN))


@register.filter
def own_record_nav(user) -> bool:
    """Postdocs and supervisors see "我的信息" (no query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    return user.has_role(Role.POSTDOC) or user.has_role(Role.SUPERVISOR)


@register.filter
def appointment_nav(user) -> bool:
    """Everyone who takes part in a postdoc's entry sees "进基地" (no query): the region, bureaus, bases,
    stations, postdocs and supervisors."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = (Role.REGION_ADMIN, Role.BUREAU_OFFICER, Role.UNIT_ADMIN, Role.STATION_CONTACT, Role.POSTDOC,
             Role.SUPERVISOR)  # fmt: skip
    return any(user.has_role(r) for r in roles)


@register.filter
def base_admin_nav(user) -> bool:
    """Unit administrators get the shortcuts from a topic's interest to recording the postdoc (no query)."""
    return getattr(user, "is_authenticated", False) and user.has_role(Role.UNIT_ADMIN)


@register.filter
def establishment_nav(user) -> bool:
    """ "设立批次" and "设立申请" concern those who apply, review or organise establishment (ch. 3); postdocs,
    supervisors and experts (who reach their reviews from their to-do list) do not need them (no query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = (Role.REGION_ADMIN, Role.BUREAU_OFFICER, Role.DEPT_OFFICER, Role.UNIT_ADMIN, Role.STATION_CONTACT)
    return any(user.has_role(r) for r in roles)


@register.filter
def pay_nav(user) -> bool:
    """ "薪酬记录" for those who see pay (Arts. 9(5), 20): the region, bureaus, bases, stations and the postdoc
    themself; supervisors do not see pay (no query)."""
    if not getattr(user, "is_authenticated", False):
        return False
    roles = (Role.REGION_ADMIN, Role.BUREAU_OFFICER, Role.UNIT_ADMIN, Role.STATION_CONTACT, Role.POSTDOC)
    return any(user.has_role(r) for r in roles)


@register.filter
def yuan(amount) -> str:
    """An amount in whole yuan as officials write it, with thousands separators (120,000); — when unknown.
    (``intcomma`` does not group under zh-hans.)"""
    if amount is None or amount == "":
        return "—"
    return f"{int(amount):,}"
