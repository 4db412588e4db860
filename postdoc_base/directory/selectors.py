"""Reads for the registry. Each ``*_visible_to`` is the one place that decides which rows a user may see;
every page, endpoint, export, search and count starts from it."""

from django.db.models import Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.kernel.listing import SEARCH, declare

from .models import Bureau, CompetentDepartment, Expert, MobileStation, Unit

# The registry's lists (kernel.listing): ordered as the models' Meta.ordering.
BUREAU_LIST = declare(
    "bureaus", Bureau, unindexed={"q": SEARCH}, pages=("directory:bureau_list",), apis=("bureau_list",)
)
DEPARTMENT_LIST = declare(
    "departments", CompetentDepartment, unindexed={"q": SEARCH},
    pages=("directory:department_list",), apis=("department_list",),
)  # fmt: skip
UNIT_LIST = declare(
    "units", Unit,
    filters={"bureau": "bureau_id", "department": "department_id", "affiliation": "affiliation",
             "nature": "nature", "industry": "industry"},
    scopes=("bureau_id", "department_id"), joins=("pk",), unindexed={"q": SEARCH},
    pages=("directory:unit_list",), apis=("unit_list",),
)  # fmt: skip
STATION_LIST = declare(
    "stations", MobileStation, filters={"in_region": "in_region"}, unindexed={"q": SEARCH},
    pages=("directory:station_list",), apis=("station_list",),
)  # fmt: skip
EXPERT_LIST = declare(
    "experts", Expert, filters={"active": "active"}, joins=("pk",), unindexed={"q": SEARCH},
    pages=("directory:expert_list",), apis=("expert_list",),
)  # fmt: skip


def _signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and getattr(user, "is_active", True)


def bureaus_visible_to(user) -> QuerySet[Bureau]:
    """The 14 bureaus are public reference data: everyone signed in sees them all."""
    qs = Bureau.objects.all()
    return qs if _signed_in(user) else qs.none()


def departments_visible_to(user) -> QuerySet[CompetentDepartment]:
    """Competent departments are reference data needed to route applications (Art. 11(1))."""
    qs = CompetentDepartment.objects.all()
    return qs if _signed_in(user) else qs.none()


def units_visible_to(user) -> QuerySet[Unit]:
    """Region: all; bureau officer: units registered in their bureaus; department officer: their units;
    unit administrator: their own unit; everyone else: none."""
    qs = Unit.objects.select_related("bureau", "department")
    if not _signed_in(user):
        return qs.none()
    if is_region_admin(user):
        return qs
    visible = (
        scope_q(user, Role.BUREAU_OFFICER, "bureau")
        | scope_q(user, Role.DEPT_OFFICER, "department")
        | scope_q(user, Role.UNIT_ADMIN, "pk")
    )
    return qs.filter(visible)


def stations_visible_to(user) -> QuerySet[MobileStation]:
    """Mobile stations are public partners of bases (Arts. 8, 12): everyone signed in sees them."""
    qs = MobileStation.objects.all()
    return qs if _signed_in(user) else qs.none()


def experts_visible_to(user) -> QuerySet[Expert]:
    """The expert pool is confidential: the region sees all, an expert only their own record."""
    qs = Expert.objects.all()
    if not _signed_in(user):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(scope_q(user, Role.EXPERT, "pk"))


def filter_units(
    qs: QuerySet,
    *,
    bureau_id=None,
    department_id=None,
    affiliation=None,
    nature=None,
    industry=None,
    q: str | None = None,
):
    qs = UNIT_LIST.filter(
        qs, bureau=bureau_id, department=department_id, affiliation=affiliation, nature=nature,
        industry=industry,
    )  # fmt: skip
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(uscc__icontains=q))
    return qs


__all__ = [
    "bureaus_visible_to",
    "departments_visible_to",
    "units_visible_to",
    "stations_visible_to",
    "experts_visible_to",
    "filter_units",
]
