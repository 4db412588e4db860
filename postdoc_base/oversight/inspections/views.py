"""Pages of self-inspections (自查, Art. 25): the scoped list, opening one, its detail with issues, action panel,
comments and timeline, and the issue forms."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.pages import (
    errors_on_form,
    file_download,
    form_error_messages,
    int_param,
    page_of,
    refusal_messages,
    state_param,
)
from postdoc_base.web.transitions import action_panel_context, timeline_context

from ..enums import BaseState
from ..selectors import base_files_visible_to
from . import services
from .enums import InspectionState
from .forms import CommentForm, FixForm, InspectionForm, IssueForm
from .models import InspectionIssue
from .permissions import inspection_commenter, inspection_keeper
from .selectors import INSPECTION_LIST, inspections_visible_to, with_issue_counts, with_issues_and_comments
from .workflow import inspection_workflow

# The audited writes of an inspection that are not steps of its workflow, for its timeline.
EVENT_LABELS = {"issue_add": _("登记问题"), "issue_fix": _("登记整改完成"), "comment": _("评论")}


def bases_kept_by(user):
    """The active bases whose self-inspections ``user`` opens: its units' (unit administrator)."""
    if not getattr(user, "is_authenticated", False):
        return base_files_visible_to(user)
    return base_files_visible_to(user).filter(
        scope_q(user, Role.UNIT_ADMIN, "unit_id"), state=BaseState.ACTIVE
    )


@login_required
def inspection_list(request):
    state = state_param(request, InspectionState)
    year = int_param(request.GET.get("year"))
    qs = INSPECTION_LIST.filter(
        with_issue_counts(inspections_visible_to(request.user)), state=state, year=year
    )
    page = page_of(request, qs)
    filters = {k: v for k, v in (("state", state), ("year", year or "")) if v}
    context = {
        "page": page,
        "page_obj": page,
        "states": InspectionState.choices,
        "state": state,
        "year": year or "",
        "query": urlencode(filters),
        "may_open": bases_kept_by(request.user).exists(),
    }
    return render(request, "oversight/inspections/inspection_list.html", context)


@login_required
def inspection_create(request):
    bases = bases_kept_by(request.user)
    if not bases.exists():
        raise Http404
    initial = {"year": timezone.localdate().year, "half": 0}
    if base_id := int_param(request.GET.get("base")):
        initial["base"] = base_id
    form = InspectionForm(request.POST or None, bases=bases, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inspection = services.inspection_open(
                actor=request.user,
                base=data["base"],
                year=data["year"],
                half=data["half"],
                summary=data["summary"],
            )
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(request, gettext("已登记自查。"))
            return HttpResponseRedirect(inspection.get_absolute_url())
    return render(request, "oversight/inspections/form.html", {"form": form, "title": gettext("开展自查")})


@login_required
def inspection_detail(request, pk):
    inspection = get_object_or_404(with_issues_and_comments(inspections_visible_to(request.user)), pk=pk)
    keeps = inspection_keeper(request.user, inspection.base) is not None
    context = {
        "inspection": inspection,
        "issues": list(inspection.issues.all()),
        "comments": list(inspection.comments.all()),
        "can_keep": keeps and inspection.state == InspectionState.OPEN,
        "can_comment": inspection_commenter(request.user, inspection) is not None,
        "comment_form": CommentForm(),
        **action_panel_context(inspection_workflow, inspection, request.user),
        **timeline_context(inspection_workflow, inspection, EVENT_LABELS, user=request.user),
    }
    return render(request, "oversight/inspections/inspection_detail.html", context)


def _kept_inspection(request, pk):
    """The inspection for a keeper's form: 404 outside the user's scope or when the user does not keep it."""
    inspection = get_object_or_404(inspections_visible_to(request.user), pk=pk)
    if inspection_keeper(request.user, inspection.base) is None:
        raise Http404
    return inspection


@login_required
def issue_create(request, pk):
    inspection = _kept_inspection(request, pk)
    form = IssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.issue_add(actor=request.user, inspection=inspection, description=data["description"],
                               action=data["action"], deadline=data["deadline"])  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(request, gettext("已登记问题。"))
            return HttpResponseRedirect(inspection.get_absolute_url())
    title = gettext("登记问题：%(name)s") % {"name": str(inspection)}
    return render(request, "oversight/inspections/form.html", {"form": form, "title": title})


@login_required
def issue_fix(request, pk, issue_pk):
    inspection = _kept_inspection(request, pk)
    issue = get_object_or_404(InspectionIssue.objects.filter(inspection=inspection), pk=issue_pk)
    issue.inspection = inspection
    form = FixForm(request.POST or None, request.FILES or None, initial={"fixed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.issue_fix(actor=request.user, issue=issue, fixed_on=data["fixed_on"], fix_note=data["fix_note"],
                               uploaded=data.get("evidence"))  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(request, gettext("已登记整改完成。"))
            return HttpResponseRedirect(inspection.get_absolute_url())
    title = gettext("登记整改完成：%(issue)s") % {"issue": str(issue)}
    return render(request, "oversight/inspections/form.html", {"form": form, "title": title, "issue": issue})


@login_required
@require_POST
def inspection_comment(request, pk):
    inspection = get_object_or_404(inspections_visible_to(request.user), pk=pk)
    form = CommentForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return HttpResponseRedirect(inspection.get_absolute_url())
    try:
        services.inspection_comment(actor=request.user, inspection=inspection, body=form.cleaned_data["body"])
    except (ValidationError, TransitionRefused) as error:
        refusal_messages(request, error)
    else:
        messages.success(request, gettext("已发表评论。"))
    return HttpResponseRedirect(inspection.get_absolute_url())


@login_required
def issue_evidence(request, pk, issue_pk):
    inspection = get_object_or_404(inspections_visible_to(request.user), pk=pk)
    issue = get_object_or_404(InspectionIssue.objects.filter(inspection=inspection), pk=issue_pk)
    return file_download(issue.evidence, issue.evidence_name, issue.evidence_type)
