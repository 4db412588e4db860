"""Reads for the registry. Each ``*_visible_to`` is the one place that decides which rows a user may see;
every page, endpoint, export, search and count starts from it."""

from django.db.models import Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q

from .models import Bureau, CompetentDepartment, Expert, MobileStation, Unit


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


def filter_units(qs: QuerySet, *, bureau_id=None, department_id=None, affiliation=None, q: str | None = None):
    if bureau_id:
        qs = qs.filter(bureau_id=bureau_id)
    if department_id:
        qs = qs.filter(department_id=department_id)
    if affiliation:
        qs = qs.filter(affiliation=affiliation)
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
