"""Pages of positions (岗位, Art. 21): the shared list, posting, the detail with its action panel, interest and
timeline; a postdoc's interest expressed and withdrawn; the exit destinations report."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from postdoc_base.directory.models import Bureau
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.oversight.employment import NEAR_TERM_END_MONTHS, is_open
from postdoc_base.web.pages import (
    errors_on_form,
    form_error_messages,
    int_param,
    page_of,
    refusal_messages,
    state_param,
)
from postdoc_base.web.transitions import action_panel_context, timeline_context

from . import services
from .enums import PositionState
from .forms import InterestForm, PositionForm, poster_choices, poster_of
from .permissions import position_manager
from .selectors import (
    DESTINATIONS,
    POSITION_LIST,
    exit_destinations_for,
    interests_visible_to,
    is_official,
    own_open_interests,
    positions_visible_to,
    postdoc_near_end,
)
from .workflow import position_workflow


def _filters(request) -> dict:
    return {
        "state": state_param(request, PositionState),
        "bureau": int_param(request.GET.get("bureau")),
    }


def _listed(request):
    """The list's rows for ``request`` (its scope and filters), shared with the export."""
    return POSITION_LIST.filter(positions_visible_to(request.user), **_filters(request))


@login_required
def position_list(request):
    near = postdoc_near_end(request.user)
    official = is_official(request.user)
    if near is None and not official:
        raise Http404
    filters = _filters(request)
    page = page_of(request, _listed(request))
    context = {
        "page": page,
        "page_obj": page,
        "states": PositionState.choices,
        "bureaus": Bureau.objects.all(),
        "state": filters["state"],
        "bureau": filters["bureau"] or "",
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "official": official,
        "may_post": bool(poster_choices(request.user)),
        "near": near,
        "near_months": NEAR_TERM_END_MONTHS,
        "own_interests": list(own_open_interests(request.user)) if near is not None else [],
    }
    return render(request, "oversight/positions/position_list.html", context)


@login_required
def position_create(request):
    choices = poster_choices(request.user)
    if not choices:
        raise Http404
    form = PositionForm(request.POST or None, poster_choices=choices, initial={"poster": choices[0][0]})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        poster = poster_of(data["poster"], request.user)
        if "bureau" not in poster and data["bureau"] is not None:
            poster["bureau"] = data["bureau"]
        try:
            position = services.position_post(
                actor=request.user, **poster, title=data["title"], employer=data["employer"],
                description=data["description"], requirements=data["requirements"], salary=data["salary"],
                contact=data["contact"], closes_on=data["closes_on"],
            )  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(request, gettext("已发布岗位。"))
            return HttpResponseRedirect(position.get_absolute_url())
    return render(request, "oversight/positions/form.html", {"form": form, "title": gettext("发布岗位")})


@login_required
def position_detail(request, pk):
    position = get_object_or_404(positions_visible_to(request.user), pk=pk)
    manages = position_manager(request.user, position) is not None
    interests = interests_visible_to(request.user, position)
    near = postdoc_near_end(request.user)
    own = None
    if near is not None and interests is not None:
        own = next(iter(interests), None)
    context = {
        "position": position,
        "manages": manages,
        "interests": list(interests) if manages else [],
        "near": near,
        "own_interest": own,
        "may_express": near is not None and near.ok and own is None
        and position.state == PositionState.PUBLISHED and is_open(position.closes_on, timezone.localdate()),
        "interest_form": InterestForm(),
        **action_panel_context(position_workflow, position, request.user),
        **timeline_context(position_workflow, position, user=request.user),
    }  # fmt: skip
    return render(request, "oversight/positions/position_detail.html", context)


@login_required
@require_POST
def interest_create(request, pk):
    position = get_object_or_404(positions_visible_to(request.user), pk=pk)
    form = InterestForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return HttpResponseRedirect(position.get_absolute_url())
    try:
        services.interest_express(actor=request.user, position=position, contact=form.cleaned_data["contact"],
                                  note=form.cleaned_data["note"])  # fmt: skip
    except (ValidationError, TransitionRefused) as error:
        refusal_messages(request, error)
    else:
        messages.success(request, gettext("已表达求职意向。"))
    return HttpResponseRedirect(position.get_absolute_url())


@login_required
@require_POST
def interest_withdraw(request, pk, interest_pk):
    position = get_object_or_404(positions_visible_to(request.user), pk=pk)
    interests = interests_visible_to(request.user, position)
    if interests is None:
        raise Http404
    interest = get_object_or_404(interests, pk=interest_pk)
    try:
        services.interest_withdraw(actor=request.user, interest=interest)
    except TransitionRefused as error:
        refusal_messages(request, error)
    else:
        messages.success(request, gettext("已撤回求职意向。"))
    return HttpResponseRedirect(position.get_absolute_url())


@login_required
def exit_destinations(request):
    year = int_param(request.GET.get("year"))
    rows = exit_destinations_for(request.user, year)
    if rows is None:
        raise Http404
    totals = [sum(col) for col in zip(*(r.cells for r in rows), strict=True)] if rows else []
    context = {
        "rows": rows,
        "destinations": DESTINATIONS,
        "totals": totals,
        "grand_total": sum(totals),
        "year": year or "",
        "query": urlencode({"year": year} if year else {}),
    }
    return render(request, "oversight/positions/exit_destinations.html", context)
