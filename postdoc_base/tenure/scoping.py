"""Read scopes shared by every feature: whether a user is signed in, the bases a user administers, and the
one appointment scope through which appointments and everything hanging off them are read."""

from functools import reduce
from operator import or_

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


# The one appointment scope: (role, lookup on the appointment, wide). A wide scope holds many appointments (a
# bureau's, a base's), which the list reads in its order through an index; the others a station's or a
# person's few. A bureau's first page reads the list's ordering index and keeps the rows of its bases' units
# (about one in 14); its count still visits every row of the bureau through the base -> unit -> bureau joins
# (index-only scans of the foreign keys and a hash of the bureau's appointments: ~10 ms at 10x for outputs or
# pay, linear in the rows). No index serves a count filtered two joins away; a bureau column copied onto every
# appointment and what hangs off it would have to follow a unit's bureau and every writer of those tables.
_SCOPE = (
    (Role.BUREAU_OFFICER, "base__unit__bureau_id", True),
    (Role.UNIT_ADMIN, "base__unit_id", True),
    (Role.STATION_CONTACT, "station_id", False),
    (Role.POSTDOC, "postdoc_id", False),
)
_SUPERVISOR_SCOPE = (
    (Role.SUPERVISOR, "station_supervisor_id", False),
    (Role.SUPERVISOR, "base_supervisor_id", False),
)


def _scope(supervisors: bool):
    return _SCOPE + _SUPERVISOR_SCOPE if supervisors else _SCOPE


def _appointment_scoped(user, qs, prefix: str, *, supervisors: bool = True):
    """The one appointment scope, for appointments and what hangs off them (``prefix`` "appointment__"):
    the region all; a bureau its bases'; the base's unit administrators; the partner station's contacts;
    the postdoc themself; with ``supervisors``, the appointment's two supervisors."""
    if not _signed_in(user):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(
        reduce(or_, (scope_q(user, role, prefix + lookup) for role, lookup, _ in _scope(supervisors)))
    )


def appointment_scope_lookups(prefix: str = "", *, supervisors: bool = True) -> dict:
    """The columns ``_appointment_scoped`` reads, as a list declares them (``kernel.listing``): for the
    appointments, the wide ones as ``scopes`` and the others as ``joins``; for what hangs off an appointment
    (``prefix``), all as ``joins``: an appointment holds a handful of rows of each kind, and the list reads its
    own order through its ordering index."""
    rows = _scope(supervisors)
    return {
        "scopes": tuple(prefix + lookup for _, lookup, wide in rows if wide and not prefix),
        "joins": tuple(prefix + lookup for _, lookup, wide in rows if prefix or not wide),
    }
