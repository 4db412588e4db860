"""Who may act on panels and assignments: the region administrator organises, the assigned expert scores."""

from postdoc_base.accounts.enums import Role


def _first(user, role: str, **scope):
    for a in getattr(user, "assignments", ()):
        if a.role == role and all(getattr(a, k) == v for k, v in scope.items()):
            return a
    return None


def organiser_assignment(user):
    """The region administrator's assignment, under which panels are formed and run (Art. 11(3))."""
    return _first(user, Role.REGION_ADMIN)


def assignment_actor(user, role: str, assignment):
    """The kernel's question for an Assignment: under which of ``user``'s roles may they act as ``role``?"""
    if role == Role.REGION_ADMIN:
        return _first(user, role)
    if role == Role.EXPERT:
        return _first(user, role, expert_id=assignment.member.expert_id)
    return None


def is_organiser(user) -> bool:
    return organiser_assignment(user) is not None
