"""Writes of export jobs: started by a user's export link, run by the worker, removed after some days."""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.http import QueryDict
from django.utils import timezone, translation

from postdoc_base.web.exports import ascii_filename, export_filename, write_workbook

from .models import ExportJob, ExportJobStatus
from .specs import ExportRequest, ExportSpec, export_spec, scope_label

logger = logging.getLogger(__name__)

# Progress is written every this many rows: often enough for a moving bar, rarely enough to cost nothing.
PROGRESS_EVERY = 1000


def export_job_create(*, user, spec: ExportSpec, params: QueryDict) -> ExportJob:
    """The job for an export too large to answer at once; the caller queues ``tasks.run_export_job``."""
    job = ExportJob.objects.create(
        user=user, name=spec.name, title=str(spec.sheet)[:100], params={k: params.getlist(k) for k in params},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )  # fmt: skip
    return job


def _params(job: ExportJob) -> QueryDict:
    params = QueryDict(mutable=True)
    for key, values in job.params.items():
        params.setlist(key, [str(v) for v in values])
    return params


def export_job_run(job_id: int) -> None:
    """Write the job's workbook for its user, reporting progress, and store it. A job already started (a
    retried task) is left alone; a failure is recorded on the job, not raised into the queue again."""
    claimed = ExportJob.objects.filter(pk=job_id, status=ExportJobStatus.QUEUED).update(
        status=ExportJobStatus.RUNNING
    )
    if not claimed:
        return
    job = ExportJob.objects.select_related("user").get(pk=job_id)
    try:
        with translation.override(job.language):  # the labels and sheet title in the asker's language
            _write(job)
    except Exception:
        logger.exception("export job %s failed", job_id)
        ExportJob.objects.filter(pk=job_id).update(status=ExportJobStatus.FAILED, finished_at=timezone.now())


def _write(job: ExportJob) -> None:
    """The workbook for the job's user and filters, with progress, stored with the job: the same writer and
    file name as an export answered at once."""
    if not job.user.is_active:  # deactivated since asking: exports nothing
        raise PermissionError(f"user {job.user_id} is inactive")
    spec = export_spec(job.name)
    request = ExportRequest(user=job.user, GET=_params(job))
    rows = spec.rows(request)
    total = rows.count()
    ExportJob.objects.filter(pk=job.pk).update(total=total)

    def progress(done: int) -> None:
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job.pk).update(done=done)

    scope = scope_label(job.user)
    with tempfile.TemporaryFile() as out:
        written = write_workbook(
            out, spec.sheets(request, rows), title=spec.sheet, scope=scope, progress=progress
        )
        out.seek(0)
        # The name the inline export would have; the stored file keeps an ASCII name of its own.
        job.filename = export_filename(spec.sheet, scope)  # at most 114 characters: the field holds 120
        job.file.save(ascii_filename(spec.filename_prefix), File(out), save=False)
    job.status, job.total, job.done, job.finished_at = ExportJobStatus.DONE, total, written, timezone.now()
    job.save(update_fields=["status", "total", "done", "file", "filename", "finished_at"])


def export_jobs_expire(now=None) -> int:
    """Remove jobs older than ``settings.EXPORT_KEEP_DAYS`` and their files; returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.EXPORT_KEEP_DAYS)
    old = list(ExportJob.objects.filter(created_at__lt=cutoff).only("pk", "file"))
    for job in old:
        if job.file:
            job.file.delete(save=False)
    ExportJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    return len(old)
