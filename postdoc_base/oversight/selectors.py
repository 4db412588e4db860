"""Reads for filed bases. ``bases_visible_to`` decides which bases a user may see: the directory of filed
bases is public (Art. 11(3) 予以公布), so everyone, signed in or not, sees the active ones; the region
administrator sees every base whatever its state."""

from django.db.models import Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.kernel.listing import SEARCH, declare

from .enums import BaseState
from .models import PracticeBase

# The directory of filed bases (kernel.listing), the bases page and the public directory alike.
BASE_LIST = declare(
    "bases", PracticeBase, filters={"bureau": "unit__bureau_id"},
    scopes=("state",),  # everyone but the region: the active bases
    unindexed={"q": SEARCH},
    pages=("oversight:base_list", "establishment:public_base_list"), apis=("base_list",),
)  # fmt: skip


# The base files a signed-in officer opens (views.base_file_list): every state, in the directory's order.
BASE_FILE_LIST = declare(
    "base_files", PracticeBase, filters={"bureau": "unit__bureau_id", "state": "state"},
    joins=("unit__bureau_id", "unit_id"), unindexed={"q": SEARCH}, pages=("oversight:base_file_list",),
)  # fmt: skip


# The overview of a bureau's or the region's bases (views.base_overview), in the directory's order.
BASE_OVERVIEW = declare(
    "base_overview", PracticeBase, filters={"bureau": "unit__bureau_id", "state": "state"},
    joins=("unit__bureau_id", "unit_id"), pages=("oversight:base_overview",),
)  # fmt: skip


def bases_visible_to(user) -> QuerySet[PracticeBase]:
    qs = PracticeBase.objects.select_related("unit__bureau")
    if is_region_admin(user):
        return qs
    return qs.filter(state=BaseState.ACTIVE)


def search_bases(qs: QuerySet, q: str | None) -> QuerySet:
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(unit__name__icontains=q) | Q(filing_number__icontains=q))
    return qs


def filter_bases(qs: QuerySet, *, q: str | None = None, bureau_id: int | None = None) -> QuerySet:
    return BASE_LIST.filter(search_bases(qs, q), bureau=bureau_id)


def base_files_visible_to(user) -> QuerySet[PracticeBase]:
    """The bases whose file (基地档案) ``user`` may open, in any state: the region all; a bureau officer the bases
    of its units; a unit administrator its unit's. The same three scopes as ``permissions.base_file_assignment``."""
    qs = PracticeBase.objects.select_related("unit__bureau")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(
        scope_q(user, Role.BUREAU_OFFICER, "unit__bureau_id") | scope_q(user, Role.UNIT_ADMIN, "unit_id")
    )
