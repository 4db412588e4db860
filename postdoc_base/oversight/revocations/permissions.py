"""Who may act on revocation cases (Art. 24): the rules open them; the region decides. The base and its bureau
read them (``selectors.revocations_visible_to``)."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment


def revocation_assignment(user, role: str, case):
    return region_admin_assignment(user) if role == Role.REGION_ADMIN else None
