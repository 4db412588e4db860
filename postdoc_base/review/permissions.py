"""Who may act on panels and assignments: the region administrator organises establishment panels
(Art. 11(3)); a base's unit administrator organises the assessment panels of its own postdocs (Arts. 7, 17,
18), which the region may also oversee; the assigned expert scores."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.accounts.selectors import assignment_of

from .enums import PanelPurpose


def organiser_assignment(user):
    """The region administrator's assignment, under which panels are formed and run (Art. 11(3))."""
    return region_admin_assignment(user)


def _assessment_unit_id(context) -> int:
    return context.appointment.base.unit_id


def unit_organiser_assignment(user, purpose: str, context):
    """The unit administrator organising a panel of ``purpose`` for ``context``: for an assessment panel, the
    administrator of the assessed postdoc's base (Art. 17); for any other purpose nobody."""
    if purpose != PanelPurpose.ASSESSMENT or context is None:
        return None
    return assignment_of(user, Role.UNIT_ADMIN, unit_id=_assessment_unit_id(context))


def panel_organiser(user, purpose: str = PanelPurpose.ESTABLISHMENT, context=None):
    """The assignment under which ``user`` organises a panel of ``purpose`` for ``context``: the region
    administrator for any panel; the base's unit administrator for its assessment panels; else None."""
    return unit_organiser_assignment(user, purpose, context) or organiser_assignment(user)


def manages_panel(user, panel) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return panel_organiser(user, panel.purpose, panel.context) is not None


def assignment_actor(user, role: str, assignment):
    """The kernel's question for an Assignment: under which of ``user``'s roles may they act as ``role``?"""
    if role == Role.REGION_ADMIN:
        return region_admin_assignment(user)
    if role == Role.UNIT_ADMIN:
        panel = assignment.panel
        return unit_organiser_assignment(user, panel.purpose, panel.context)
    if role == Role.EXPERT:
        return assignment_of(user, role, expert_id=assignment.member.expert_id)
    return None


def is_organiser(user) -> bool:
    return organiser_assignment(user) is not None
