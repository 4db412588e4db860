"""Page helpers shared by the features' views: refusal messages, and a scoped list filtered by ``?state=``."""

from django.shortcuts import render
from django.utils.http import urlencode

from postdoc_base.kernel.listing import ListSpec
from postdoc_base.web.pages import page_of


def _state_list(request, spec: ListSpec, qs, states, template: str):
    """A scoped list (declared by ``spec``) filtered by ``?state=`` (unknown values ignored), paginated."""
    state = request.GET.get("state") or ""
    state = state if state in states.values else ""
    page = page_of(request, spec.filter(qs, state=state))
    context = {
        "page": page,
        "page_obj": page,
        "states": states.choices,
        "state": state,
        "query": urlencode({"state": state} if state else {}),
    }
    return render(request, template, context)
