"""Registry endpoints: bureaus (read-only), competent departments, units, mobile stations, experts.

Lists and details start from the ``*_visible_to`` selectors; writes go through ``directory.services``.
"""

from datetime import datetime

from django.db.models import Q
from ninja import Field, Router, Schema, Status

from postdoc_base.api.common import fields_set, get_visible, page_of, paginate
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Id, Page, PageSize, Query, text_of

from . import services
from .models import CompetentDepartment, Expert, MobileStation, Unit
from .selectors import (
    EXPERT_LIST,
    STATION_LIST,
    bureaus_visible_to,
    departments_visible_to,
    experts_visible_to,
    filter_units,
    stations_visible_to,
    units_visible_to,
)


# --- schemas -------------------------------------------------------------------------------------------
class BureauOut(Schema):
    id: int
    code: str
    name: str
    name_en: str
    kind: str
    kind_label: str
    parent_id: int | None

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(obj.get_kind_display())


class DepartmentOut(Schema):
    id: int
    name: str
    code: str


class DepartmentIn(Schema):
    name: text_of(CompetentDepartment, "name")
    code: text_of(CompetentDepartment, "code") = ""


class DepartmentPatch(Schema):
    name: text_of(CompetentDepartment, "name") | None = None
    code: text_of(CompetentDepartment, "code") | None = None


class UnitOut(Schema):
    id: int
    name: str
    uscc: str
    bureau_id: int | None
    bureau_name: str | None
    department_id: int | None
    department_name: str | None
    nature: str
    nature_label: str
    industry: str = Field(
        description="the GB/T 4754-2017 section (A-T) of the unit's industry; empty when not given"
    )
    industry_label: str
    affiliation: str
    affiliation_label: str
    independent_legal_person: bool
    has_mobile_station: bool
    has_workstation: bool
    base_revoked_on: str | None
    address: str
    contact_name: str
    contact_phone: str
    updated_at: datetime

    @staticmethod
    def resolve_bureau_name(obj) -> str | None:
        return obj.bureau.name if obj.bureau_id else None

    @staticmethod
    def resolve_department_name(obj) -> str | None:
        return obj.department.name if obj.department_id else None

    @staticmethod
    def resolve_nature_label(obj) -> str:
        return str(obj.get_nature_display())

    @staticmethod
    def resolve_industry_label(obj) -> str:
        return str(obj.get_industry_display())

    @staticmethod
    def resolve_affiliation_label(obj) -> str:
        return str(obj.get_affiliation_display())

    @staticmethod
    def resolve_base_revoked_on(obj) -> str | None:
        return obj.base_revoked_on.isoformat() if obj.base_revoked_on else None


class UnitIn(Schema):
    name: text_of(Unit, "name")
    uscc: text_of(Unit, "uscc")
    bureau: Id | None = None
    nature: text_of(Unit, "nature")
    industry: text_of(Unit, "industry") = ""
    affiliation: text_of(Unit, "affiliation")
    department: Id | None = None
    independent_legal_person: bool = True
    has_mobile_station: bool = False
    has_workstation: bool = False
    address: text_of(Unit, "address") = ""
    contact_name: text_of(Unit, "contact_name") = ""
    contact_phone: text_of(Unit, "contact_phone") = ""


class UnitPatch(Schema):
    name: text_of(Unit, "name") | None = None
    uscc: text_of(Unit, "uscc") | None = None
    bureau: Id | None = None
    nature: text_of(Unit, "nature") | None = None
    industry: text_of(Unit, "industry") | None = None
    affiliation: text_of(Unit, "affiliation") | None = None
    department: Id | None = None
    independent_legal_person: bool | None = None
    has_mobile_station: bool | None = None
    has_workstation: bool | None = None
    address: text_of(Unit, "address") | None = None
    contact_name: text_of(Unit, "contact_name") | None = None
    contact_phone: text_of(Unit, "contact_phone") | None = None


class StationOut(Schema):
    id: int
    university: str
    discipline: str
    discipline_code: str
    in_region: bool


class StationIn(Schema):
    university: text_of(MobileStation, "university")
    discipline: text_of(MobileStation, "discipline")
    discipline_code: text_of(MobileStation, "discipline_code") = ""
    in_region: bool = True


class StationPatch(Schema):
    university: text_of(MobileStation, "university") | None = None
    discipline: text_of(MobileStation, "discipline") | None = None
    discipline_code: text_of(MobileStation, "discipline_code") | None = None
    in_region: bool | None = None


class ExpertOut(Schema):
    id: int
    name: str
    field: str
    title: str
    employer: str
    declared_conflicts: str
    active: bool


class ExpertIn(Schema):
    name: text_of(Expert, "name")
    field: text_of(Expert, "field")
    title: text_of(Expert, "title")
    employer: text_of(Expert, "employer")
    declared_conflicts: text_of(Expert, "declared_conflicts") = ""
    active: bool = True


class ExpertPatch(Schema):
    name: text_of(Expert, "name") | None = None
    field: text_of(Expert, "field") | None = None
    title: text_of(Expert, "title") | None = None
    employer: text_of(Expert, "employer") | None = None
    declared_conflicts: text_of(Expert, "declared_conflicts") | None = None
    active: bool | None = None


def _fk_ids(data: dict) -> dict:
    """``{"bureau": 3}`` -> ``{"bureau_id": 3}`` for the services (the model validates existence)."""
    return {f"{k}_id" if k in ("bureau", "department") else k: v for k, v in data.items()}


