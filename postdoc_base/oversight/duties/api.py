"""/api/v1/bases/{id}/duties: a base's Art. 7 records (第七条), mounted by api/api.py beside the directory's
/bases router. Read by whoever may read the base file (administrators masked for the bureau, as on the page);
written by the base's unit administrator only, through the same services as the pages. Every answer is the
base's whole duties record with Art. 7's findings."""

from datetime import date

from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.common import get_visible
from postdoc_base.api.errors import FindingOut
from postdoc_base.api.types import Day, Id, text_of

from ..selectors import base_files_visible_to
from . import services
from .models import CommitteeMember, DutyAdministrator, ManagementOffice, ManagementRules
from .selectors import administrators_for, duties_of


class OfficeOut(Schema):
    name: str
    head: str
    phone: str


class RulesOut(Schema):
    id: int
    title: str
    adopted_on: date
    document_name: str
    document_url: str
    current: bool


class AdministratorOut(Schema):
    id: int
    name: str
    position: str
    phone: str
    masked: bool


class CommitteeMemberOut(Schema):
    id: int
    name: str
    title: str
    affiliation: str
    role: str
    role_label: str


class DutiesOut(Schema):
    base_id: int
    office: OfficeOut | None
    rules: list[RulesOut]
    administrators: list[AdministratorOut]
    committee: list[CommitteeMemberOut]
    findings: list[FindingOut]
    complete: bool


class OfficeIn(Schema):
    name: text_of(ManagementOffice, "name")
    head: text_of(ManagementOffice, "head")
    phone: text_of(ManagementOffice, "phone")


class AdministratorIn(Schema):
    name: text_of(DutyAdministrator, "name")
    position: text_of(DutyAdministrator, "position")
    phone: text_of(DutyAdministrator, "phone")


class CommitteeMemberIn(Schema):
    name: text_of(CommitteeMember, "name")
    title: text_of(CommitteeMember, "title")
    affiliation: text_of(CommitteeMember, "affiliation")
    role: text_of(CommitteeMember, "role")


def _out(request, base) -> dict:
    duties = duties_of(base)
    office = duties.office
    return {
        "base_id": base.pk,
        "office": {"name": office.name, "head": office.head, "phone": office.phone} if office else None,
        "rules": [
            {
                "id": r.pk,
                "title": r.title,
                "adopted_on": r.adopted_on,
                "document_name": r.document_name,
                "document_url": reverse("oversight:duties_rules_file", args=[base.pk, r.pk]),
                "current": i == 0,
            }
            for i, r in enumerate(duties.rules)
        ],  # fmt: skip
        "administrators": [vars(a) for a in administrators_for(request.user, base, duties.administrators)],
        "committee": [
            {
                "id": m.pk,
                "name": m.name,
                "title": m.title,
                "affiliation": m.affiliation,
                "role": m.role,
                "role_label": str(m.get_role_display()),
            }
            for m in duties.committee
        ],  # fmt: skip
        "findings": [f.as_dict() for f in duties.findings],
        "complete": all(f.ok for f in duties.findings),
    }


def _base(request, pk):
    return get_visible(base_files_visible_to(request.user), pk)


duties = Router(tags=["base duties"])


@duties.get("/{int:pk}/duties", response=DutiesOut, summary="A base's Art. 7 duties (base file readers)")
def duties_detail(request, pk: Id):
    return _out(request, _base(request, pk))


@duties.put("/{int:pk}/duties/office", response=DutiesOut,
            summary="Record the management office (the base's unit administrator; Art. 7)")  # fmt: skip
def duties_office_save(request, pk: Id, payload: OfficeIn):
    base = _base(request, pk)
    services.office_save(actor=request.user, base=base, **payload.model_dump())
    return _out(request, base)


@duties.post("/{int:pk}/duties/rules", response={201: DutiesOut},
             summary="Upload a version of the management rules (the base's unit administrator; Art. 7)")  # fmt: skip
def duties_rules_add(
    request,
    pk: Id,
    title: Form[text_of(ManagementRules, "title")],
    adopted_on: Form[Day],
    document: File[UploadedFile] = None,
):
    base = _base(request, pk)
    services.rules_add(actor=request.user, base=base, title=title, adopted_on=adopted_on, uploaded=document)
    return Status(201, _out(request, base))


@duties.post("/{int:pk}/duties/administrators", response={201: DutiesOut},
             summary="Add a named administrator (the base's unit administrator; Art. 7)")  # fmt: skip
def duties_administrator_add(request, pk: Id, payload: AdministratorIn):
    base = _base(request, pk)
    services.administrator_add(actor=request.user, base=base, **payload.model_dump())
    return Status(201, _out(request, base))


@duties.put("/{int:pk}/duties/administrators/{int:rid}", response=DutiesOut,
            summary="Correct a named administrator (the base's unit administrator)")  # fmt: skip
def duties_administrator_update(request, pk: Id, rid: Id, payload: AdministratorIn):
    base = _base(request, pk)
    person = get_visible(DutyAdministrator.objects.filter(base=base).select_related("base"), rid)
    services.administrator_update(actor=request.user, administrator=person, **payload.model_dump())
    return _out(request, base)


@duties.delete("/{int:pk}/duties/administrators/{int:rid}", response=DutiesOut,
               summary="Remove a named administrator (the base's unit administrator)")  # fmt: skip
def duties_administrator_remove(request, pk: Id, rid: Id):
    base = _base(request, pk)
    person = get_visible(DutyAdministrator.objects.filter(base=base).select_related("base"), rid)
    services.administrator_remove(actor=request.user, administrator=person)
    return _out(request, base)


@duties.post("/{int:pk}/duties/committee", response={201: DutiesOut},
             summary="Add an academic committee member (the base's unit administrator; Art. 7)")  # fmt: skip
def duties_member_add(request, pk: Id, payload: CommitteeMemberIn):
    base = _base(request, pk)
    services.member_add(actor=request.user, base=base, **payload.model_dump())
    return Status(201, _out(request, base))


@duties.put("/{int:pk}/duties/committee/{int:rid}", response=DutiesOut,
            summary="Correct an academic committee member (the base's unit administrator)")  # fmt: skip
def duties_member_update(request, pk: Id, rid: Id, payload: CommitteeMemberIn):
    base = _base(request, pk)
    member = get_visible(CommitteeMember.objects.filter(base=base).select_related("base"), rid)
    services.member_update(actor=request.user, member=member, **payload.model_dump())
    return _out(request, base)


@duties.delete("/{int:pk}/duties/committee/{int:rid}", response=DutiesOut,
               summary="Remove an academic committee member (the base's unit administrator)")  # fmt: skip
def duties_member_remove(request, pk: Id, rid: Id):
    base = _base(request, pk)
    member = get_visible(CommitteeMember.objects.filter(base=base).select_related("base"), rid)
    services.member_remove(actor=request.user, member=member)
    return _out(request, base)


routers = [("/bases", duties)]

__all__ = ["routers"]
