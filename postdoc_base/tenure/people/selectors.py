"""Every read of postdocs and supervisors starts here: the region, bureaus, the recording base, the person
themself and, for postdocs, the supervisors of their appointments."""

from django.db.models import Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.kernel.listing import SEARCH, declare

from ..scoping import _signed_in
from ..stay.models import Appointment
from .models import Postdoc, Supervisor

# The people lists (kernel.listing), ordered as the models' Meta.ordering; ``?q`` searches the name.
POSTDOC_LIST = declare(
    "postdocs", Postdoc, scopes=("base__unit__bureau_id", "base__unit_id"),
    joins=("pk", "appointments__station_supervisor_id", "appointments__base_supervisor_id"),
    unindexed={"q": SEARCH}, pages=("tenure:postdoc_list",), apis=("postdoc_list",),
)  # fmt: skip
SUPERVISOR_LIST = declare(
    "supervisors", Supervisor, scopes=("base__unit__bureau_id", "base__unit_id"), joins=("pk",),
    unindexed={"q": SEARCH}, pages=("tenure:supervisor_list",), apis=("supervisor_list",),
)  # fmt: skip


def postdocs_visible_to(user) -> QuerySet[Postdoc]:
    """Postdoc records: the region all; a bureau its bases'; a base's unit administrators their base's; a
    postdoc only their own; a supervisor the postdocs of the appointments they supervise."""
    qs = Postdoc.objects.select_related("base__unit")
    if not _signed_in(user):
        return qs.none()
    if is_region_admin(user):
        return qs
    supervised = user.scope_ids(Role.SUPERVISOR)
    by_supervision = (
        Q(
            pk__in=Appointment.objects.filter(
                Q(station_supervisor_id__in=supervised) | Q(base_supervisor_id__in=supervised)
            ).values("postdoc_id")
        )
        if supervised
        else Q(pk__in=[])
    )
    return qs.filter(
        scope_q(user, Role.BUREAU_OFFICER, "base__unit__bureau_id")
        | scope_q(user, Role.UNIT_ADMIN, "base__unit_id")
        | scope_q(user, Role.POSTDOC, "pk")
        | by_supervision
    )


def postdocs_managed_by(user) -> QuerySet[Postdoc]:
    """The postdocs the user may edit: those recorded by a base whose unit the user administers."""
    qs = Postdoc.objects.select_related("base__unit")
    if not _signed_in(user):
        return qs.none()
    return qs.filter(scope_q(user, Role.UNIT_ADMIN, "base__unit_id"))


def supervisors_visible_to(user) -> QuerySet[Supervisor]:
    """Supervisors: the region all; a bureau its bases'; a base's unit administrators their base's; a
    supervisor only their own record."""
    qs = Supervisor.objects.select_related("base__unit", "station")
    if not _signed_in(user):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(
        scope_q(user, Role.BUREAU_OFFICER, "base__unit__bureau_id")
        | scope_q(user, Role.UNIT_ADMIN, "base__unit_id")
        | scope_q(user, Role.SUPERVISOR, "pk")
    )


def supervisors_managed_by(user) -> QuerySet[Supervisor]:
    qs = Supervisor.objects.select_related("base__unit", "station")
    if not _signed_in(user):
        return qs.none()
    return qs.filter(scope_q(user, Role.UNIT_ADMIN, "base__unit_id"))


def search_people(qs, q: str | None):
    return qs.filter(name__icontains=q.strip()) if q and q.strip() else qs
