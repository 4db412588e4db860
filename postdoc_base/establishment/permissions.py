"""Who may act on rounds and applications: scope predicates, composed with django-rules.

``assignment_for`` answers the workflow kernel's question "under which of this user's role assignments
may they act on this object as ``role``?". The visibility of whole lists lives in ``selectors``.
"""

import rules

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin, region_admin_assignment
from postdoc_base.accounts.selectors import assignment_of
from postdoc_base.kernel.selectors import register_confidential_actions
from postdoc_base.policy.establishment import ReviewLevel, review_route

from .enums import ApplicationState

EDITABLE_STATES = (ApplicationState.DRAFT, ApplicationState.RETURNED)
REVIEWABLE_BY_BUREAU = (ApplicationState.BUREAU_REVIEW, ApplicationState.RECOMMENDED)


def application_assignment(user, role: str, app):
    """The assignment under which ``user`` may act on ``app`` as ``role``, or None."""
    if role == Role.REGION_ADMIN:
        return region_admin_assignment(user)
    if role == Role.UNIT_ADMIN:
        return assignment_of(user, role, unit_id=app.unit_id)
    route = review_route(app.route_affiliation)
    if role == Role.DEPT_OFFICER and ReviewLevel.DEPARTMENT in route and app.unit.department_id:
        return assignment_of(user, role, department_id=app.unit.department_id)
    if role == Role.BUREAU_OFFICER and ReviewLevel.BUREAU in route and app.unit.bureau_id:
        return assignment_of(user, role, bureau_id=app.unit.bureau_id)
    return None


def round_assignment(user, role: str, round_):
    return region_admin_assignment(user) if role == Role.REGION_ADMIN else None


@rules.predicate
def is_applicant(user, app) -> bool:
    return application_assignment(user, Role.UNIT_ADMIN, app) is not None


@rules.predicate
def is_editable(user, app) -> bool:
    return app.state in EDITABLE_STATES


@rules.predicate
def is_reviewing_bureau(user, app) -> bool:
    return application_assignment(user, Role.BUREAU_OFFICER, app) is not None


@rules.predicate
def is_under_bureau_review(user, app) -> bool:
    return app.state in REVIEWABLE_BY_BUREAU


@rules.predicate
def is_consenting_department(user, app) -> bool:
    return application_assignment(user, Role.DEPT_OFFICER, app) is not None


@rules.predicate
def is_unit_admin(user) -> bool:
    return bool(assignment_of(user, Role.UNIT_ADMIN))


rules.add_perm("establishment.manage_rounds", is_region_admin)
rules.add_perm("establishment.create_application", is_unit_admin)
rules.add_perm("establishment.change_application", is_applicant & is_editable)
rules.add_perm("establishment.preliminary_review", is_reviewing_bureau & is_under_bureau_review)
# The bureau's preliminary review (per-condition verdicts, inspection notes, recommendation, ranking) is a
# working document of the reviewing authorities: the bureau that wrote it and the region that decides on it.
# Not the applicant, not the experts, not the competent department (whose consent comes before the bureau).
rules.add_perm("establishment.view_preliminary_review", is_reviewing_bureau | is_region_admin)
# The applicant's contact person and phone are for the administrations handling the application, not for
# the experts who score it.
rules.add_perm(
    "establishment.view_application_contact",
    is_applicant | is_consenting_department | is_reviewing_bureau | is_region_admin,
)

# Audit events that carry the preliminary review's content: their diff and comment are shown only to users
# with ``view_preliminary_review`` (the event itself, who/when/what, stays in the history).
CONFIDENTIAL_APPLICATION_ACTIONS = frozenset({"preliminary_review_save", "rank_set"})
register_confidential_actions(
    "establishment.baseapplication", CONFIDENTIAL_APPLICATION_ACTIONS, "establishment.view_preliminary_review"
)
