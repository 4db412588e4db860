"""The import engine: an uploaded workbook becomes an ``ImportJob``; every row is checked by its kind's form
and, inside a transaction that is always rolled back, by the very service that would write it (so the report
gives the exact messages the pages give); then the user imports all rows (only when none is bad) or only the
valid ones, in one transaction through the services, which audit each record. The job's own event records
who imported which file and how many rows.

Natural keys make re-importing harmless: a row whose key the database already holds is reported as
已存在，跳过 and never written; two rows of one file with the same key are both errors of the later row.
"""

from __future__ import annotations

import logging
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from postdoc_base.kernel import audit
from postdoc_base.kernel.files import original_name
from postdoc_base.kernel.workflow import TransitionRefused

from .models import ImportJob, ImportJobState
from .permissions import can_import
from .registry import CellError, ImportSpec, import_spec
from .workbooks import check_xlsx, data_rows, inline_max_rows, open_sheet

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 100
EXISTS = "exists"
ERROR = "error"
KEY_BATCH = 500
BUSY = (ImportJobState.VALIDATING, ImportJobState.IMPORTING)


class _DryRun(Exception):
    """Raised inside the checking transaction to roll back what the service wrote."""


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def progress_key(job_id: int) -> str:
    return f"imports:job:{job_id}:progress"


def _spec(kind: str) -> ImportSpec:
    spec = import_spec(kind)
    if spec is None:
        raise ValidationError(_("未知的导入类型。"), code="unknown_kind")
    return spec


# --- upload ----------------------------------------------------------------------------------------------
def import_job_create(*, actor, kind: str, uploaded) -> tuple[ImportJob, bool]:
    """Check the file as a whole (an .xlsx, its size, no merged cells, the header, the declared row count)
    and store it as a job; returns the job and whether its rows are to be checked by the worker (the caller
    queues ``tasks.validate_import_job`` at commit) or were checked already. A file refused as a whole, or a
    user who cannot import the kind now (e.g. a unit administrator whose base is no longer filed), raises
    ``ValidationError`` and leaves nothing behind."""
    if not can_import(actor):
        raise PermissionDenied
    spec = _spec(kind)
    if not spec.may_import(actor):
        raise PermissionDenied
    context = spec.context(actor)
    check_xlsx(uploaded)
    sheet = open_sheet(uploaded, spec)
    declared = sheet.declared_rows
    sheet.close()
    uploaded.seek(0)
    job = ImportJob(
        kind=kind, created_by=actor, filename=original_name(uploaded.name, "xlsx"),
        language=translation.get_language() or "zh-hans", total=max(declared, 0),
    )  # fmt: skip
    job.file.save(f"{uuid.uuid4().hex}.xlsx", ContentFile(uploaded.read()), save=False)
    job.save()
    background = declared > inline_max_rows()
    if not background:
        import_job_validate(job.pk, context=context)
        job.refresh_from_db()
    return job, background


# --- reading and checking rows ---------------------------------------------------------------------------
class _Checker:
    """Reads a job's rows and checks each; shared by validating and importing. What the rows need once per
    file (``ImportSpec.context``) is built for the job's uploader, whoever runs it (the page or the worker)."""

    def __init__(self, job: ImportJob, spec: ImportSpec, context: dict | None = None):
        self.job, self.spec = job, spec
        self.context = spec.context(job.created_by) if context is None else context
        self.letters: dict[str, str] = {}

    def rows(self):
        """Parsed rows: (number, values for the form, errors {field: [messages]}, key)."""
        with self.job.file.open("rb") as handle:
            sheet = open_sheet(handle, self.spec)
            try:
                self.letters = {column.field: _letter(index) for index, column in sheet.columns.items()}
                columns = list(sheet.columns.values())
                for number, raw in data_rows(sheet):
                    values, errors = {}, {}
                    for column in columns:
                        try:
                            values[column.field] = column.parse(raw.get(column.field), self.context)
                        except CellError as exc:
                            errors[column.field] = [str(exc)]
                    yield number, values, errors, self.spec.key_of(values)
            finally:
                sheet.close()

    def existing(self, keys: set) -> set:
        found, pending = set(), list(keys)
        for start in range(0, len(pending), KEY_BATCH):
            found |= self.spec.existing_keys_for(set(pending[start : start + KEY_BATCH]), self.context)
        return found

    def check(self, values: dict, errors: dict, actor, write: bool):
        """Errors of one row after its form and its service; writes the record when ``write``; returns
        (errors, the saved object or None)."""
        form = self.spec.form({k: v for k, v in values.items() if k not in errors}, self.context)
        if not form.is_valid():
            for name, messages in form.errors.get_json_data().items():
                if name not in errors:
                    errors[name] = [m["message"] for m in messages]
        if errors:
            return errors, None
        try:
            with transaction.atomic():
                saved = self.spec.write(
                    actor=actor, cleaned=form.cleaned_data, values=values, context=self.context
                )
                if not write:
                    raise _DryRun
            return errors, saved
        except _DryRun:
            return errors, None
        except TransitionRefused as exc:
            errors["__all__"] = [str(f.message) for f in exc.findings if not f.ok] or [str(exc)]
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, items in exc.error_dict.items():
                    errors.setdefault(name, []).extend(m for e in items for m in e.messages)
            else:
                errors.setdefault("__all__", []).extend(exc.messages)
        return errors, None

    def entry(self, number: int, status: str, errors: dict) -> dict:
        headers = {c.field: c.title for c in self.spec.columns}
        out = []
        for name, messages in errors.items():
            letter = self.letters.get(name, "")
            for message in messages:
                out.append({"col": letter, "header": headers.get(name, ""), "message": str(message)})
        return {"row": number, "status": status, "errors": out}


