"""Pages of revocation cases (Art. 24): the list, the case with its timeline, keeping the base (the action panel)
and revoking it (the decision form: date and document number)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.pages import errors_on_form, state_list
from postdoc_base.web.transitions import action_panel_context, timeline_context

from . import services
from .enums import RevocationState
from .forms import RevokeForm
from .selectors import REVOCATION_LIST, revocations_visible_to
from .workflow import revocation_workflow


@login_required
def revocation_list(request):
    return state_list(
        request, REVOCATION_LIST, revocations_visible_to(request.user), RevocationState,
        "oversight/revocations/revocation_list.html",
    )  # fmt: skip


@login_required
def revocation_detail(request, pk):
    case = get_object_or_404(revocations_visible_to(request.user), pk=pk)
    form = None
    if revocation_workflow.permits(case, "revoke", request.user):
        form = RevokeForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                services.revocation_decide(
                    actor=request.user, case=case, revoked_on=data["revoked_on"],
                    document_number=data["document_number"], comment=data["comment"],
                )  # fmt: skip
            except (ValidationError, TransitionRefused) as error:
                errors_on_form(form, error)
            else:
                messages.success(request, gettext("已取消基地备案。"))
                return HttpResponseRedirect(case.get_absolute_url())
    context = {
        "case": case,
        "revoke_form": form,
        **action_panel_context(revocation_workflow, case, request.user),
        **timeline_context(revocation_workflow, case, user=request.user),
    }
    return render(request, "oversight/revocations/revocation_detail.html", context)
