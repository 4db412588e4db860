"""Reads of treatment checklists (Art. 24) on the appointment scope without supervisors: the region all, a bureau
its bases', the base, the partner station and the postdoc concerned."""

from django.db.models import Prefetch, QuerySet

from postdoc_base.kernel.listing import declare
from postdoc_base.tenure.scoping import _appointment_scoped, appointment_scope_lookups

from .models import TreatmentChecklist, TreatmentItem

CHECKLIST_LIST = declare(
    "treatment_checklists", TreatmentChecklist, filters={"state": "state"},
    **appointment_scope_lookups("appointment__", supervisors=False),
    pages=("oversight:treatment_list",), apis=("treatment_list",),
)  # fmt: skip


def checklists_visible_to(user) -> QuerySet[TreatmentChecklist]:
    qs = TreatmentChecklist.objects.select_related(
        "appointment__postdoc", "appointment__base__unit__bureau", "approval"
    ).prefetch_related(Prefetch("items", queryset=TreatmentItem.objects.order_by("position")))
    return _appointment_scoped(user, qs, "appointment__", supervisors=False)
