"""Who may keep and read a base's Art. 7 records: the base's unit administrator keeps them
(``oversight.permissions.base_keeper_assignment``); whoever may read the base file reads them
(``base_file_assignment``); the administrators' personal data (name, phone) in full only for the unit and
the region, masked for the bureau, as the project masks personal data for readers who do not hold it."""

from postdoc_base.accounts.permissions import region_admin_assignment

from ..permissions import base_file_assignment, base_keeper_assignment

__all__ = ["base_file_assignment", "base_keeper_assignment", "sees_administrators_in_full"]


def sees_administrators_in_full(user, base) -> bool:
    """The named administrators' name and phone unmasked: the base's unit administrator and the region."""
    if not getattr(user, "is_active", False):
        return False
    return base_keeper_assignment(user, base) is not None or region_admin_assignment(user) is not None