def _set_progress(job_id: int, done: int, total: int) -> None:
    percent = min(99, done * 100 // total) if total else 0
    ImportJob.objects.filter(pk=job_id).update(progress=percent)
    cache.set(progress_key(job_id), percent, 3600)


def _fail(job_id: int, message: str) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJobState.FAILED, message=message[:500], finished_at=timezone.now()
    )
    cache.delete(progress_key(job_id))


def import_job_validate(job_id: int, context: dict | None = None) -> None:
    """Check every row of the job and store the report (the worker runs this for a large file); ``context``
    when the caller built it for the uploader already."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.state != ImportJobState.VALIDATING:
        return
    try:
        with translation.override(job.language):
            _validate(job, context)
    # The file as a whole (e.g. more rows than allowed, found while reading), or the uploader's scope (a base
    # no longer filed).
    except ValidationError as exc:
        job.report = {"file_error": " ".join(exc.messages), "rows": []}
        job.state, job.finished_at = ImportJobState.FAILED, timezone.now()
        job.message = job.report["file_error"][:500]
        job.save(update_fields=["report", "state", "finished_at", "message"])
    except Exception:
        logger.exception("import job %s failed while checking", job_id)
        _fail(job_id, _("校验失败，请稍后重试；如仍失败，请联系系统管理员。"))


def _validate(job: ImportJob, context: dict | None = None) -> None:
    spec = _spec(job.kind)
    checker = _Checker(job, spec, context)
    rows = list(checker.rows())
    total = len(rows)
    ImportJob.objects.filter(pk=job.pk).update(total=total)
    existing = checker.existing({key for *_rest, key in rows if key is not None})
    seen: dict[tuple, int] = {}
    report, valid, invalid, exists = [], 0, 0, 0
    for done, (number, values, errors, key) in enumerate(rows, start=1):
        if key is not None and key in seen:
            message = _("与第 %(row)d 行重复（%(key)s 相同）。") % {"row": seen[key], "key": spec.key_label()}
            for name in spec.key:
                errors.setdefault(name, []).append(message)
        elif key is not None and key in existing:
            seen[key] = number
            exists += 1
            report.append({"row": number, "status": EXISTS, "errors": [{"col": "", "header": "",
                                                                         "message": _("已存在，跳过")}]})  # fmt: skip
            continue
        elif key is not None:
            seen[key] = number
        errors, _saved = checker.check(values, errors, job.created_by, write=False)
        if errors:
            invalid += 1
            report.append(checker.entry(number, ERROR, errors))
        else:
            valid += 1
        if done % PROGRESS_EVERY == 0:
            _set_progress(job.pk, done, total)
    job.report = {"rows": report}
    job.total, job.valid, job.invalid, job.existing = total, valid, invalid, exists
    job.state, job.progress = ImportJobState.VALIDATED, 100
    job.save(update_fields=["report", "total", "valid", "invalid", "existing", "state", "progress"])


# --- importing -------------------------------------------------------------------------------------------
def import_job_start(*, actor, job: ImportJob, only_valid: bool) -> bool:
    """Ask to import a checked job: all rows (refused while any row is bad) or only the valid ones. Returns
    whether the worker is to write it (the caller queues ``tasks.run_import_job`` at commit); a small job
    is written at once."""
    if job.created_by_id != actor.pk or not _spec(job.kind).may_import(actor):
        raise PermissionDenied
    if job.state != ImportJobState.VALIDATED or job.file_error:
        raise ValidationError(_("该文件当前不能导入。"), code="not_ready")
    if not only_valid and job.invalid:
        raise ValidationError(
            _("文件中有 %(count)d 行错误，不能全部导入。请修改后重新上传，或选择仅导入有效行。")
            % {"count": job.invalid},
            code="has_errors",
        )
    if not job.valid:
        raise ValidationError(_("没有可导入的有效行。"), code="nothing_valid")
    claimed = ImportJob.objects.filter(pk=job.pk, state=ImportJobState.VALIDATED).update(
        state=ImportJobState.IMPORTING, only_valid=only_valid, progress=0
    )
    if not claimed:
        raise ValidationError(_("该文件当前不能导入。"), code="not_ready")
    background = job.total > inline_max_rows()
    if not background:
        import_job_run(job.pk)
    return background


class _Refused(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def import_job_run(job_id: int) -> None:
    """Write the job's rows in one transaction (the worker runs this for a large file). When not ``only_valid``
    and a row turns out bad now (the database changed since the check), nothing is written."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.state != ImportJobState.IMPORTING:
        return
    try:
        with translation.override(job.language):
            imported, skipped = _run(job)
    except _Refused as exc:
        _fail(job_id, exc.message)
        return
    except ValidationError as exc:
        _fail(job_id, " ".join(exc.messages))
        return
    except Exception:
        logger.exception("import job %s failed while importing", job_id)
        _fail(job_id, _("导入失败，未写入任何数据。请稍后重试；如仍失败，请联系系统管理员。"))
        return
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJobState.DONE, imported=imported, progress=100, finished_at=timezone.now(),
        message=_("已导入 %(imported)d 行，跳过 %(skipped)d 行。") % {"imported": imported, "skipped": skipped},
    )  # fmt: skip
    cache.delete(progress_key(job_id))


