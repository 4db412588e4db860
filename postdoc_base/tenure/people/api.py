"""/api/v1/postdocs (Art. 13) and /api/v1/supervisors (Art. 15), mounted by api/api.py; the ID number is only
ever returned masked, the birth date only to those who may see it (``permissions.can_see_birth_date``)."""

from datetime import date, datetime

from ninja import Field, Router, Schema, Status

from postdoc_base.api.common import get_visible, page_of, paginate
from postdoc_base.api.types import DEFAULT_PAGE_SIZE, Day, Id, Page, PageSize, Query, text, text_of

from ..scoping import bases_managed_by
from . import services
from .models import ID_NUMBER_MAX_LENGTH, Postdoc, Supervisor
from .permissions import can_see_birth_date
from .selectors import (
    postdocs_managed_by,
    postdocs_visible_to,
    search_people,
    supervisors_managed_by,
    supervisors_visible_to,
)

IdNumber = text(ID_NUMBER_MAX_LENGTH)


class PostdocOut(Schema):
    id: int
    base_id: int
    name: str
    gender: str
    birth_date: date | None = Field(
        description="null unless the caller is the postdoc or may reveal the full ID number (the region, the "
        "recording base's unit administrators): beside the masked ID it would narrow the number"
    )
    id_type: str
    id_number_masked: str = Field(description="the first two and the last character, e.g. 15***************7")
    nationality: str
    phd_institution: str
    phd_discipline: str
    degree_date: date | None
    degree_certificate_number: str
    foreign_degree_verification: str
    study_mode: str
    created_at: datetime

    @staticmethod
    def resolve_id_number_masked(obj) -> str:
        return obj.masked_id

    @staticmethod
    def resolve_birth_date(obj, context) -> date | None:
        request = (context or {}).get("request")
        return obj.birth_date if request is not None and can_see_birth_date(request.user, obj) else None


class PostdocIn(Schema):
    base: Id
    name: text_of(Postdoc, "name")
    gender: text_of(Postdoc, "gender")
    birth_date: Day
    id_type: text_of(Postdoc, "id_type") = "resident_id"
    id_number: IdNumber
    nationality: text_of(Postdoc, "nationality") = "中国"
    phd_institution: text_of(Postdoc, "phd_institution")
    phd_discipline: text_of(Postdoc, "phd_discipline")
    degree_date: Day | None = None
    degree_certificate_number: text_of(Postdoc, "degree_certificate_number") = ""
    foreign_degree_verification: text_of(Postdoc, "foreign_degree_verification") = ""
    study_mode: text_of(Postdoc, "study_mode") = "full_time"


class PostdocPatch(Schema):
    name: text_of(Postdoc, "name") | None = None
    gender: text_of(Postdoc, "gender") | None = None
    birth_date: Day | None = None
    id_type: text_of(Postdoc, "id_type") | None = None
    id_number: IdNumber | None = None
    nationality: text_of(Postdoc, "nationality") | None = None
    phd_institution: text_of(Postdoc, "phd_institution") | None = None
    phd_discipline: text_of(Postdoc, "phd_discipline") | None = None
    degree_date: Day | None = None
    degree_certificate_number: text_of(Postdoc, "degree_certificate_number") | None = None
    foreign_degree_verification: text_of(Postdoc, "foreign_degree_verification") | None = None
    study_mode: text_of(Postdoc, "study_mode") | None = None


postdocs = Router(tags=["postdocs"])


@postdocs.get("", response=page_of(PostdocOut), summary="List postdocs (ID numbers masked)")
def postdoc_list(request, q: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    return paginate(search_people(postdocs_visible_to(request.user), q), page, page_size)


@postdocs.get("/{int:pk}", response=PostdocOut, summary="Postdoc detail (ID number masked)")
def postdoc_detail(request, pk: Id):
    return get_visible(postdocs_visible_to(request.user), pk)


@postdocs.post("", response={201: PostdocOut}, summary="Record a postdoc (base)")
def postdoc_create(request, payload: PostdocIn):
    base = get_visible(bases_managed_by(request.user), payload.base)
    postdoc = services.postdoc_create(actor=request.user, base=base, **payload.model_dump(exclude={"base"}))
    return Status(201, postdoc)


@postdocs.patch("/{int:pk}", response=PostdocOut, summary="Update a postdoc (base)")
def postdoc_update(request, pk: Id, payload: PostdocPatch):
    postdoc = get_visible(postdocs_managed_by(request.user), pk)
    fields = payload.model_dump(exclude_unset=True)
    return services.postdoc_update(actor=request.user, postdoc=postdoc, **fields)


class SupervisorOut(Schema):
    id: int
    base_id: int
    station_id: int | None
    name: str
    title: str
    employer: str
    side: str
    expert_id: int | None
    active: bool


class SupervisorIn(Schema):
    base: Id
    name: text_of(Supervisor, "name")
    title: text_of(Supervisor, "title")
    employer: text_of(Supervisor, "employer")
    side: text_of(Supervisor, "side")
    station: Id | None = None
    expert: Id | None = None


class SupervisorPatch(Schema):
    name: text_of(Supervisor, "name") | None = None
    title: text_of(Supervisor, "title") | None = None
    employer: text_of(Supervisor, "employer") | None = None
    side: text_of(Supervisor, "side") | None = None
    station: Id | None = None
    expert: Id | None = None
    active: bool | None = None


supervisors = Router(tags=["supervisors"])


@supervisors.get("", response=page_of(SupervisorOut), summary="List supervisors")
def supervisor_list(request, q: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    return paginate(search_people(supervisors_visible_to(request.user), q), page, page_size)


@supervisors.get("/{int:pk}", response=SupervisorOut, summary="Supervisor detail")
def supervisor_detail(request, pk: Id):
    return get_visible(supervisors_visible_to(request.user), pk)


@supervisors.post("", response={201: SupervisorOut}, summary="Record a supervisor (base)")
def supervisor_create(request, payload: SupervisorIn):
    base = get_visible(bases_managed_by(request.user), payload.base)
    data = payload.model_dump(exclude={"base", "station", "expert"})
    supervisor = services.supervisor_create(
        actor=request.user, base=base, station_id=payload.station, expert_id=payload.expert, **data
    )
    return Status(201, supervisor)


@supervisors.patch("/{int:pk}", response=SupervisorOut, summary="Update a supervisor (base)")
def supervisor_update(request, pk: Id, payload: SupervisorPatch):
    supervisor = get_visible(supervisors_managed_by(request.user), pk)
    fields = payload.model_dump(exclude_unset=True)
    for key in ("station", "expert"):
        if key in fields:
            fields[f"{key}_id"] = fields.pop(key)
    return services.supervisor_update(actor=request.user, supervisor=supervisor, **fields)


routers = [("/postdocs", postdocs), ("/supervisors", supervisors)]

__all__ = ["routers"]
