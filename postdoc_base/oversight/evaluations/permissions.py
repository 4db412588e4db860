"""Who may act on evaluations (Arts. 5, 6, 25): the region opens campaigns and grades (Art. 5); the base's
bureau checks its self-evaluation (Art. 6); the base's unit administrator self-evaluates and reports its
rectification (Art. 25). The region checks in the bureau's place for a base whose unit has no league/city
bureau (自治区本级单位: Art. 11's route goes straight to the region). Reading is the base file's scope."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import region_admin_assignment

from ..permissions import base_keeper_assignment, bureau_of_base_assignment


def evaluation_assignment(user, role: str, evaluation):
    """The workflow's scope check for ``role`` on ``evaluation``."""
    if role == Role.UNIT_ADMIN:
        return base_keeper_assignment(user, evaluation.base)
    if role == Role.BUREAU_OFFICER:
        return bureau_of_base_assignment(user, evaluation.base)
    if role == Role.REGION_ADMIN:
        return region_admin_assignment(user)
    return None


def campaign_organiser(user):
    """The assignment under which ``user`` opens campaigns and forms their expert panels: the region (Art. 5)."""
    if not getattr(user, "is_active", False):
        return None
    return region_admin_assignment(user)