def _run(job: ImportJob) -> tuple[int, int]:
    spec = _spec(job.kind)
    actor = job.created_by
    if not spec.may_import(actor):
        raise _Refused(_("上传人已无权导入此类数据，未导入。"))
    checker = _Checker(job, spec)  # the uploader's scope now (e.g. the base), not when the file was checked
    assignment = spec.assignment(actor, checker.context)
    if assignment is None:
        raise _Refused(_("上传人已无权导入此类数据，未导入。"))
    rows = list(checker.rows())
    existing = checker.existing({key for *_rest, key in rows if key is not None})
    seen: set = set()
    imported = skipped = 0
    with transaction.atomic():
        for done, (number, values, errors, key) in enumerate(rows, start=1):
            if key is not None and (key in seen or key in existing):
                skipped += 1  # a repeat inside the file (an error of the check) or already there
                if key in seen and not job.only_valid:
                    raise _Refused(_("第 %(row)d 行与前面的行重复，未导入任何数据。") % {"row": number})
                continue
            if key is not None:
                seen.add(key)
            errors, _saved = checker.check(values, errors, actor, write=True)
            if errors:
                if not job.only_valid:
                    raise _Refused(
                        _("第 %(row)d 行有错误，未导入任何数据。请重新上传文件校验。") % {"row": number}
                    )
                skipped += 1
                continue
            imported += 1
            if done % PROGRESS_EVERY == 0:
                cache.set(progress_key(job.pk), min(99, done * 100 // len(rows)), 3600)
        job.imported = imported
        audit.record(
            actor=actor, subject=job, action="import", role=assignment.role, scope=assignment.scope_label,
            diff={"kind": [None, job.kind], "file": [None, job.filename], "imported": [None, imported],
                  "skipped": [None, skipped], "only_valid": [None, job.only_valid]},
        )  # fmt: skip
    return imported, skipped


def import_jobs_expire(now=None) -> int:
    """Remove jobs (and their uploaded files) older than ``IMPORT_KEEP_DAYS`` (by default as long as exports
    are kept); returns how many. What was imported stays, with its audit events."""
    days = getattr(settings, "IMPORT_KEEP_DAYS", settings.EXPORT_KEEP_DAYS)
    cutoff = (now or timezone.now()) - timedelta(days=days)
    old = list(ImportJob.objects.filter(created_at__lt=cutoff).exclude(state__in=BUSY).only("pk", "file"))
    for job in old:
        if job.file:
            job.file.delete(save=False)
    ImportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)


def live_progress(job: ImportJob) -> int:
    """How far the job got: while importing, the worker's count (its transaction is not visible yet)."""
    if job.state == ImportJobState.IMPORTING:
        return cache.get(progress_key(job.pk), job.progress)
    return 100 if job.state in (ImportJobState.DONE, ImportJobState.VALIDATED) else job.progress
