"""Pages of a base's Art. 7 records: the duties page (every reader of the base file; administrators masked for
the bureau) and the keeper's forms (the base's unit administrator; 404 for anyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.pages import errors_on_form, file_download, refusal_messages

from ..selectors import base_files_visible_to
from . import services
from .forms import AdministratorForm, MemberForm, OfficeForm, RulesForm
from .models import CommitteeMember, DutyAdministrator, ManagementOffice, ManagementRules
from .permissions import base_keeper_assignment
from .selectors import administrators_for, duties_of


def _readable(request, pk):
    return get_object_or_404(base_files_visible_to(request.user), pk=pk)


def _kept(request, pk):
    base = _readable(request, pk)
    if base_keeper_assignment(request.user, base) is None:
        raise Http404
    return base


def _back(base) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("oversight:duties", args=[base.pk]))


@login_required
def duties_page(request, pk):
    base = _readable(request, pk)
    duties = duties_of(base)
    context = {
        "base": base,
        "duties": duties,
        "administrators": administrators_for(request.user, base, duties.administrators),
        "can_keep": base_keeper_assignment(request.user, base) is not None,
    }
    return render(request, "oversight/duties/duties.html", context)


def _form_page(request, base, form, title: str, save, done: str):
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(request, done)
            return _back(base)
    context = {"base": base, "form": form, "title": title}
    return render(request, "oversight/duties/form.html", context)


@login_required
def office_edit(request, pk):
    base = _kept(request, pk)
    office = ManagementOffice.objects.filter(base=base).first()
    initial = {"name": office.name, "head": office.head, "phone": office.phone} if office else None
    form = OfficeForm(request.POST or None, initial=initial)
    return _form_page(
        request, base, form, gettext("博士后管理机构"),
        lambda data: services.office_save(actor=request.user, base=base, **data), gettext("已保存博士后管理机构。"),
    )  # fmt: skip


@login_required
def rules_add(request, pk):
    base = _kept(request, pk)
    form = RulesForm(request.POST or None, request.FILES or None)
    return _form_page(
        request, base, form, gettext("上传博士后管理制度"),
        lambda data: services.rules_add(
            actor=request.user, base=base, title=data["title"], adopted_on=data["adopted_on"],
            uploaded=data["document"],
        ),
        gettext("已上传博士后管理制度。"),
    )  # fmt: skip


@login_required
def rules_file(request, pk, rid):
    base = _readable(request, pk)
    rules = get_object_or_404(ManagementRules, base=base, pk=rid)
    return file_download(rules.document, rules.document_name, rules.document_type)


@login_required
def administrator_add(request, pk):
    base = _kept(request, pk)
    form = AdministratorForm(request.POST or None)
    return _form_page(
        request, base, form, gettext("添加专门管理人员"),
        lambda data: services.administrator_add(actor=request.user, base=base, **data),
        gettext("已添加专门管理人员。"),
    )  # fmt: skip


@login_required
def administrator_edit(request, pk, rid):
    base = _kept(request, pk)
    person = get_object_or_404(DutyAdministrator, base=base, pk=rid)
    initial = {"name": person.name, "position": person.position, "phone": person.phone}
    form = AdministratorForm(request.POST or None, initial=initial)
    return _form_page(
        request, base, form, gettext("修改专门管理人员"),
        lambda data: services.administrator_update(actor=request.user, administrator=person, **data),
        gettext("已保存专门管理人员。"),
    )  # fmt: skip


@login_required
def member_add(request, pk):
    base = _kept(request, pk)
    form = MemberForm(request.POST or None)
    return _form_page(
        request, base, form, gettext("添加专家学术委员会成员"),
        lambda data: services.member_add(actor=request.user, base=base, **data),
        gettext("已添加专家学术委员会成员。"),
    )  # fmt: skip


@login_required
def member_edit(request, pk, rid):
    base = _kept(request, pk)
    member = get_object_or_404(CommitteeMember, base=base, pk=rid)
    initial = {
        "name": member.name,
        "title": member.title,
        "affiliation": member.affiliation,
        "role": member.role,
    }
    form = MemberForm(request.POST or None, initial=initial)
    return _form_page(
        request, base, form, gettext("修改专家学术委员会成员"),
        lambda data: services.member_update(actor=request.user, member=member, **data),
        gettext("已保存专家学术委员会成员。"),
    )  # fmt: skip


def _remove(request, base, remove, done: str):
    try:
        remove()
    except TransitionRefused as refused:
        refusal_messages(request, refused)
    else:
        messages.success(request, done)
    return _back(base)


@login_required
@require_POST
def administrator_remove(request, pk, rid):
    base = _kept(request, pk)
    person = get_object_or_404(DutyAdministrator, base=base, pk=rid)
    return _remove(
        request, base, lambda: services.administrator_remove(actor=request.user, administrator=person),
        gettext("已删除专门管理人员。"),
    )  # fmt: skip


@login_required
@require_POST
def member_remove(request, pk, rid):
    base = _kept(request, pk)
    member = get_object_or_404(CommitteeMember, base=base, pk=rid)
    return _remove(
        request, base, lambda: services.member_remove(actor=request.user, member=member),
        gettext("已删除专家学术委员会成员。"),
    )  # fmt: skip
