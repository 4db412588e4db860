"""The kernel workflow of a base's self-inspection (自查, Art. 25): opened by the base's unit administrator,
closed by it once every issue found is rectified (or as "未发现问题" when none was found). While open, the unit
administrator owes its rectification, due on the earliest deadline of an issue still open."""

from django.db.models import Min
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.workflow import SYSTEM_ROLE, ObligationSpec, Transition, Workflow
from postdoc_base.policy.articles import ART24, ART25
from postdoc_base.policy.oversight.inspection import close_finding, conclusion_for

from .enums import InspectionState
from .models import InspectionIssue, SelfInspection
from .permissions import inspection_assignment

IS = InspectionState


def _open_issues(inspection) -> int:
    return InspectionIssue.objects.filter(inspection_id=inspection.pk, fixed_on__isnull=True).count()


def _every_issue_fixed(inspection, ctx):
    finding = close_finding(_open_issues(inspection))
    if not finding.ok:
        yield finding


def _closed(inspection, ctx) -> None:
    inspection.closed_on = ctx.today
    inspection.conclusion = conclusion_for(
        InspectionIssue.objects.filter(inspection_id=inspection.pk).count()
    )


def earliest_open_deadline(inspection):
    """The rectification due date: the earliest deadline of an issue not yet rectified (None without one)."""
    return InspectionIssue.objects.filter(inspection_id=inspection.pk, fixed_on__isnull=True).aggregate(
        due=Min("deadline")
    )["due"]


INSPECTION_TRANSITIONS = [
    # Creation row: the base's unit administrator opens a self-inspection (services.inspection_open).
    Transition("open", _("开展自查"), (), IS.OPEN, (Role.UNIT_ADMIN,), ART25, batch_only=True),
    Transition(
        "close", _("完成自查"), (IS.OPEN,), IS.CLOSED, (Role.UNIT_ADMIN,), ART25,
        guards=(_every_issue_fixed,), effect=_closed,
    ),
    # Taken by the rules when the base leaves the register (Art. 24; inspections.ending): nothing is owed any more.
    Transition("end", _("自查终止"), (IS.OPEN,), IS.ENDED, (SYSTEM_ROLE,), ART24),
]  # fmt: skip

INSPECTION_OBLIGATIONS = [
    ObligationSpec(
        "self_inspection_rectify", _("完成自查整改"), frozenset({IS.OPEN}), Role.UNIT_ADMIN,
        lambda i: i.base.unit_id, earliest_open_deadline, ART25,
    ),
]  # fmt: skip

inspection_workflow = Workflow(
    name="self_inspection",
    model=SelfInspection,
    transitions=INSPECTION_TRANSITIONS,
    assignment_for=inspection_assignment,
    state_labels=dict(InspectionState.choices),
    obligations=INSPECTION_OBLIGATIONS,
    url=lambda i: i.get_absolute_url(),
    bureau_path="base__unit__bureau_id",
)
