"""Reads of support policies (Arts. 6, 19): the region all; a bureau officer its bureau's; a unit administrator
those of its unit's bureau."""

from django.db.models import Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.kernel.listing import SEARCH, declare

from .models import SupportPolicy
from .permissions import unit_bureau_ids

# The list (kernel.listing), newest first; a bureau's policies through (bureau, issued_on, id).
SUPPORT_LIST = declare(
    "support_policies", SupportPolicy, filters={"bureau": "bureau_id"}, scopes=("bureau_id",),
    unindexed={"q": SEARCH}, pages=("oversight:support_list",), apis=("support_policy_list",),
)  # fmt: skip


def support_policies_visible_to(user) -> QuerySet[SupportPolicy]:
    qs = SupportPolicy.objects.select_related("bureau")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_region_admin(user):
        return qs
    bureau_ids = user.scope_ids(Role.BUREAU_OFFICER) | unit_bureau_ids(user)
    return qs.filter(bureau_id__in=sorted(bureau_ids)) if bureau_ids else qs.none()


def filter_support_policies(qs, *, bureau=None, q: str = "") -> QuerySet:
    qs = SUPPORT_LIST.filter(qs, bureau=bureau)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(document_number__icontains=q))
    return qs


def bureau_support_policies(bureau_id) -> list[SupportPolicy]:
    """The policies of one bureau, newest first (the base file's section): one query."""
    if bureau_id is None:
        return []
    return list(SupportPolicy.objects.filter(bureau_id=bureau_id).order_by("-issued_on", "-id"))
