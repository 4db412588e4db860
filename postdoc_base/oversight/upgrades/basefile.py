"""The base file's section on Art. 24's second sentence: the workstation approval, if any, and how far each
postdoc's treatment checklist has come; for the region, the way to record an approval."""

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.articles import ART24

from ..basefile import Section, register_section
from ..enums import BaseState
from .models import TreatmentChecklist, WorkstationApproval
from .permissions import workstation_recorder


def upgrade_context(base, user) -> dict:
    """Two queries: the approval and its checklists with their counts."""
    approval = WorkstationApproval.objects.filter(base=base).first()
    checklists = []
    if approval is not None:
        checklists = list(
            TreatmentChecklist.objects.filter(approval=approval)
            .select_related("appointment__postdoc")
            .annotate(total=Count("items"), done=Count("items", filter=Q(items__done_on__isnull=False)))
            .order_by("pk")
        )
    return {
        "approval": approval,
        "checklists": checklists,
        "may_record": base.state == BaseState.ACTIVE and workstation_recorder(user) is not None,
    }


UPGRADE_SECTION = register_section(
    Section(
        key="upgrade",
        title=_("设立工作站与待遇补齐（第二十四条）"),
        article=ART24,
        template="oversight/upgrades/_section.html",
        context=upgrade_context,
        order=85,
    )
)
