"""Pages of postdocs (Art. 13) and supervisors (Art. 15): records, the audited ID reveal, accounts, and the
person's own record."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.pages import errors_on_form, page_of, refusal_messages, text_param

from ..scoping import bases_managed_by
from . import services
from .forms import PersonAccountForm, PostdocForm, SupervisorForm
from .permissions import can_reveal_id, can_see_birth_date, is_recording_base_admin
from .selectors import (
    postdocs_managed_by,
    postdocs_visible_to,
    search_people,
    supervisors_managed_by,
    supervisors_visible_to,
)


@login_required
def postdoc_list(request):
    q = text_param(request.GET.get("q"))
    page = page_of(request, search_people(postdocs_visible_to(request.user), q))
    context = {"page": page, "page_obj": page, "q": q, "query": urlencode({"q": q} if q else {}),
               "can_create": bases_managed_by(request.user).exists()}  # fmt: skip
    return render(request, "tenure/people/postdoc_list.html", context)


def _postdoc_form_view(request, postdoc=None):
    bases = bases_managed_by(request.user)
    if not bases.exists():
        raise Http404
    initial = {}
    if postdoc is not None:  # the ID number is never put back into the page
        initial = {k: getattr(postdoc, k) for k in services.POSTDOC_FIELDS if k != "id_number"}
    form = PostdocForm(request.POST or None, bases=bases, editing=postdoc is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if postdoc is None:
                postdoc = services.postdoc_create(
                    actor=request.user, base=form.cleaned_data["base"], **form.service_fields()
                )
            else:
                postdoc = services.postdoc_update(
                    actor=request.user, postdoc=postdoc, **form.service_fields()
                )
        except ValidationError as e:
            errors_on_form(form, e)
        except TransitionRefused as refused:
            refusal_messages(request, refused)
        else:
            messages.success(request, gettext("博士后研究人员信息已保存。"))
            return HttpResponseRedirect(postdoc.get_absolute_url())
    return render(
        request, "tenure/people/person_form.html", {"form": form, "person": postdoc, "kind": "postdoc"}
    )


@login_required
def postdoc_create(request):
    return _postdoc_form_view(request)


@login_required
def postdoc_edit(request, pk):
    return _postdoc_form_view(request, get_object_or_404(postdocs_managed_by(request.user), pk=pk))


def _postdoc_page(request, postdoc, full_id: str = ""):
    user = request.user
    context = {"postdoc": postdoc, "full_id": full_id, "can_reveal": can_reveal_id(user, postdoc),
               "can_see_birth_date": can_see_birth_date(user, postdoc),
               "can_edit": is_recording_base_admin(user, postdoc)}  # fmt: skip
    return render(request, "tenure/people/postdoc_detail.html", context)


@login_required
def postdoc_detail(request, pk):
    return _postdoc_page(request, get_object_or_404(postdocs_visible_to(request.user), pk=pk))


@login_required
@require_POST
def postdoc_reveal_id(request, pk):
    """Shows the full ID number once (this response only) and records who saw it."""
    postdoc = get_object_or_404(postdocs_visible_to(request.user), pk=pk)
    if not can_reveal_id(request.user, postdoc):
        raise Http404
    full_id = services.postdoc_reveal_id(actor=request.user, postdoc=postdoc)
    response = _postdoc_page(request, postdoc, full_id)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_record(request):
    """我的信息: a postdoc's own record, or a supervisor's own record."""
    postdoc = postdocs_visible_to(request.user).filter(pk__in=request.user.scope_ids(Role.POSTDOC)).first()
    if postdoc is not None:
        return _postdoc_page(request, postdoc)
    supervisor = (
        supervisors_visible_to(request.user).filter(pk__in=request.user.scope_ids(Role.SUPERVISOR)).first()
    )
    if supervisor is None:
        raise Http404
    return render(request, "tenure/people/supervisor_detail.html", {"supervisor": supervisor})


def _account_view(request, person, create):
    form = PersonAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            errors_on_form(form, e)
        except TransitionRefused as refused:
            refusal_messages(request, refused)
        else:
            messages.success(request, gettext("账号已创建。"))
            return HttpResponseRedirect(person.get_absolute_url())
    return render(request, "tenure/people/person_account.html", {"form": form, "person": person})


@login_required
def postdoc_account(request, pk):
    postdoc = get_object_or_404(postdocs_managed_by(request.user), pk=pk)
    return _account_view(
        request, postdoc, lambda **kw: services.postdoc_account_create(postdoc=postdoc, **kw)
    )


@login_required
def supervisor_list(request):
    q = text_param(request.GET.get("q"))
    page = page_of(request, search_people(supervisors_visible_to(request.user), q))
    context = {"page": page, "page_obj": page, "q": q, "query": urlencode({"q": q} if q else {}),
               "can_create": bases_managed_by(request.user).exists()}  # fmt: skip
    return render(request, "tenure/people/supervisor_list.html", context)


def _supervisor_form_view(request, supervisor=None):
    bases = bases_managed_by(request.user)
    if not bases.exists():
        raise Http404
    initial = {}
    if supervisor is not None:
        initial = {"name": supervisor.name, "title": supervisor.title, "employer": supervisor.employer,
                   "side": supervisor.side, "station": supervisor.station_id, "expert": supervisor.expert_id,
                   "active": supervisor.active}  # fmt: skip
    form = SupervisorForm(request.POST or None, bases=bases, editing=supervisor is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if supervisor is None:
                supervisor = services.supervisor_create(
                    actor=request.user, base=form.cleaned_data["base"], **form.service_fields()
                )
            else:
                supervisor = services.supervisor_update(
                    actor=request.user, supervisor=supervisor, **form.service_fields()
                )
        except ValidationError as e:
            errors_on_form(form, e)
        except TransitionRefused as refused:
            refusal_messages(request, refused)
        else:
            messages.success(request, gettext("合作导师信息已保存。"))
            return HttpResponseRedirect(reverse("tenure:supervisor_list"))
    context = {"form": form, "person": supervisor, "kind": "supervisor"}
    return render(request, "tenure/people/person_form.html", context)


@login_required
def supervisor_create(request):
    return _supervisor_form_view(request)


@login_required
def supervisor_edit(request, pk):
    return _supervisor_form_view(request, get_object_or_404(supervisors_managed_by(request.user), pk=pk))


@login_required
def supervisor_account(request, pk):
    supervisor = get_object_or_404(supervisors_managed_by(request.user), pk=pk)
    return _account_view(
        request, supervisor, lambda **kw: services.supervisor_account_create(supervisor=supervisor, **kw)
    )
