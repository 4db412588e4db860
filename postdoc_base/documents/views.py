"""Pages of the documents app: issue a document from its item's page, download it (DOCX or PDF), and the
region administrator's templates page (download, replace, revert)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from postdoc_base.accounts.permissions import is_region_admin

from . import selectors, services
from .docx_render import CONTENT_TYPE
from .forms import TemplateUploadForm
from .kinds import DocumentKind
from .specs import SPECS

FORMATS = {"docx": CONTENT_TYPE, "pdf": "application/pdf"}


def _back(request, item) -> str:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return item.get_absolute_url()


def issue_and_fetch(request, kind: str, item_id: int) -> HttpResponse:
    """The route of an old download link (the round's filing notice): the latest document of ``kind`` issued for
    the item, as DOCX. Reading never issues (a number is allocated only by the POST of ``issue``): with none
    issued yet, back to the item's page, where the region administrator may issue it."""
    item = selectors.item_visible(request.user, kind, item_id)
    if item is None:
        raise Http404
    latest = selectors.documents_of(item).filter(kind=kind).first()
    if latest is None:
        messages.info(request, _("尚未印发公文，请先印发。"))
        return HttpResponseRedirect(item.get_absolute_url())
    return _file(latest, "docx")


@login_required
@require_POST
def issue(request, kind: str, item_id: int):
    if kind not in SPECS:
        raise Http404
    item = selectors.item_visible(request.user, kind, item_id)
    if item is None:
        raise Http404
    try:
        document = services.issue(actor=request.user, kind=kind, item=item)
    except PermissionDenied as error:
        messages.error(request, str(error) or _("您无权印发此公文。"))
    else:
        messages.success(request, _("已印发公文：%(number)s") % {"number": document.number or document.title})
    return HttpResponseRedirect(_back(request, item))


def _file(document, fmt: str) -> FileResponse:
    field = getattr(document, fmt)
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=f"{document.number or ''}{document.title}.{fmt}",
        content_type=FORMATS[fmt],
    )  # fmt: skip


@login_required
def download(request, pk: int, fmt: str):
    if fmt not in FORMATS:
        raise Http404
    document = selectors.document_visible_to(request.user, pk)
    if document is None:
        raise Http404
    return _file(document, fmt)


def _region_only(user) -> None:
    if not is_region_admin(user):
        raise Http404


@login_required
def template_list(request):
    _region_only(request.user)
    form = TemplateUploadForm()
    return render(
        request, "documents/template_list.html", {"rows": selectors.templates_in_force(), "form": form}
    )


@login_required
def template_download(request, kind: str):
    _region_only(request.user)
    if kind not in SPECS:
        raise Http404
    response = HttpResponse(selectors.template_bytes(kind), content_type=CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{kind}.docx"'
    return response


@login_required
@require_POST
def template_upload(request, kind: str):
    _region_only(request.user)
    if kind not in SPECS:
        raise Http404
    form = TemplateUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.upload_template(actor=request.user, kind=kind, uploaded=form.cleaned_data["file"])
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("已更换“%(kind)s”的模板。") % {"kind": DocumentKind(kind).label})
    else:
        messages.error(request, _("请选择要上传的模板文件（.docx）。"))
    return redirect("documents:templates")


@login_required
@require_POST
def template_revert(request, kind: str):
    _region_only(request.user)
    if kind not in SPECS:
        raise Http404
    services.revert_template(actor=request.user, kind=kind)
    messages.success(request, _("已恢复“%(kind)s”的默认模板。") % {"kind": DocumentKind(kind).label})
    return redirect("documents:templates")
