"""Reads of self-inspections (Art. 25), in the base file's three scopes: the region all; a bureau officer the
bases of its units; a unit administrator its unit's (``oversight.selectors.base_files_visible_to``)."""

from django.db.models import Count, Prefetch, Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.kernel.listing import declare

from .models import InspectionComment, InspectionIssue, SelfInspection

# The list (kernel.listing), ordered as the model's Meta.ordering. A base holds a handful of inspections (one
# or two a year), so its unit's and bureau's are joins.
INSPECTION_LIST = declare(
    "inspections", SelfInspection, filters={"state": "state", "year": "year"},
    joins=("base__unit_id", "base__unit__bureau_id"),
    pages=("oversight:inspection_list",), apis=("inspection_list",),
)  # fmt: skip


def inspections_visible_to(user) -> QuerySet[SelfInspection]:
    """The self-inspections ``user`` may read: the same three scopes as ``base_files_visible_to``."""
    qs = SelfInspection.objects.select_related("base__unit__bureau")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(
        scope_q(user, Role.BUREAU_OFFICER, "base__unit__bureau_id")
        | scope_q(user, Role.UNIT_ADMIN, "base__unit_id")
    )


def with_issues_and_comments(qs: QuerySet[SelfInspection]) -> QuerySet[SelfInspection]:
    """``qs`` with each inspection's issues and comments (two queries however many inspections)."""
    return qs.prefetch_related(
        Prefetch("issues", queryset=InspectionIssue.objects.order_by("deadline", "id")),
        Prefetch(
            "comments",
            queryset=InspectionComment.objects.select_related("author").order_by("created_at", "id"),
        ),
    )


def with_issue_counts(qs: QuerySet[SelfInspection]) -> QuerySet[SelfInspection]:
    """``qs`` with ``issue_count`` and ``open_issue_count`` (issues not yet rectified), in the same query, in
    the list's order (a grouped query does not take the model's default ordering)."""
    return INSPECTION_LIST.order(
        qs.annotate(
            issue_count=Count("issues"),
            open_issue_count=Count("issues", filter=Q(issues__fixed_on__isnull=True)),
        )
    )
