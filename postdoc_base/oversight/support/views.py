"""Pages of the leagues' and cities' support policies (配套支持政策, Arts. 6, 19): the scoped list, the policy's
page and its file, recording, correcting and deleting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from postdoc_base.directory.models import Bureau
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.pages import (
    errors_on_form,
    file_download,
    int_param,
    page_of,
    refusal_messages,
    text_param,
)

from . import services
from .forms import SupportPolicyForm
from .models import SupportPolicy
from .permissions import bureaus_kept_by, support_keeper
from .selectors import filter_support_policies, support_policies_visible_to

Q_MAX = SupportPolicy._meta.get_field("title").max_length


def _kept_bureaus(user):
    ids = bureaus_kept_by(user)
    qs = Bureau.objects.order_by("order", "id")
    return list(qs if ids is None else qs.filter(pk__in=ids))


@login_required
def support_list(request):
    """第六条, 第十九条: the support policies of the bureaus in the user's scope, newest first."""
    bureau = int_param(request.GET.get("bureau"))
    q = text_param(request.GET.get("q"), Q_MAX)
    page = page_of(
        request, filter_support_policies(support_policies_visible_to(request.user), bureau=bureau, q=q)
    )
    context = {
        "page": page, "page_obj": page, "bureau": bureau, "q": q, "q_max": Q_MAX,
        "bureaus": list(Bureau.objects.order_by("order", "id").values_list("pk", "name")),
        "query": urlencode({k: v for k, v in (("bureau", bureau), ("q", q)) if v}),
        "may_record": bool(bureaus_kept_by(request.user) != []),
    }  # fmt: skip
    return render(request, "oversight/support/support_list.html", context)


@login_required
def support_detail(request, pk):
    policy = get_object_or_404(support_policies_visible_to(request.user), pk=pk)
    may_keep = support_keeper(request.user, policy.bureau_id) is not None
    return render(request, "oversight/support/support_detail.html", {"policy": policy, "may_keep": may_keep})


@login_required
def support_file(request, pk):
    policy = get_object_or_404(support_policies_visible_to(request.user), pk=pk)
    return file_download(policy.file, policy.file_name, policy.file_type)


def _run(form, call):
    try:
        return call()
    except (ValidationError, TransitionRefused) as error:
        errors_on_form(form, error)
    return None


@login_required
def support_create(request):
    bureaus = _kept_bureaus(request.user)
    if not bureaus:
        raise Http404
    form = SupportPolicyForm(request.POST or None, request.FILES or None, bureaus=bureaus)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        bureau = next(b for b in bureaus if b.pk == data["bureau"])
        policy = _run(form, lambda: services.support_policy_create(
            actor=request.user, bureau=bureau, title=data["title"], document_number=data["document_number"],
            issued_on=data["issued_on"], summary=data["summary"], uploaded=data.get("file"),
        ))  # fmt: skip
        if policy is not None:
            messages.success(request, gettext("已记录配套支持政策。"))
            return HttpResponseRedirect(policy.get_absolute_url())
    title = gettext("记录配套支持政策")
    return render(request, "oversight/support/support_form.html", {"form": form, "title": title})


@login_required
def support_edit(request, pk):
    policy = get_object_or_404(support_policies_visible_to(request.user), pk=pk)
    if support_keeper(request.user, policy.bureau_id) is None:
        raise Http404
    initial = {name: getattr(policy, name) for name in ("title", "document_number", "issued_on", "summary")}
    form = SupportPolicyForm(request.POST or None, request.FILES or None, bureaus=[policy.bureau],
                             initial={**initial, "bureau": policy.bureau_id})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        fields = {k: data[k] for k in ("title", "document_number", "issued_on", "summary")}
        saved = _run(form, lambda: services.support_policy_update(
            actor=request.user, policy=policy, uploaded=data.get("file"), **fields))  # fmt: skip
        if saved is not None:
            messages.success(request, gettext("已更正配套支持政策。"))
            return HttpResponseRedirect(saved.get_absolute_url())
    title = gettext("更正配套支持政策：%(title)s") % {"title": policy.title}
    return render(
        request, "oversight/support/support_form.html", {"form": form, "title": title, "policy": policy}
    )


@login_required
@require_POST
def support_delete(request, pk):
    policy = get_object_or_404(support_policies_visible_to(request.user), pk=pk)
    if support_keeper(request.user, policy.bureau_id) is None:
        raise Http404
    try:
        services.support_policy_delete(actor=request.user, policy=policy)
    except TransitionRefused as refused:
        refusal_messages(request, refused)
        return HttpResponseRedirect(policy.get_absolute_url())
    messages.success(request, gettext("已删除配套支持政策。"))
    return HttpResponseRedirect(reverse("oversight:support_list"))
