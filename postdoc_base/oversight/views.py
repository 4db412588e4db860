"""The public directory of filed bases (Art. 11(3) 予以备案并公布): no account needed."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode

from postdoc_base.directory.models import Bureau
from postdoc_base.web.pages import int_param, text_param

from .selectors import bases_visible_to, filter_bases

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
    return render(request, "oversight/public_base_detail.html", {"base": base})