def _non_null(data: dict, nullable: tuple[str, ...] = ()) -> dict:
    """PATCH: an explicit null clears only nullable fields; for the others it is ignored."""
    return {k: v for k, v in data.items() if v is not None or k in nullable}


# --- bureaus -------------------------------------------------------------------------------------------
bureaus = Router(tags=["bureaus"])


@bureaus.get("", response=page_of(BureauOut), summary="List bureaus")
def bureau_list(request, q: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    qs = bureaus_visible_to(request.user)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return paginate(qs, page, page_size)


@bureaus.get("/{int:pk}", response=BureauOut, summary="Bureau detail")
def bureau_detail(request, pk: Id):
    return get_visible(bureaus_visible_to(request.user), pk)


# --- departments ---------------------------------------------------------------------------------------
departments = Router(tags=["departments"])


@departments.get("", response=page_of(DepartmentOut), summary="List competent departments")
def department_list(request, q: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    qs = departments_visible_to(request.user)
    if q:
        qs = qs.filter(name__icontains=q)
    return paginate(qs, page, page_size)


@departments.get("/{int:pk}", response=DepartmentOut, summary="Competent department detail")
def department_detail(request, pk: Id):
    return get_visible(departments_visible_to(request.user), pk)


@departments.post("", response={201: DepartmentOut}, summary="Create a competent department")
def department_create(request, payload: DepartmentIn):
    return Status(201, services.department_create(actor=request.user, **payload.model_dump()))


@departments.patch("/{int:pk}", response=DepartmentOut, summary="Update a competent department")
def department_update(request, pk: Id, payload: DepartmentPatch):
    obj = get_visible(departments_visible_to(request.user), pk)
    return services.department_update(actor=request.user, department=obj, **_non_null(fields_set(payload)))


# --- units ---------------------------------------------------------------------------------------------
units = Router(tags=["units"])


@units.get("", response=page_of(UnitOut), summary="List units")
def unit_list(
    request,
    bureau: Id | None = None,
    department: Id | None = None,
    affiliation: Query = "",
    industry: Query = "",
    q: Query = "",
    page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    qs = filter_units(
        units_visible_to(request.user),
        bureau_id=bureau,
        department_id=department,
        affiliation=affiliation,
        industry=industry,
        q=q,
    )
    return paginate(qs, page, page_size)


@units.get("/{int:pk}", response=UnitOut, summary="Unit detail")
def unit_detail(request, pk: Id):
    return get_visible(units_visible_to(request.user), pk)


@units.post("", response={201: UnitOut}, summary="Register a unit")
def unit_create(request, payload: UnitIn):
    unit = services.unit_create(actor=request.user, **_fk_ids(payload.model_dump()))
    return Status(201, units_visible_to(request.user).get(pk=unit.pk))


@units.patch("/{int:pk}", response=UnitOut, summary="Update a unit")
def unit_update(request, pk: Id, payload: UnitPatch):
    unit = get_visible(units_visible_to(request.user), pk)
    data = _fk_ids(_non_null(fields_set(payload), nullable=("bureau", "department")))
    unit = services.unit_update(actor=request.user, unit=unit, **data)
    # After a write, re-check scope (an officer may have changed what they can see).
    return get_visible(units_visible_to(request.user), unit.pk)


# --- stations ------------------------------------------------------------------------------------------
stations = Router(tags=["stations"])


@stations.get("", response=page_of(StationOut), summary="List mobile stations")
def station_list(
    request,
    q: Query = "",
    in_region: bool | None = None,
    page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    qs = stations_visible_to(request.user)
    if q:
        qs = qs.filter(Q(university__icontains=q) | Q(discipline__icontains=q) | Q(discipline_code=q))
    return paginate(STATION_LIST.filter(qs, in_region=in_region), page, page_size)


@stations.get("/{int:pk}", response=StationOut, summary="Mobile station detail")
def station_detail(request, pk: Id):
    return get_visible(stations_visible_to(request.user), pk)


@stations.post("", response={201: StationOut}, summary="Create a mobile station")
def station_create(request, payload: StationIn):
    return Status(201, services.station_create(actor=request.user, **payload.model_dump()))


@stations.patch("/{int:pk}", response=StationOut, summary="Update a mobile station")
def station_update(request, pk: Id, payload: StationPatch):
    obj = get_visible(stations_visible_to(request.user), pk)
    return services.station_update(actor=request.user, station=obj, **_non_null(fields_set(payload)))


# --- experts -------------------------------------------------------------------------------------------
experts = Router(tags=["experts"])


@experts.get("", response=page_of(ExpertOut), summary="List experts")
def expert_list(
    request,
    q: Query = "",
    active: bool | None = None,
    page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    qs = experts_visible_to(request.user)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(field__icontains=q) | Q(employer__icontains=q))
    return paginate(EXPERT_LIST.filter(qs, active=active), page, page_size)


@experts.get("/{int:pk}", response=ExpertOut, summary="Expert detail")
def expert_detail(request, pk: Id):
    return get_visible(experts_visible_to(request.user), pk)


@experts.post("", response={201: ExpertOut}, summary="Add an expert")
def expert_create(request, payload: ExpertIn):
    return Status(201, services.expert_create(actor=request.user, **payload.model_dump()))


@experts.patch("/{int:pk}", response=ExpertOut, summary="Update an expert")
def expert_update(request, pk: Id, payload: ExpertPatch):
    obj = get_visible(experts_visible_to(request.user), pk)
    return services.expert_update(actor=request.user, expert=obj, **_non_null(fields_set(payload)))


routers = [
    ("/bureaus", bureaus),
    ("/departments", departments),
    ("/units", units),
    ("/stations", stations),
    ("/experts", experts),
]
