"""Bulk import (issue 13 item 3): downloadable templates, uploaded workbooks validated row by row by the same
rules as the forms, a report of every bad cell, all-or-nothing or valid rows only, idempotent re-imports.

``POST /imports/{kind}`` (multipart ``file``) checks the workbook and answers the job with its report (201),
or, for a large file the worker checks, the job still validating (202); ``GET /imports/jobs/{id}`` follows
it; ``POST /imports/jobs/{id}/run`` imports all rows (only when none is bad) or only the valid ones. Only the
region administrator imports; a job is visible to its uploader only (anyone else: 404).
"""

from django.db import transaction
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from postdoc_base.api.common import get_visible
from postdoc_base.api.errors import ApiError
from postdoc_base.api.types import Id

from . import services
from .permissions import can_import
from .registry import import_spec
from .selectors import import_jobs_visible_to
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


router = Router(tags=["imports"])


def _may_import(request) -> None:
    if not can_import(request.user):
        raise ApiError(403, "permission_denied", _("只有自治区人社厅可以批量导入。"))


@router.post(
    "/{kind}", response={201: ImportJobOut, 202: ImportJobOut}, summary="Upload a workbook to import"
)
def import_upload(request, kind: str, file: File[UploadedFile]):
    _may_import(request)
    if import_spec(kind) is None:
        raise ApiError(404, "not_found", _("未知的导入类型。"))
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
    job = get_visible(import_jobs_visible_to(request.user), pk)
    with transaction.atomic():
        background = services.import_job_start(actor=request.user, job=job, only_valid=payload.only_valid)
        if background:
            transaction.on_commit(lambda: run_import_job(job.pk))
    job.refresh_from_db()
    return Status(202 if job.busy else 200, job)


routers = [("/imports", router)]
