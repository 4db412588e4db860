"""Who may see a postdoc's full ID number (Art. 13): the region administrator and the unit administrators of
the base that recorded the postdoc."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin


def _can_reveal(user, postdoc) -> bool:
    return is_region_admin(user) or postdoc.base.unit_id in user.scope_ids(Role.UNIT_ADMIN)
