"""Pages: a base's agreements, topics and interests; the public topics board (no account needed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_POST

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.models import Bureau
from postdoc_base.kernel.ratelimit import client_ip
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.pages import errors_on_form, file_download, int_param, page_of
from postdoc_base.web.transitions import (
    action_panel_context,
    apply_transition,
    finding_text,
    timeline_context,
)

from . import assessment_views, exit_views, output_views, services
from .enums import ACTIVE_APPOINTMENT_STATES, TopicKind
from .forms import AgreementForm, InterestForm, PersonAccountForm, PostdocForm, SupervisorForm, TopicForm
from .selectors import (
    agreements_visible_to,
    bases_managed_by,
    filter_topics,
    interests_visible_to,
    postdocs_managed_by,
    postdocs_visible_to,
    public_topics,
    search_people,
    supervisors_managed_by,
    supervisors_visible_to,
    topics_managed_by,
)
from .workflow import agreement_workflow, interest_workflow, topic_workflow

PAGE_SIZE = 25


def _refused(request, refused: TransitionRefused) -> None:
    for finding in refused.findings:
        messages.error(request, finding_text(finding))


def _state_list(request, qs, states, template: str):
    """A scoped list filtered by ``?state=`` (unknown values ignored), paginated."""
    state = request.GET.get("state") or ""
    state = state if state in states.values else ""
    if state:
        qs = qs.filter(state=state)
    page = page_of(request, qs)
    context = {
        "page": page,
        "page_obj": page,
        "states": states.choices,
        "state": state,
        "query": urlencode({"state": state} if state else {}),
    }
    return render(request, template, context)


# --- agreements ----------------------------------------------------------------------------------------
@login_required
def agreement_list(request):
    page = page_of(request, agreements_visible_to(request.user))
    can_create = bases_managed_by(request.user).exists()
    return render(
        request, "tenure/agreement_list.html", {"page": page, "page_obj": page, "can_create": can_create}
    )


@login_required
def agreement_create(request):
    bases = bases_managed_by(request.user)
    if not bases.exists():
        raise Http404
    form = AgreementForm(request.POST or None, request.FILES or None, bases=bases)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            agreement = services.agreement_create(
                actor=request.user, base=d["base"], station=d["station"], starts_on=d["starts_on"],
                ends_on=d["ends_on"], supervisors_offered=d["supervisors_offered"], notes=d["notes"],
                uploaded=d["document"],
            )  # fmt: skip
        except ValidationError as e:
            errors_on_form(form, e)
        except TransitionRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, gettext("合作协议已创建。"))
            return HttpResponseRedirect(agreement.get_absolute_url())
    return render(request, "tenure/agreement_form.html", {"form": form})


@login_required
def agreement_detail(request, pk):
    agreement = get_object_or_404(agreements_visible_to(request.user), pk=pk)
    context = {"agreement": agreement, **action_panel_context(agreement_workflow, agreement, request.user),
               **timeline_context(agreement_workflow, agreement, user=request.user)}  # fmt: skip
    return render(request, "tenure/agreement_detail.html", context)


@login_required
@require_POST
def agreement_transition(request, pk):
    agreement = get_object_or_404(agreements_visible_to(request.user), pk=pk)
    return apply_transition(request, agreement_workflow, agreement, agreement.get_absolute_url())


@login_required
def agreement_document(request, pk):
    a = get_object_or_404(agreements_visible_to(request.user), pk=pk)
    return file_download(a.document, a.document_name, a.document_type)


# --- topics (the base's own) ---------------------------------------------------------------------------
@login_required
def topic_list(request):
    page = page_of(request, topics_managed_by(request.user))
    can_create = bases_managed_by(request.user).exists()
    return render(
        request, "tenure/topic_list.html", {"page": page, "page_obj": page, "can_create": can_create}
    )


def _topic_form_view(request, topic=None):
    bases = bases_managed_by(request.user)
    if not bases.exists():
        raise Http404
    initial = {}
    if topic is not None:
        initial = {"base": topic.base_id, "kind": topic.kind, "title": topic.title, "fields_": topic.fields,
                   "description": topic.description, "annual_pay_yuan": topic.annual_pay_yuan,
                   "term_months": topic.term_months, "station": topic.station_id}  # fmt: skip
    form = TopicForm(request.POST or None, bases=bases, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if topic is None:
                topic = services.topic_create(
                    actor=request.user, base=form.cleaned_data["base"], **form.service_fields()
                )
            else:
                topic = services.topic_update(actor=request.user, topic=topic, **form.service_fields())
        except ValidationError as e:
            errors_on_form(form, e)
        except TransitionRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, gettext("课题已保存。"))
            return HttpResponseRedirect(topic.get_absolute_url())
    return render(request, "tenure/topic_form.html", {"form": form, "topic": topic})


@login_required
def topic_create(request):
    return _topic_form_view(request)


@login_required
def topic_edit(request, pk):
    topic = get_object_or_404(topics_managed_by(request.user), pk=pk)
    return _topic_form_view(request, topic)


@login_required
def topic_detail(request, pk):
    topic = get_object_or_404(topics_managed_by(request.user), pk=pk)
    context = {"topic": topic, "pay_warning": services.pay_warning(topic),
               "interest_count": interests_visible_to(request.user).filter(topic=topic).count(),
               **action_panel_context(topic_workflow, topic, request.user),
               **timeline_context(topic_workflow, topic, user=request.user)}  # fmt: skip
    return render(request, "tenure/topic_detail.html", context)


@login_required
@require_POST
def topic_transition(request, pk):
    topic = get_object_or_404(topics_managed_by(request.user), pk=pk)
    return apply_transition(request, topic_workflow, topic, topic.get_absolute_url())


# --- interests -----------------------------------------------------------------------------------------
@login_required
def interest_list(request):
    page = page_of(request, interests_visible_to(request.user))
    return render(request, "tenure/interest_list.html", {"page": page, "page_obj": page})


@login_required
def interest_detail(request, pk):
    interest = get_object_or_404(interests_visible_to(request.user), pk=pk)
    context = {"interest": interest, **action_panel_context(interest_workflow, interest, request.user),
               **timeline_context(interest_workflow, interest, user=request.user)}  # fmt: skip
    return render(request, "tenure/interest_detail.html", context)


@login_required
@require_POST
def interest_transition(request, pk):
    interest = get_object_or_404(interests_visible_to(request.user), pk=pk)
    return apply_transition(request, interest_workflow, interest, interest.get_absolute_url())


@login_required
def interest_cv(request, pk):
    i = get_object_or_404(interests_visible_to(request.user), pk=pk)
    return file_download(i.cv, i.cv_name, i.cv_type)


# --- public board --------------------------------------------------------------------------------------
def public_topic_list(request):
    q = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    kind = kind if kind in TopicKind.values else ""
    bureau_id = int_param(request.GET.get("bureau"))
    page = page_of(
        request, filter_topics(public_topics(), q=q or None, kind=kind or None, bureau_id=bureau_id)
    )
    context = {
        "page": page, "page_obj": page, "q": q, "kind": kind, "bureau_id": bureau_id,
        "kinds": TopicKind.choices,
        "bureaus": list(Bureau.objects.order_by("order", "id").values_list("pk", "name")),
        "query": urlencode({k: v for k, v in (("q", q), ("kind", kind), ("bureau", bureau_id or "")) if v}),
    }  # fmt: skip
    return render(request, "tenure/public_topic_list.html", context)


def public_topic_detail(request, pk):
    topic = get_object_or_404(public_topics(), pk=pk)
    form = InterestForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.interest_create(
                topic=topic, name=d["name"], contact=d["contact"], message=d["message"], uploaded=d["cv"],
                client_ip=client_ip(request),
            )  # fmt: skip
        except ValidationError as e:
            errors_on_form(form, e)
        except TransitionRefused as refused:
            for finding in refused.findings:
                form.add_error(None, str(finding.message))
        else:
            messages.success(request, gettext("您的意向已提交，基地将与您联系。"))
            return HttpResponseRedirect(reverse("tenure_public:topic_detail", args=[topic.pk]))
    return render(request, "tenure/public_topic_detail.html", {"topic": topic, "form": form})


# --- people: postdocs and supervisors ------------------------------------------------------------------
def _can_reveal(user, postdoc) -> bool:
    return user.has_role(Role.REGION_ADMIN) or postdoc.base.unit_id in user.scope_ids(Role.UNIT_ADMIN)


@login_required
def postdoc_list(request):
    q = request.GET.get("q", "").strip()
    page = page_of(request, search_people(postdocs_visible_to(request.user), q))
    context = {"page": page, "page_obj": page, "q": q, "query": urlencode({"q": q} if q else {}),
               "can_create": bases_managed_by(request.user).exists()}  # fmt: skip
    return render(request, "tenure/postdoc_list.html", context)


def _postdoc_form_view(request, postdoc=None):
    bases = bases_managed_by(request.user)
    if not bases.exists():
        raise Http404
    initial = {}
    if postdoc is not None:  # the ID number is never put back into the page
        initial = {k: getattr(postdoc, k) for k in services.POSTDOC_FIELDS if k != "id_number"}
    form = PostdocForm(request.POST or None, bases=bases, editing=postdoc is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if postdoc is None:
                postdoc = services.postdoc_create(
                    actor=request.user, base=form.cleaned_data["base"], **form.service_fields()
                )
            else:
                postdoc = services.postdoc_update(
                    actor=request.user, postdoc=postdoc, **form.service_fields()
                )
        except ValidationError as e:
            errors_on_form(form, e)
        except TransitionRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, gettext("博士后研究人员信息已保存。"))
            return HttpResponseRedirect(postdoc.get_absolute_url())
    return render(request, "tenure/person_form.html", {"form": form, "person": postdoc, "kind": "postdoc"})


@login_required
def postdoc_create(request):
    return _postdoc_form_view(request)


@login_required
def postdoc_edit(request, pk):
    return _postdoc_form_view(request, get_object_or_404(postdocs_managed_by(request.user), pk=pk))


def _postdoc_page(request, postdoc, full_id: str = ""):
    user = request.user
    context = {"postdoc": postdoc, "full_id": full_id, "can_reveal": _can_reveal(user, postdoc),
               "can_edit": postdoc.base.unit_id in user.scope_ids(Role.UNIT_ADMIN)}  # fmt: skip
    return render(request, "tenure/postdoc_detail.html", context)


@login_required
def postdoc_detail(request, pk):
    return _postdoc_page(request, get_object_or_404(postdocs_visible_to(request.user), pk=pk))


@login_required
@require_POST
def postdoc_reveal_id(request, pk):
    """Shows the full ID number once (this response only) and records who saw it."""
    postdoc = get_object_or_404(postdocs_visible_to(request.user), pk=pk)
    if not _can_reveal(request.user, postdoc):
        raise Http404
    full_id = services.postdoc_reveal_id(actor=request.user, postdoc=postdoc)
    response = _postdoc_page(request, postdoc, full_id)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def my_record(request):
    """我的信息: a postdoc's own record, or a supervisor's own record."""
    postdoc = postdocs_visible_to(request.user).filter(pk__in=request.user.scope_ids(Role.POSTDOC)).first()
    if postdoc is not None:
        return _postdoc_page(request, postdoc)
    supervisor = (
        supervisors_visible_to(request.user).filter(pk__in=request.user.scope_ids(Role.SUPERVISOR)).first()
    )
    if supervisor is None:
        raise Http404
    return render(request, "tenure/supervisor_detail.html", {"supervisor": supervisor})


def _account_view(request, person, create):
    form = PersonAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            errors_on_form(form, e)
        except TransitionRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, gettext("账号已创建。"))
            return HttpResponseRedirect(person.get_absolute_url())
    return render(request, "tenure/person_account.html", {"form": form, "person": person})


@login_required
def postdoc_account(request, pk):
    postdoc = get_object_or_404(postdocs_managed_by(request.user), pk=pk)
    return _account_view(
        request, postdoc, lambda **kw: services.postdoc_account_create(postdoc=postdoc, **kw)
    )


@login_required
def supervisor_list(request):
    q = request.GET.get("q", "").strip()
    page = page_of(request, search_people(supervisors_visible_to(request.user), q))
    context = {"page": page, "page_obj": page, "q": q, "query": urlencode({"q": q} if q else {}),
               "can_create": bases_managed_by(request.user).exists()}  # fmt: skip
    return render(request, "tenure/supervisor_list.html", context)


def _supervisor_form_view(request, supervisor=None):
    bases = bases_managed_by(request.user)
    if not bases.exists():
        raise Http404
    initial = {}
    if supervisor is not None:
        initial = {"name": supervisor.name, "title": supervisor.title, "employer": supervisor.employer,
                   "side": supervisor.side, "station": supervisor.station_id, "expert": supervisor.expert_id,
                   "active": supervisor.active}  # fmt: skip
    form = SupervisorForm(request.POST or None, bases=bases, editing=supervisor is not None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if supervisor is None:
                supervisor = services.supervisor_create(
                    actor=request.user, base=form.cleaned_data["base"], **form.service_fields()
                )
            else:
                supervisor = services.supervisor_update(
                    actor=request.user, supervisor=supervisor, **form.service_fields()
                )
        except ValidationError as e:
            errors_on_form(form, e)
        except TransitionRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, gettext("合作导师信息已保存。"))
            return HttpResponseRedirect(reverse("tenure:supervisor_list"))
    context = {"form": form, "person": supervisor, "kind": "supervisor"}
    return render(request, "tenure/person_form.html", context)


@login_required
def supervisor_create(request):
    return _supervisor_form_view(request)


@login_required
def supervisor_edit(request, pk):
    return _supervisor_form_view(request, get_object_or_404(supervisors_managed_by(request.user), pk=pk))


@login_required
def supervisor_account(request, pk):
    supervisor = get_object_or_404(supervisors_managed_by(request.user), pk=pk)
    return _account_view(
        request, supervisor, lambda **kw: services.supervisor_account_create(supervisor=supervisor, **kw)
    )


# --- appointments (进基地, Arts. 13-15) -----------------------------------------------------------------
@login_required
def appointment_list(request):
    from .enums import AppointmentState
    from .selectors import appointments_visible_to, filter_appointments

    state = request.GET.get("state") or ""
    state = state if state in AppointmentState.values else ""
    base_id = int_param(request.GET.get("base"))
    qs = filter_appointments(appointments_visible_to(request.user), state=state, base_id=base_id)
    page = page_of(request, qs)
    query = urlencode({k: v for k, v in (("state", state), ("base", base_id or "")) if v})
    context = {"page": page, "page_obj": page, "states": AppointmentState.choices, "state": state,
               "base_id": base_id, "query": query, "can_create": bases_managed_by(request.user).exists()}  # fmt: skip
    return render(request, "tenure/appointment_list.html", context)


@login_required
def appointment_create(request):
    from .forms import AppointmentForm

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
    return render(request, "tenure/appointment_form.html", {"form": form, "title": gettext("新建进基地")})


@login_required
def appointment_agreement(request, pk):
    from .forms import AppointmentAgreementForm
    from .selectors import appointments_visible_to

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
    return render(request, "tenure/appointment_form.html", {"form": form, "title": gettext("三方协议")})


@login_required
def appointment_detail(request, pk):
    from django.utils import timezone

    from postdoc_base.policy.tenure import entry_filing_overdue

    from .enums import AppointmentState
    from .forms import EntryForm
    from .selectors import appointments_visible_to
    from .workflow import appointment_workflow

    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    overdue = (
        appointment.entry_date is not None
        and appointment.state in (AppointmentState.ENTERED, AppointmentState.FILING_SUBMITTED)
        and entry_filing_overdue(appointment.entry_date, timezone.localdate())
    )
    can_enter = appointment.state == AppointmentState.SIGNED and request.user.has_role(Role.STATION_CONTACT)
    context = {
        "appointment": appointment, "overdue": overdue, "entry_form": EntryForm() if can_enter else None,
        "can_edit": appointment.state == AppointmentState.DRAFTED
        and services.assignment_of(request.user, Role.UNIT_ADMIN, unit_id=appointment.base.unit_id) is not None,
        "can_propose_withdrawal": appointment.state in ACTIVE_APPOINTMENT_STATES
        and services.withdrawal_proposer(request.user, appointment) is not None,
        "can_request_dispatch": appointment.state == AppointmentState.IN_BASE
        and services.postdoc_or_base(request.user, appointment) is not None,
        **action_panel_context(appointment_workflow, appointment, request.user),
        **timeline_context(appointment_workflow, appointment, APPOINTMENT_EVENT_LABELS, user=request.user),
    }  # fmt: skip
    # Each area of the stay (outputs and pay, extensions and exit, assessments) adds its own section.
    for section in (output_views, exit_views, assessment_views):
        context.update(section.appointment_section(request, appointment))
    return render(request, "tenure/appointment_detail.html", context)


# Events written by services outside a transition, labelled on the appointment's timeline.
APPOINTMENT_EVENT_LABELS = {
    "create": gettext_lazy("草拟三方协议"),
    "update_agreement": gettext_lazy("修改三方协议"),
    "set_entry_date": gettext_lazy("填写进基地日期"),
    **exit_views.EXIT_EVENT_LABELS,
}


@login_required
@require_POST
def appointment_transition(request, pk):
    from .selectors import appointments_visible_to
    from .workflow import appointment_workflow

    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    return apply_transition(request, appointment_workflow, appointment, appointment.get_absolute_url())


@login_required
@require_POST
def appointment_entry(request, pk):
    from .forms import EntryForm
    from .selectors import appointments_visible_to

    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    form = EntryForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写进基地日期。"))
    else:
        try:
            services.entry_complete(actor=request.user, appointment=appointment,
                                    entry_date=form.cleaned_data["entry_date"])  # fmt: skip
        except TransitionRefused as refused:
            _refused(request, refused)
        else:
            messages.success(request, gettext("已办理进基地。"))
    return HttpResponseRedirect(appointment.get_absolute_url())


@login_required
def appointment_document(request, pk):
    from .selectors import appointments_visible_to

    a = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    return file_download(a.document, a.document_name, a.document_type)


# --- withdrawal cases (退出基地, Art. 23) ----------------------------------------------------------------
@login_required
def withdrawal_create(request, pk):
    from .forms import WithdrawalForm
    from .selectors import appointments_visible_to

    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    if services.withdrawal_proposer(request.user, appointment) is None:
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
            _refused(request, refused)
        else:
            messages.success(request, gettext("已提出退出基地。"))
            return HttpResponseRedirect(case.get_absolute_url())
    title = gettext("提出退出基地：%(name)s") % {"name": appointment.postdoc.name}
    return render(request, "tenure/appointment_form.html", {"form": form, "title": title})


@login_required
def withdrawal_list(request):
    from .enums import WithdrawalState
    from .selectors import withdrawals_visible_to

    return _state_list(
        request, withdrawals_visible_to(request.user), WithdrawalState, "tenure/withdrawal_list.html"
    )


@login_required
def withdrawal_detail(request, pk):
    from .selectors import withdrawals_visible_to
    from .workflow import withdrawal_workflow

    case = get_object_or_404(withdrawals_visible_to(request.user), pk=pk)
    context = {
        "case": case,
        **action_panel_context(withdrawal_workflow, case, request.user),
        **timeline_context(withdrawal_workflow, case, user=request.user),
    }
    return render(request, "tenure/withdrawal_detail.html", context)


@require_POST
@login_required
def withdrawal_transition(request, pk):
    from .selectors import withdrawals_visible_to
    from .workflow import withdrawal_workflow

    case = get_object_or_404(withdrawals_visible_to(request.user), pk=pk)
    return apply_transition(request, withdrawal_workflow, case, case.get_absolute_url())


@login_required
def withdrawal_evidence(request, pk):
    from .selectors import withdrawals_visible_to

    case = get_object_or_404(withdrawals_visible_to(request.user), pk=pk)
    return file_download(case.evidence, case.evidence_name, case.evidence_type)


# --- dispatches (派出, Art. 16) -------------------------------------------------------------------------
@login_required
def dispatch_create(request, pk):
    from .forms import DispatchForm
    from .selectors import appointments_visible_to

    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    if services.postdoc_or_base(request.user, appointment) is None:
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
    return render(request, "tenure/appointment_form.html", {"form": form, "title": title})


@login_required
def dispatch_list(request):
    from .enums import DispatchState
    from .selectors import dispatches_visible_to

    return _state_list(
        request, dispatches_visible_to(request.user), DispatchState, "tenure/dispatch_list.html"
    )


@login_required
def dispatch_detail(request, pk):
    from django.utils import timezone

    from postdoc_base.policy.tenure import check_dispatch_overdue

    from .enums import DispatchState
    from .forms import DispatchReturnForm
    from .selectors import dispatches_visible_to
    from .workflow import dispatch_workflow

    dispatch = get_object_or_404(dispatches_visible_to(request.user), pk=pk)
    can_return = (
        dispatch.state == DispatchState.APPROVED
        and services.assignment_of(request.user, Role.UNIT_ADMIN, unit_id=dispatch.appointment.base.unit_id)
        is not None
    )
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
    return render(request, "tenure/dispatch_detail.html", context)


@require_POST
@login_required
def dispatch_transition(request, pk):
    from .selectors import dispatches_visible_to
    from .workflow import dispatch_workflow

    dispatch = get_object_or_404(dispatches_visible_to(request.user), pk=pk)
    return apply_transition(request, dispatch_workflow, dispatch, dispatch.get_absolute_url())


@require_POST
@login_required
def dispatch_return(request, pk):
    from .forms import DispatchReturnForm
    from .selectors import dispatches_visible_to

    dispatch = get_object_or_404(dispatches_visible_to(request.user), pk=pk)
    form = DispatchReturnForm(request.POST)
    if not form.is_valid():
        messages.error(request, gettext("请填写实际返回日期。"))
    else:
        try:
            services.dispatch_return_confirm(actor=request.user, dispatch=dispatch,
                                             returned_on=form.cleaned_data["returned_on"])  # fmt: skip
        except TransitionRefused as refused:
            _refused(request, refused)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, gettext("已确认返回。"))
    return HttpResponseRedirect(dispatch.get_absolute_url())
