"""Bulk import (issue 13 item 3): downloadable templates, uploaded workbooks validated row by row by the same
rules as the forms, a report of every bad cell, all-or-nothing or valid rows only, idempotent re-imports.

``GET /imports/kinds`` lists the kinds the user may import, with their columns; ``POST /imports/{kind}``
(multipart ``file``) checks the workbook and answers the job with its report (201), or, for a large file the
worker checks, the job still validating (202); ``GET /imports/jobs/{id}`` follows it; ``POST
/imports/jobs/{id}/run`` imports all rows (only when none is bad) or only the valid ones. Who imports which kind
is the kind's predicate (``permissions``): the region its records, a base's unit administrator its postdocs
with their appointments. A job is read by its uploader (and, for a base's import, the region administrator)
and imported by its uploader only (anyone else: 404).
"""

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.common import get_visible
from postdoc_base.api.errors import ApiError
from postdoc_base.api.types import Id

from . import services
from .permissions import can_import, kinds_for, refusal
from .registry import TYPE_LABELS, import_spec
from .selectors import import_jobs_owned_by, import_jobs_visible_to
from .tasks import run_import_job, validate_import_job


class ImportCellErrorOut(Schema):
    col: str
    header: str
    message: str


class ImportReportRowOut(Schema):
    row: int
    status: str
    errors: list[ImportCellErrorOut]


class ImportJobOut(Schema):
    id: int
    kind: str
    filename: str
    state: str
    state_label: str
    progress: int
    total: int
    valid: int
    invalid: int
    existing: int
    imported: int
    only_valid: bool
    file_error: str
    message: str
    rows: list[ImportReportRowOut]

    @staticmethod
    def resolve_state_label(obj) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_progress(obj) -> int:
        return services.live_progress(obj)

    @staticmethod
    def resolve_rows(obj) -> list:
        return obj.report.get("rows", [])


class ImportRunIn(Schema):
    only_valid: bool = False


class ImportColumnOut(Schema):
    header: str
    field: str
    required: bool
    format: str
    note: str


class ImportKindOut(Schema):
    kind: str
    title: str
    description: str
    key: str
    notes: list[str]
    columns: list[ImportColumnOut]


def _kind_out(spec) -> dict:
    columns = [
        {"header": c.title, "field": c.field, "required": c.required, "format": str(TYPE_LABELS[c.type]),
         "note": str(c.note)}
        for c in spec.columns
    ]  # fmt: skip
    return {"kind": spec.kind, "title": str(spec.title), "description": str(spec.description),
            "key": spec.key_label(), "notes": [str(n) for n in spec.notes], "columns": columns}  # fmt: skip


router = Router(tags=["imports"])


def _may_import(request) -> None:
    if not can_import(request.user):
        raise ApiError(403, "permission_denied", refusal(request.user))


# Before "/{kind}": Django tries the paths in order, and "kinds" would otherwise be read as a kind.
@router.get("/kinds", response=list[ImportKindOut], summary="The kinds the user may import")
def import_kinds(request):
    _may_import(request)
    return [_kind_out(spec) for spec in kinds_for(request.user)]


@router.post(
    "/{kind}", response={201: ImportJobOut, 202: ImportJobOut}, summary="Upload a workbook to import"
)
def import_upload(request, kind: str, file: File[UploadedFile]):
    _may_import(request)
    spec = import_spec(kind)
    if spec is None:
        raise ApiError(404, "not_found", _("未知的导入类型。"))
    if not spec.may_import(request.user):
        raise ApiError(403, "permission_denied", _("您没有导入此类数据的权限。"))
    with transaction.atomic():
        job, background = services.import_job_create(actor=request.user, kind=kind, uploaded=file)
        if background:
            transaction.on_commit(lambda: validate_import_job(job.pk))
    job.refresh_from_db()
    return Status(202 if job.busy else 201, job)


@router.get("/jobs/{int:pk}", response=ImportJobOut, summary="An import job and its report")
def import_job_detail(request, pk: Id):
    return get_visible(import_jobs_visible_to(request.user), pk)


@router.post(
    "/jobs/{int:pk}/run", response={200: ImportJobOut, 202: ImportJobOut}, summary="Import a checked job"
)
def import_job_run(request, pk: Id, payload: ImportRunIn):
    job = get_visible(import_jobs_owned_by(request.user), pk)
    with transaction.atomic():
        background = services.import_job_start(actor=request.user, job=job, only_valid=payload.only_valid)
        if background:
            transaction.on_commit(lambda: run_import_job(job.pk))
    job.refresh_from_db()
    return Status(202 if job.busy else 200, job)


routers = [("/imports", router)]
