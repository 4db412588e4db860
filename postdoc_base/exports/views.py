"""The user's export jobs: the list, one job's progress page (refreshing itself while the worker writes)
and the finished file."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from postdoc_base.web.exports import ascii_filename, xlsx_file_response
from postdoc_base.web.pages import page_of

from .models import ExportJobStatus
from .selectors import export_jobs_visible_to
from .specs import export_spec


@login_required
def job_list(request):
    page = page_of(request, export_jobs_visible_to(request.user))
    context = {"page": page, "page_obj": page, "keep_days": settings.EXPORT_KEEP_DAYS}
    return render(request, "exports/job_list.html", context)


@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(export_jobs_visible_to(request.user), pk=pk)
    return render(request, "exports/job_detail.html", {"job": job, "refresh": not job.finished})


@login_required
def job_download(request, pk: int):
    job = get_object_or_404(export_jobs_visible_to(request.user), pk=pk)
    if job.status != ExportJobStatus.DONE or not job.file:
        raise Http404
    try:
        stem = export_spec(job.name).filename_prefix
    except KeyError:  # an export no longer declared: its file is still the asker's
        stem = job.name
    fallback = ascii_filename(stem, timezone.localdate(job.finished_at) if job.finished_at else None)
    return xlsx_file_response(job.file.open("rb"), filename=job.filename, fallback=fallback)
