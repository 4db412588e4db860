"""Reads for assessments (Arts. 17, 18) and the bases' indicator systems: who sees what starts here."""

from django.db.models import Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.kernel.listing import declare
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.review.models import PanelMember

from ..scoping import _appointment_scoped, _signed_in, appointment_scope_lookups
from .models import Assessment

# The list (kernel.listing), soonest due first; an expert also sees the assessments of their panels.
_SCOPE = appointment_scope_lookups("appointment__")
ASSESSMENT_LIST = declare(
    "assessments", Assessment, ordering=("due_on", "id"), filters={"kind": "kind", "state": "state"},
    scopes=_SCOPE["scopes"], joins=(*_SCOPE["joins"], "panel__members__expert_id"),
    pages=("tenure:assessment_list",), apis=("assessment_list",),
)  # fmt: skip


def assessments_visible_to(user) -> QuerySet[Assessment]:
    """Assessments, scoped like appointments (the region all; a bureau its bases'; the base's unit
    administrators; the partner station's contacts; the postdoc themself; the appointment's two supervisors);
    and an expert the assessments of the panels they sit on, reached from their review task."""
    qs = Assessment.objects.select_related(
        "appointment__postdoc", "appointment__base__unit__bureau", "appointment__station", "panel"
    )
    if not _signed_in(user):
        return qs.none()
    scoped = _appointment_scoped(user, qs, "appointment__")
    experts = user.scope_ids(Role.EXPERT)
    if not experts or is_region_admin(user):
        return scoped
    on_panel = PanelMember.objects.filter(expert_id__in=experts).values("panel_id")
    return qs.filter(Q(pk__in=scoped.values("pk")) | Q(panel_id__in=on_panel))


def filter_assessments(qs, *, kind: str | None = None, state: str | None = None):
    """The list's ``kind`` and ``state`` filters, in the list's order."""
    return ASSESSMENT_LIST.order(ASSESSMENT_LIST.filter(qs, kind=kind, state=state))


def scheme_bases_visible_to(user) -> QuerySet[PracticeBase]:
    """Bases whose indicator system the user may read: the region all; a bureau its bases'; a unit
    administrator its own bases'. (Only the unit administrator edits, ``assessment_services.scheme_save``.)"""
    qs = PracticeBase.objects.select_related("unit", "assessment_scheme").order_by("name", "id")
    if not _signed_in(user):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(
        scope_q(user, Role.BUREAU_OFFICER, "unit__bureau_id") | scope_q(user, Role.UNIT_ADMIN, "unit_id")
    )


def scheme_bases_managed_by(user) -> QuerySet[PracticeBase]:
    qs = PracticeBase.objects.select_related("unit").order_by("name", "id")
    if not _signed_in(user):
        return qs.none()
    return qs.filter(scope_q(user, Role.UNIT_ADMIN, "unit_id"))
