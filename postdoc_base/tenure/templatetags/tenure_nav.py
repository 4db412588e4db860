"""Which menu entries a user sees: each filter is a role predicate (accounts.permissions.holds_role) that
reads the assignments loaded once per request, so the navigation costs no query."""

from django import template

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import holds_role, is_unit_admin

register = template.Library()

# "合作协议与课题": unit administrators and station contacts (Arts. 3, 8, 12).
sees_recruitment = holds_role(Role.UNIT_ADMIN, Role.STATION_CONTACT)
# "博士后与导师": the region, bureaus and unit administrators.
sees_people = holds_role(Role.REGION_ADMIN, Role.BUREAU_OFFICER, Role.UNIT_ADMIN)
# "我的信息": postdocs and supervisors.
sees_own_record = holds_role(Role.POSTDOC, Role.SUPERVISOR)
# "进基地" and the stay's lists: everyone who takes part in a postdoc's entry.
sees_appointments = holds_role(
    Role.REGION_ADMIN,
    Role.BUREAU_OFFICER,
    Role.UNIT_ADMIN,
    Role.STATION_CONTACT,
    Role.POSTDOC,
    Role.SUPERVISOR,
)
# "设立批次" and "设立申请": those who apply, review or organise establishment (ch. 3); postdocs, supervisors
# and experts (who reach their reviews from their to-do list) do not need them.
sees_establishment = holds_role(
    Role.REGION_ADMIN, Role.BUREAU_OFFICER, Role.DEPT_OFFICER, Role.UNIT_ADMIN, Role.STATION_CONTACT
)
# "薪酬记录" (Arts. 9(5), 20): the region, bureaus, bases, stations and the postdoc themself; not supervisors.
sees_pay = holds_role(
    Role.REGION_ADMIN, Role.BUREAU_OFFICER, Role.UNIT_ADMIN, Role.STATION_CONTACT, Role.POSTDOC
)

# "就业岗位" for postdocs (Art. 21: the list explains when a postdoc's window opens).
sees_positions_as_postdoc = holds_role(Role.POSTDOC)
# "基地监管" (ch. 5): the base files and what the region, the bureaus and the bases keep about them.
sees_oversight = holds_role(Role.REGION_ADMIN, Role.BUREAU_OFFICER, Role.UNIT_ADMIN)


def _menu_filter(name: str, predicate) -> None:
    def filter_(user) -> bool:
        return predicate.test(user)

    register.filter(name, filter_)


_menu_filter("tenure_nav", sees_recruitment)
_menu_filter("people_nav", sees_people)
_menu_filter("own_record_nav", sees_own_record)
_menu_filter("appointment_nav", sees_appointments)
# Unit administrators get the shortcuts from a topic's interest to recording the postdoc.
_menu_filter("base_admin_nav", is_unit_admin)
_menu_filter("establishment_nav", sees_establishment)
_menu_filter("pay_nav", sees_pay)
_menu_filter("oversight_nav", sees_oversight)
_menu_filter("postdoc_nav", sees_positions_as_postdoc)


@register.filter
def yuan(amount) -> str:
    """An amount in whole yuan as officials write it, with thousands separators (120,000); — when unknown.
    (``intcomma`` does not group under zh-hans.)"""
    if amount is None or amount == "":
        return "—"
    return f"{int(amount):,}"
