"""Core pages: sign-in, the workbench (工作台), the inbox and the public eligibility self-check."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from postdoc_base.accounts.forms import LoginForm
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.selectors import applications_visible_to
from postdoc_base.kernel.calendar import missing_schedule_years
from postdoc_base.kernel.models import DateMeaning
from postdoc_base.kernel.params import establishment_params
from postdoc_base.kernel.selectors import notifications_for, obligations_for
from postdoc_base.kernel.services import notifications_mark_read
from postdoc_base.policy.establishment import eligibility
from postdoc_base.policy.identifiers import check_uscc
from postdoc_base.web.pages import int_param

from .forms import SelfCheckForm

PAGE_SIZE = 25
TODO_LIMIT = 100


class LoginView(auth_views.LoginView):
    """Sign-in through ``accounts.signin`` (the API token endpoint uses the same); a refusal for too many
    failures from the visitor's address is answered 429 with the form."""

    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if form.has_error(NON_FIELD_ERRORS, "rate_limited"):
            response.status_code = 429
        return response

    def form_valid(self, form):
        response = super().form_valid(form)
        # The session ends when the browser closes, and in any case after SESSION_COOKIE_AGE seconds.
        self.request.session.set_expiry(
            0 if settings.SESSION_EXPIRE_AT_BROWSER_CLOSE else settings.SESSION_COOKIE_AGE
        )
        return response


class LogoutView(auth_views.LogoutView):
    """POST only (Django's LogoutView refuses GET)."""


@login_required
def home(request):
    user = request.user
    today = timezone.localdate()
    todos = list(obligations_for(user)[: TODO_LIMIT + 1])
    counts = dict(
        applications_visible_to(user)
        .order_by()
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    state_counts = [
        (value, label, counts[value]) for value, label in ApplicationState.choices if counts.get(value)
    ]
    return render(
        request,
        "web/home.html",
        {
            "todos": todos[:TODO_LIMIT],
            "todos_truncated": len(todos) > TODO_LIMIT,
            "today": today,
            "date_from": DateMeaning.FROM,  # an item one may act on from its date (起办), not by it (截止)
            "state_counts": state_counts,
            "application_total": sum(counts.values()),
            "assignments": user.assignments,
            "calendar_missing": missing_schedule_years(today) if is_region_admin(user) else [],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def inbox(request):
    mine = notifications_for(request.user)
    if request.method == "POST":
        if request.POST.get("all"):
            notifications_mark_read(actor=request.user)
        elif (pk := int_param(request.POST.get("id"))) is not None:
            notifications_mark_read(actor=request.user, ids=[pk])
        page = int_param(request.POST.get("page"))
        return redirect(f"{request.path}?page={page}" if page is not None else request.path)
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "web/inbox.html", {"page_obj": page})


@require_http_methods(["GET", "POST"])
def public_selfcheck(request):
    """Anyone may check the Art. 2, 9, 10 and 24 conditions against their own answers; nothing is stored."""
    today = timezone.localdate()
    context = {"today": today}
    if request.method == "POST":
        form = SelfCheckForm(request.POST)
        if form.is_valid():
            uscc_finding = check_uscc(form.cleaned_data["uscc"])
            report = eligibility(form.facts(uscc_ok=uscc_finding.ok), today, establishment_params(today))
            context.update(
                report=report,
                uscc_finding=uscc_finding,
                eligible=report.eligible and uscc_finding.ok,
                claimed=bool(report.priority_findings),
            )
    else:
        form = SelfCheckForm()
    context["form"] = form
    return render(request, "web/selfcheck.html", context)
