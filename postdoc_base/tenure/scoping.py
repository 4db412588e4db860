"""Read scopes shared by every feature: whether a user is signed in, the bases a user administers, and the
one appointment scope through which appointments and everything hanging off them are read."""

from django.db.models import QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.models import PracticeBase


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


def bases_managed_by(user) -> QuerySet[PracticeBase]:
    """Active filed bases whose unit the user administers."""
    if not _signed_in(user):
        return PracticeBase.objects.none()
    return PracticeBase.objects.filter(scope_q(user, Role.UNIT_ADMIN, "unit_id"), state=BaseState.ACTIVE)


def _appointment_scoped(user, qs, prefix: str, *, supervisors: bool = True):
    """The one appointment scope, for appointments and what hangs off them (``prefix`` "appointment__"):
    the region all; a bureau its bases'; the base's unit administrators; the partner station's contacts;
    the postdoc themself; with ``supervisors``, the appointment's two supervisors."""
    if not _signed_in(user):
        return qs.none()
    if is_region_admin(user):
        return qs
    q = (
        scope_q(user, Role.BUREAU_OFFICER, f"{prefix}base__unit__bureau_id")
        | scope_q(user, Role.UNIT_ADMIN, f"{prefix}base__unit_id")
        | scope_q(user, Role.STATION_CONTACT, f"{prefix}station_id")
        | scope_q(user, Role.POSTDOC, f"{prefix}postdoc_id")
    )
    if supervisors:
        q |= scope_q(user, Role.SUPERVISOR, f"{prefix}station_supervisor_id")
        q |= scope_q(user, Role.SUPERVISOR, f"{prefix}base_supervisor_id")
    return qs.filter(q)
