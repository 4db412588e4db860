"""The user's export jobs: the list, one job's progress page (refreshing itself while the worker writes)
and the finished file."""

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render

from postdoc_base.web.exports import XLSX_TYPE
from postdoc_base.web.pages import page_of

from .models import ExportJobStatus
from .selectors import export_jobs_visible_to


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
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=XLSX_TYPE
    )
