"""The public directory of filed bases (Art. 11(3) 予以备案并公布): no account needed; and the base file
(基地档案) that the region, the base's bureau and the base itself read (Arts. 6, 7, 24, 25)."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils.http import urlencode

from postdoc_base.directory.models import Bureau
from postdoc_base.web.pages import int_param, state_param, text_param
from postdoc_base.web.transitions import timeline_context

from . import overview
from .basefile import completeness_for, sections_for
from .enums import BaseState
from .permissions import may_read_base_file
from .selectors import (
    BASE_FILE_LIST,
    BASE_OVERVIEW,
    base_files_visible_to,
    bases_visible_to,
    filter_bases,
    search_bases,
)
from .workflow import base_workflow

PAGE_SIZE = 25


def base_list(request):
    q = text_param(request.GET.get("q"))
    bureau_id = int_param(request.GET.get("bureau"))
    qs = filter_bases(bases_visible_to(request.user), q=q or None, bureau_id=bureau_id)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("q", q), ("bureau", bureau_id or "")) if v})
    context = {
        "page": page,
        "q": q,
        "bureau_id": bureau_id,
        "bureaus": list(Bureau.objects.order_by("order", "id").values_list("pk", "name")),
        "query": query,
    }
    return render(request, "oversight/public_base_list.html", context)


def base_detail(request, pk):
    base = get_object_or_404(bases_visible_to(request.user), pk=pk)
    context = {"base": base, "may_read_file": may_read_base_file(request.user, base)}
    return render(request, "oversight/public_base_detail.html", context)


@login_required
def base_file_list(request):
    """The bases whose file the user may open, in every state (the region all, a bureau its own, a base its
    own), searchable and filtered by bureau and state."""
    q = text_param(request.GET.get("q"))
    bureau_id = int_param(request.GET.get("bureau"))
    state = state_param(request, BaseState)
    qs = BASE_FILE_LIST.filter(
        search_bases(base_files_visible_to(request.user), q or None), bureau=bureau_id, state=state
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in (("q", q), ("bureau", bureau_id or ""), ("state", state)) if v})
    context = {
        "page": page,
        "q": q,
        "bureau_id": bureau_id,
        "state": state,
        "states": BaseState.choices,
        "bureaus": list(Bureau.objects.order_by("order", "id").values_list("pk", "name")),
        "query": query,
    }
    return render(request, "oversight/base_file_list.html", context)


@login_required
def base_overview(request):
    """Art. 6: a bureau's bases (the region's, all) with their state and what each oversight feature says about
    them (``overview``): one page of bases, one query per column."""
    bureau_id = int_param(request.GET.get("bureau"))
    state = state_param(request, BaseState)
    qs = BASE_OVERVIEW.filter(base_files_visible_to(request.user), bureau=bureau_id, state=state)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "rows": overview.rows_for(list(page.object_list)),
        "columns": overview.columns(),
        "bureau_id": bureau_id,
        "state": state,
        "states": BaseState.choices,
        "bureaus": list(Bureau.objects.order_by("order", "id").values_list("pk", "name")),
        "query": urlencode({k: v for k, v in (("bureau", bureau_id or ""), ("state", state)) if v}),
    }
    return render(request, "oversight/base_overview.html", context)


@login_required
def base_file(request, pk):
    """The base file: the base's register entry, its duties met or missing, every registered section (each
    rendered from its own template and context), and the base's own timeline (revoked, cancelled)."""
    base = get_object_or_404(base_files_visible_to(request.user), pk=pk)
    sections = [
        {
            "key": filled.section.key,
            "title": filled.section.title,
            "article": filled.section.article,
            "html": render_to_string(filled.section.template, filled.context, request=request),
        }
        for filled in sections_for(base, request.user)
    ]
    context = {
        "base": base,
        "duties": completeness_for(base),
        "sections": sections,
        **timeline_context(base_workflow, base, user=request.user),
    }
    return render(request, "oversight/base_file.html", context)
