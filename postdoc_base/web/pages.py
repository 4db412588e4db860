"""Small helpers every page module shares: paging, putting a service's refusal on a form, file downloads."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.http import urlencode

from postdoc_base.kernel.bounds import ID_MAX
from postdoc_base.kernel.listing import ListSpec
from postdoc_base.kernel.workflow import TransitionRefused

from .transitions import finding_text

PAGE_SIZE = 25


def int_param(value) -> int | None:
    """A whole number typed into a query or form field, else None. ``str.isdigit`` alone lets through digits
    ``int`` rejects ("²"), and a number past any id would overflow the database: junk in a filter is ignored,
    never a 500."""
    value = str(value or "").strip()
    if not (value.isascii() and value.isdigit()) or len(value) > len(str(ID_MAX)):
        return None
    number = int(value)
    return number if number <= ID_MAX else None


SEARCH_MAX = 200  # the longest name a search box matches (units, bases, people)


def text_param(value, max_length: int = SEARCH_MAX) -> str:
    """A search box's text: trimmed, without NUL (PostgreSQL refuses it in a query: a 500, not "no rows"),
    at most ``max_length`` characters."""
    return str(value or "").replace("\x00", "").strip()[:max_length]


def page_of(request, qs, size: int = PAGE_SIZE):
    """The ``?page=`` page of ``qs`` (out-of-range and junk values give the nearest real page)."""
    return Paginator(qs, size).get_page(request.GET.get("page"))


def refusal_messages(request, error: ValidationError | TransitionRefused) -> None:
    """A service's refusal shown on the page the view redirects to: each finding of a refused step with its
    article, each message of a validation error, as an error message. (A form shown again takes them on the
    form instead: ``errors_on_form``.)"""
    if isinstance(error, TransitionRefused):
        for finding in error.findings:
            messages.error(request, finding_text(finding))
    else:
        for message in error.messages:
            messages.error(request, message)


def form_error_messages(request, form) -> None:
    """An inline form posted from an item's page, found invalid: its errors as error messages on that page."""
    for errors in form.errors.values():
        for message in errors:
            messages.error(request, message)


def state_param(request, states) -> str:
    """``?state=`` as the lists and their exports read it: a value of ``states`` (a TextChoices), else ""."""
    state = request.GET.get("state") or ""
    return state if state in states.values else ""


def state_list(request, spec: ListSpec, qs, states, template: str):
    """A scoped list (declared by ``spec``) filtered by ``?state=`` (unknown values ignored), paginated."""
    state = state_param(request, states)
    page = page_of(request, spec.filter(qs, state=state))
    context = {
        "page": page,
        "page_obj": page,
        "states": states.choices,
        "state": state,
        "query": urlencode({"state": state} if state else {}),
    }
    return render(request, template, context)


def errors_on_form(form, error: ValidationError | TransitionRefused) -> None:
    """Shows a service's refusal on the form: field errors next to their fields, the rest (and each
    finding of a refused transition, with its article) at the top."""
    if isinstance(error, TransitionRefused):
        for finding in error.findings:
            form.add_error(None, finding_text(finding))
    elif hasattr(error, "error_dict"):
        for field, errs in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errs)
    else:
        form.add_error(None, error.messages)


def file_download(field, name: str, content_type: str) -> FileResponse:
    """A stored upload as an attachment under its original name; 404 when nothing was uploaded or the stored
    file has gone missing (a server error would tell the user nothing they can act on)."""
    if not field:
        raise Http404
    try:
        stored = field.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(stored, as_attachment=True, filename=name, content_type=content_type)
