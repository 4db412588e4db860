"""Import pages (/imports/): the kinds the user may import, one kind's template and upload, a job's report or
progress (refreshing itself while the worker runs), the choice to import, and the uploaded workbook with its
errors marked. The template's drop-down lists are the user's own (a base's stations for its administrator)."""

import io

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from postdoc_base.accounts.permissions import is_region_admin

from . import services
from .forms import UploadForm
from .permissions import can_import, kinds_for, refusal
from .registry import import_spec
from .selectors import import_jobs_owned_by, import_jobs_visible_to
from .tasks import run_import_job, validate_import_job
from .workbooks import XLSX_TYPE, marked_workbook, max_rows, template_workbook

REPORT_SHOWN = 500  # rows listed on the page; the marked workbook has them all


def _refused(request):
    """None when the user may import some kind; else the 403 page saying why (e.g. a unit without a filed base)."""
    if can_import(request.user):
        return None
    context = {"status": 403, "title": gettext_lazy("没有权限"), "explanation": refusal(request.user)}
    return render(request, "errors/error.html", context, status=403)


def _spec_for(request, kind: str):
    """The kind, if the user may import it: an unknown kind is a 404, another role's kind a 403."""
    spec = import_spec(kind)
    if spec is None:
        raise Http404
    if not spec.may_import(request.user):
        raise PermissionDenied
    return spec


@login_required
def index(request):
    if (refused := _refused(request)) is not None:
        return refused
    jobs = import_jobs_owned_by(request.user)[:20]
    # The region reads the reports of the bases' imports (Art. 5): listed apart, with who uploaded them.
    overseen = None
    if is_region_admin(request.user):
        others = import_jobs_visible_to(request.user).exclude(created_by=request.user)
        overseen = others.select_related("created_by")[:20]
    context = {"specs": kinds_for(request.user), "jobs": jobs, "overseen": overseen}
    return render(request, "imports/index.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def upload(request, kind: str):
    if (refused := _refused(request)) is not None:
        return refused
    spec = _spec_for(request, kind)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                job, background = services.import_job_create(
                    actor=request.user, kind=kind, uploaded=form.cleaned_data["file"]
                )
                if background:
                    transaction.on_commit(lambda: validate_import_job(job.pk))
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error("file", message)
        else:
            return redirect(job.get_absolute_url())
    context = {"spec": spec, "form": form, "max_rows": max_rows()}
    return render(request, "imports/upload.html", context, status=400 if form.errors else 200)


@login_required
def template(request, kind: str):
    if (refused := _refused(request)) is not None:
        return refused
    spec = _spec_for(request, kind)
    try:
        context = spec.context(request.user)
    except ValidationError as exc:  # the user cannot import this kind now (e.g. no single filed base)
        context = {"spec": spec, "form": UploadForm(), "max_rows": max_rows(), "refusals": exc.messages}
        return render(request, "imports/upload.html", context, status=400)
    name = _("%(title)s导入模板.xlsx") % {"title": spec.title}
    return FileResponse(
        io.BytesIO(template_workbook(spec, context)),
        as_attachment=True,
        filename=name,
        content_type=XLSX_TYPE,
    )


@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(import_jobs_visible_to(request.user), pk=pk)
    spec = import_spec(job.kind)
    rows = job.report.get("rows", [])
    context = {
        "job": job, "spec": spec, "percent": services.live_progress(job), "refresh": job.busy,
        "rows": rows[:REPORT_SHOWN], "more": max(0, len(rows) - REPORT_SHOWN),
        "is_owner": job.created_by_id == request.user.pk,
    }  # fmt: skip
    return render(request, "imports/job.html", context)


@login_required
@require_POST
def job_run(request, pk: int):
    job = get_object_or_404(import_jobs_owned_by(request.user), pk=pk)
    only_valid = request.POST.get("only_valid") == "1"
    try:
        with transaction.atomic():
            background = services.import_job_start(actor=request.user, job=job, only_valid=only_valid)
            if background:
                transaction.on_commit(lambda: run_import_job(job.pk))
    except ValidationError as exc:
        job.refresh_from_db()
        rows = job.report.get("rows", [])
        context = {"job": job, "spec": import_spec(job.kind), "percent": services.live_progress(job),
                   "rows": rows[:REPORT_SHOWN], "more": max(0, len(rows) - REPORT_SHOWN),
                   "run_errors": exc.messages, "is_owner": True}  # fmt: skip
        return render(request, "imports/job.html", context, status=400)
    return redirect(job.get_absolute_url())


@login_required
def job_marked(request, pk: int):
    job = get_object_or_404(import_jobs_owned_by(request.user), pk=pk)
    if job.busy or not job.report.get("rows"):
        raise Http404
    with job.file.open("rb") as handle:
        data = marked_workbook(handle, job.report)
    stem = job.filename.rsplit(".", 1)[0]
    return FileResponse(
        io.BytesIO(data), as_attachment=True, filename=f"{stem}-{_('错误标注')}.xlsx", content_type=XLSX_TYPE
    )
