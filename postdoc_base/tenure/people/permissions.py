"""Who may see a postdoc's full ID number (Art. 13): the region administrator and the unit administrators of
the base that recorded the postdoc."""

from postdoc_base.accounts.enums import Role


def _can_reveal(user, postdoc) -> bool:
    return user.has_role(Role.REGION_ADMIN) or postdoc.base.unit_id in user.scope_ids(Role.UNIT_ADMIN)
