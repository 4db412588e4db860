"""Pages of appointments (进基地: the tripartite agreement, entry and filing, Arts. 13-15) and term extensions
(延期, Art. 14); the appointment page gathers the outputs, exit and assessment sections."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from postdoc_base.accounts.enums import Role
from postdoc_base.exports.registry import xlsx_export
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.tenure import entry_filing_overdue, is_late
from postdoc_base.web.exports import choice_label
from postdoc_base.web.pages import errors_on_form, file_download, int_param, page_of, refusal_messages
from postdoc_base.web.transitions import action_panel_context, timeline_context

from ..assessments import views as assessment_views
from ..exits import views as exit_views
from ..exits.views import EXIT_EVENT_LABELS, _form_page
from ..outputs import views as output_views
from ..people.selectors import postdocs_managed_by
from ..permissions import base_admin_assignment
from ..scoping import bases_managed_by
from ..withdrawals.permissions import withdrawal_proposer
from . import services
from .enums import ACTIVE_APPOINTMENT_STATES, AppointmentState, ExtensionState
from .forms import AppointmentAgreementForm, AppointmentForm, EntryForm, ExtensionForm
from .permissions import postdoc_or_base
from .selectors import EXTENSION_LIST, appointments_visible_to, extensions_visible_to, filter_appointments
from .workflow import appointment_workflow, extension_term_findings, extension_workflow


# --- appointments (进基地, Arts. 13-15) -----------------------------------------------------------------
@login_required
def appointment_list(request):
    state = request.GET.get("state") or ""
    state = state if state in AppointmentState.values else ""
    base_id = int_param(request.GET.get("base"))
    qs = filter_appointments(appointments_visible_to(request.user), state=state, base_id=base_id)
    page = page_of(request, qs)
    query = urlencode({k: v for k, v in (("state", state), ("base", base_id or "")) if v})
    context = {"page": page, "page_obj": page, "states": AppointmentState.choices, "state": state,
               "base_id": base_id, "query": query, "can_create": bases_managed_by(request.user).exists()}  # fmt: skip
    return render(request, "tenure/stay/appointment_list.html", context)


@login_required
def appointment_create(request):
    bases = bases_managed_by(request.user)
    if not bases.exists():
        raise Http404
    topic_id = int_param(request.GET.get("topic"))
    initial = {"topic": str(topic_id)} if topic_id is not None else {}
    form = AppointmentForm(
        request.POST or None, bases=bases, postdocs=postdocs_managed_by(request.user), initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            appointment = services.appointment_create(
                actor=request.user,
                base=d["base"],
                postdoc=d["postdoc"],
                station=d["station"],
                topic=d["topic"],
            )
        except TransitionRefused as refused:
            errors_on_form(form, refused)
        else:
            messages.success(request, gettext("三方协议已草拟。"))
            return HttpResponseRedirect(appointment.get_absolute_url())
    return render(
        request, "tenure/stay/appointment_form.html", {"form": form, "title": gettext("新建进基地")}
    )


@login_required
def appointment_agreement(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    initial = {key: getattr(appointment, key) for key in services.APPOINTMENT_AGREEMENT_FIELDS}
    form = AppointmentAgreementForm(
        request.POST or None, request.FILES or None, appointment=appointment, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        uploaded = d.pop("document")
        try:
            services.appointment_update_agreement(actor=request.user, appointment=appointment,
                                                  uploaded=uploaded, **d)  # fmt: skip
        except (ValidationError, TransitionRefused) as refusal:
            errors_on_form(form, refusal)
        else:
            messages.success(request, gettext("三方协议已保存。"))
            return HttpResponseRedirect(appointment.get_absolute_url())
    return render(request, "tenure/stay/appointment_form.html", {"form": form, "title": gettext("三方协议")})


@login_required
def appointment_detail(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    # Art. 13(2): not yet reported and past the due date, or reported after it (the region's pace is not the
    # base's lateness).
    overdue = appointment.entry_date is not None and (
        (
            appointment.state == AppointmentState.ENTERED
            and entry_filing_overdue(appointment.entry_date, timezone.localdate())
        )
        or (
            appointment.state == AppointmentState.FILING_SUBMITTED
            and is_late(appointment.entry_date, appointment.entry_filing_submitted_on or timezone.localdate())
        )
    )
    # The same question the entry service's refusal answers: the partner station's contact, while signed.
    can_enter = appointment_workflow.permits(appointment, "complete_entry", request.user)
    context = {
        "appointment": appointment, "overdue": overdue, "entry_form": EntryForm() if can_enter else None,
        # appointment_update_agreement refuses everyone else (tenure.permissions._base_admin) and other states.
        "can_edit": appointment.state == AppointmentState.DRAFTED
        and base_admin_assignment(request.user, appointment.base) is not None,
        "can_propose_withdrawal": appointment.state in ACTIVE_APPOINTMENT_STATES
        and withdrawal_proposer(request.user, appointment) is not None,
        "can_request_dispatch": appointment.state == AppointmentState.IN_BASE
        and postdoc_or_base(request.user, appointment) is not None,
        **action_panel_context(appointment_workflow, appointment, request.user),
        **timeline_context(appointment_workflow, appointment, APPOINTMENT_EVENT_LABELS, user=request.user),
    }  # fmt: skip
    # Each area of the stay (outputs and pay, extensions and exit, assessments) adds its own section.
    for section in (output_views, exit_views, assessment_views):
        context.update(section.appointment_section(request, appointment))
    return render(request, "tenure/stay/appointment_detail.html", context)


# Events written by services outside a transition, labelled on the appointment's timeline.
APPOINTMENT_EVENT_LABELS = {
    "create": gettext_lazy("草拟三方协议"),
    "update_agreement": gettext_lazy("修改三方协议"),
    "set_entry_date": gettext_lazy("填写进基地日期"),
    **EXIT_EVENT_LABELS,
}


@login_required
@require_POST
def appointment_entry(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    form = EntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写进基地日期。"))
    else:
        try:
            services.entry_complete(actor=request.user, appointment=appointment,
                                    entry_date=form.cleaned_data["entry_date"])  # fmt: skip
        except TransitionRefused as refused:
            refusal_messages(request, refused)
        else:
            messages.success(request, gettext("已办理进基地。"))
    return HttpResponseRedirect(appointment.get_absolute_url())


@login_required
def appointment_document(request, pk):
    a = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    return file_download(a.document, a.document_name, a.document_type)


# --- term extensions (延期, Art. 14) ---------------------------------------------------------------------
def _extension_state(request) -> str:
    """``?state=`` of the extension list and its export; unknown values are ignored."""
    state = request.GET.get("state") or ""
    return state if state in ExtensionState.values else ""


def _extensions(request, state: str):
    return EXTENSION_LIST.filter(extensions_visible_to(request.user), state=state)


def _requested_by_label(extension) -> str:
    role = extension.requested_by_role
    return str(Role(role).label) if role in Role.values else role


EXTENSION_COLUMNS = (
    (_("博士后研究人员"), lambda e: e.appointment.postdoc.name),
    (_("基地"), lambda e: e.appointment.base.name),
    (_("延期（月）"), lambda e: e.months),
    (_("承担重大项目"), lambda e: gettext("是") if e.has_major_project else gettext("否")),
    (_("申请方"), _requested_by_label),
    (_("状态"), choice_label("state")),
    (_("申请日期"), lambda e: timezone.localdate(e.created_at)),  # Excel takes no time zones
    (_("确认日期"), lambda e: e.decided_on),
)


@login_required
def extension_list(request):
    state = _extension_state(request)
    page = page_of(request, _extensions(request, state))
    context = {"page": page, "page_obj": page, "states": ExtensionState.choices, "state": state,
               "query": urlencode({"state": state} if state else {})}  # fmt: skip
    return render(request, "tenure/stay/extension_list.html", context)


@xlsx_export("extensions", columns=EXTENSION_COLUMNS, sheet=_("延期"), filename_prefix="extensions")
def extension_export(request):
    """The extension list (延期, Art. 14) as .xlsx: the same scope and ``?state=`` filter as the page."""
    return _extensions(request, _extension_state(request))


@login_required
def extension_detail(request, pk):
    extension = get_object_or_404(extensions_visible_to(request.user), pk=pk)
    context = {
        "extension": extension,
        "term_findings": extension_term_findings(extension),
        "requested_by_label": _requested_by_label(extension),
        **action_panel_context(extension_workflow, extension, request.user),
        **timeline_context(extension_workflow, extension, EXIT_EVENT_LABELS, user=request.user),
    }
    return render(request, "tenure/stay/extension_detail.html", context)


@login_required
def extension_create(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    if postdoc_or_base(request.user, appointment) is None:
        raise Http404
    form = ExtensionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            extension = services.extension_request(
                actor=request.user, appointment=appointment, **form.cleaned_data
            )
        except (ValidationError, TransitionRefused) as refusal:
            errors_on_form(form, refusal)
        else:
            messages.success(request, gettext("已申请延期。"))
            return HttpResponseRedirect(extension.get_absolute_url())
    title = gettext("申请延期：%(name)s") % {"name": appointment.postdoc.name}
    return _form_page(request, form, title, appointment)
