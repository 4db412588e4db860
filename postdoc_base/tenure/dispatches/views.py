"""Pages of dispatches (派出, Art. 16): the request from the appointment, the list, the decision and the
return."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.tenure import check_dispatch_overdue
from postdoc_base.web.pages import errors_on_form, refusal_messages, state_list
from postdoc_base.web.transitions import action_panel_context, timeline_context

from ..stay.permissions import postdoc_or_base
from ..stay.selectors import appointments_visible_to
from . import services
from .enums import DispatchState
from .forms import DispatchForm, DispatchReturnForm
from .selectors import DISPATCH_LIST, dispatches_visible_to
from .workflow import dispatch_workflow


@login_required
def dispatch_create(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    if postdoc_or_base(request.user, appointment) is None:
        raise Http404
    form = DispatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            dispatch = services.dispatch_request(
                actor=request.user, appointment=appointment, **form.cleaned_data
            )
        except (ValidationError, TransitionRefused) as refusal:
            errors_on_form(form, refusal)
        else:
            messages.success(request, gettext("已申请派出。"))
            return HttpResponseRedirect(dispatch.get_absolute_url())
    title = gettext("申请派出：%(name)s") % {"name": appointment.postdoc.name}
    return render(request, "tenure/stay/appointment_form.html", {"form": form, "title": title})


@login_required
def dispatch_list(request):
    return state_list(
        request, DISPATCH_LIST, dispatches_visible_to(request.user), DispatchState,
        "tenure/dispatches/dispatch_list.html",
    )  # fmt: skip


@login_required
def dispatch_detail(request, pk):
    dispatch = get_object_or_404(dispatches_visible_to(request.user), pk=pk)
    # The question dispatch_return_confirm's refusal answers (the base, while approved).
    can_return = dispatch_workflow.permits(dispatch, "confirm_return", request.user)
    overdue = None
    if dispatch.state in (DispatchState.APPROVED, DispatchState.RETURNED):
        finding = check_dispatch_overdue(
            dispatch.abroad, dispatch.planned_return, dispatch.returned_on, timezone.localdate()
        )
        overdue = None if finding.ok else finding
    context = {
        "dispatch": dispatch, "overdue": overdue, "return_form": DispatchReturnForm() if can_return else None,
        **action_panel_context(dispatch_workflow, dispatch, request.user),
        **timeline_context(dispatch_workflow, dispatch, user=request.user),
    }  # fmt: skip
    return render(request, "tenure/dispatches/dispatch_detail.html", context)


@require_POST
@login_required
def dispatch_return(request, pk):
    dispatch = get_object_or_404(dispatches_visible_to(request.user), pk=pk)
    form = DispatchReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写实际返回日期。"))
    else:
        try:
            services.dispatch_return_confirm(actor=request.user, dispatch=dispatch,
                                             returned_on=form.cleaned_data["returned_on"])  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, gettext("已确认返回。"))
    return HttpResponseRedirect(dispatch.get_absolute_url())
