"""Pages of withdrawal cases (退出基地, Art. 23): proposing one from the appointment, the list, the decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext

from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.pages import errors_on_form, file_download, refusal_messages, state_list
from postdoc_base.web.transitions import action_panel_context, timeline_context

from ..stay.selectors import appointments_visible_to
from . import services
from .enums import WithdrawalState
from .forms import WithdrawalForm
from .permissions import withdrawal_proposer
from .selectors import WITHDRAWAL_LIST, withdrawals_visible_to
from .workflow import withdrawal_workflow


@login_required
def withdrawal_create(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    if withdrawal_proposer(request.user, appointment) is None:
        raise Http404
    form = WithdrawalForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.withdrawal_propose(
                actor=request.user, appointment=appointment, reason=data["reason"], facts=data["facts"],
                uploaded=data.get("evidence"),
            )  # fmt: skip
        except ValidationError as error:
            errors_on_form(form, error)
        except TransitionRefused as refused:
            refusal_messages(request, refused)
        else:
            messages.success(request, gettext("已提出退出基地。"))
            return HttpResponseRedirect(case.get_absolute_url())
    title = gettext("提出退出基地：%(name)s") % {"name": appointment.postdoc.name}
    return render(request, "tenure/stay/appointment_form.html", {"form": form, "title": title})


@login_required
def withdrawal_list(request):
    return state_list(
        request,
        WITHDRAWAL_LIST,
        withdrawals_visible_to(request.user),
        WithdrawalState,
        "tenure/withdrawals/withdrawal_list.html",
    )


@login_required
def withdrawal_detail(request, pk):
    case = get_object_or_404(withdrawals_visible_to(request.user), pk=pk)
    context = {
        "case": case,
        **action_panel_context(withdrawal_workflow, case, request.user),
        **timeline_context(withdrawal_workflow, case, user=request.user),
    }
    return render(request, "tenure/withdrawals/withdrawal_detail.html", context)


@login_required
def withdrawal_evidence(request, pk):
    case = get_object_or_404(withdrawals_visible_to(request.user), pk=pk)
    return file_download(case.evidence, case.evidence_name, case.evidence_type)
