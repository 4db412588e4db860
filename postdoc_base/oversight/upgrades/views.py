"""Pages of Art. 24's second sentence: the region records a workstation approval from the base file; the
treatment checklists (list, one checklist with its items, the unit's item form, the action panel)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.pages import errors_on_form, form_error_messages, refusal_messages, state_list
from postdoc_base.web.transitions import action_panel_context, timeline_context

from ..selectors import base_files_visible_to
from . import services
from .enums import ChecklistState
from .forms import TreatmentItemForm, WorkstationApprovalForm
from .models import TreatmentItem
from .permissions import checklist_assignment, workstation_recorder
from .selectors import CHECKLIST_LIST, checklists_visible_to
from .workflow import checklist_workflow


@login_required
def workstation_record(request, pk):
    base = get_object_or_404(base_files_visible_to(request.user), pk=pk)
    if workstation_recorder(request.user) is None:
        raise Http404
    form = WorkstationApprovalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.workstation_approval_record(
                actor=request.user, base=base, approved_on=data["approved_on"],
                document_number=data["document_number"], approver=data["approver"], uploaded=data.get("document"),
            )  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(request, gettext("已记录获批设立博士后科研工作站，基地资格已自动注销。"))
            return HttpResponseRedirect(reverse("oversight:base_file", args=[base.pk]))
    title = gettext("记录获批设立博士后科研工作站：%(name)s") % {"name": base.name}
    return render(
        request, "oversight/upgrades/workstation_form.html", {"form": form, "title": title, "base": base}
    )


# The unit's item writes in the checklist's history (services.treatment_item_record).
ITEM_EVENT = {"item_recorded": _("填写待遇补齐情况")}


@login_required
def treatment_list(request):
    return state_list(
        request, CHECKLIST_LIST, checklists_visible_to(request.user), ChecklistState,
        "oversight/upgrades/treatment_list.html",
    )  # fmt: skip


@login_required
def treatment_detail(request, pk):
    checklist = get_object_or_404(checklists_visible_to(request.user), pk=pk)
    editable = checklist.state == ChecklistState.OPEN and checklist_assignment(
        request.user, Role.UNIT_ADMIN, checklist
    )
    items = [
        {"item": i, "form": TreatmentItemForm(initial={"done_on": i.done_on, "note": i.note}, prefix=f"i{i.pk}")
         if editable else None}
        for i in checklist.items.all()
    ]  # fmt: skip
    context = {
        "checklist": checklist,
        "items": items,
        **action_panel_context(checklist_workflow, checklist, request.user),
        **timeline_context(checklist_workflow, checklist, ITEM_EVENT, user=request.user),
    }
    return render(request, "oversight/upgrades/treatment_detail.html", context)


@login_required
@require_POST
def treatment_item(request, pk, item_pk):
    checklist = get_object_or_404(checklists_visible_to(request.user), pk=pk)
    item = get_object_or_404(TreatmentItem, pk=item_pk, checklist=checklist)
    form = TreatmentItemForm(request.POST, prefix=f"i{item.pk}")
    if not form.is_valid():
        form_error_messages(request, form)
    else:
        try:
            services.treatment_item_record(actor=request.user, item=item, done_on=form.cleaned_data["done_on"],
                                           note=form.cleaned_data["note"])  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, gettext("已保存：%(item)s") % {"item": item.label})
    return HttpResponseRedirect(checklist.get_absolute_url())
