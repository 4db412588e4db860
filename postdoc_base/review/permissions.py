"""Who may act on panels and assignments: the region administrator organises, the assigned expert scores."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import assignment_of


def organiser_assignment(user):
    """The region administrator's assignment, under which panels are formed and run (Art. 11(3))."""
    return assignment_of(user, Role.REGION_ADMIN)


def assignment_actor(user, role: str, assignment):
    """The kernel's question for an Assignment: under which of ``user``'s roles may they act as ``role``?"""
    if role == Role.REGION_ADMIN:
        return assignment_of(user, role)
    if role == Role.EXPERT:
        return assignment_of(user, role, expert_id=assignment.member.expert_id)
    return None


def is_organiser(user) -> bool:
    return organiser_assignment(user) is not None
