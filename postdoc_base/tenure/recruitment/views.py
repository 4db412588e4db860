"""Pages: a base's agreements, topics and interests; the public topics board (no account needed)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext

from postdoc_base.directory.models import Bureau
from postdoc_base.kernel.ratelimit import client_ip
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.pages import (
    errors_on_form,
    file_download,
    int_param,
    page_of,
    refusal_messages,
    text_param,
)
from postdoc_base.web.transitions import action_panel_context, timeline_context

from ..scoping import bases_managed_by
from . import services
from .enums import TopicKind
from .forms import AgreementForm, InterestForm, TopicForm
from .selectors import (
    agreements_visible_to,
    filter_topics,
    interests_visible_to,
    public_topics,
    topics_managed_by,
)
from .workflow import agreement_workflow, interest_workflow, topic_workflow


# --- agreements ----------------------------------------------------------------------------------------
@login_required
def agreement_list(request):
    page = page_of(request, agreements_visible_to(request.user))
    can_create = bases_managed_by(request.user).exists()
    return render(
        request,
        "tenure/recruitment/agreement_list.html",
        {"page": page, "page_obj": page, "can_create": can_create},
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
            refusal_messages(request, refused)
        else:
            messages.success(request, gettext("合作协议已创建。"))
            return HttpResponseRedirect(agreement.get_absolute_url())
    return render(request, "tenure/recruitment/agreement_form.html", {"form": form})


@login_required
def agreement_detail(request, pk):
    agreement = get_object_or_404(agreements_visible_to(request.user), pk=pk)
    context = {"agreement": agreement, **action_panel_context(agreement_workflow, agreement, request.user),
               **timeline_context(agreement_workflow, agreement, user=request.user)}  # fmt: skip
    return render(request, "tenure/recruitment/agreement_detail.html", context)


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
        request,
        "tenure/recruitment/topic_list.html",
        {"page": page, "page_obj": page, "can_create": can_create},
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
            refusal_messages(request, refused)
        else:
            messages.success(request, gettext("课题已保存。"))
            return HttpResponseRedirect(topic.get_absolute_url())
    return render(request, "tenure/recruitment/topic_form.html", {"form": form, "topic": topic})


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
    return render(request, "tenure/recruitment/topic_detail.html", context)


# --- interests -----------------------------------------------------------------------------------------
@login_required
def interest_list(request):
    page = page_of(request, interests_visible_to(request.user))
    return render(request, "tenure/recruitment/interest_list.html", {"page": page, "page_obj": page})


@login_required
def interest_detail(request, pk):
    interest = get_object_or_404(interests_visible_to(request.user), pk=pk)
    context = {"interest": interest, **action_panel_context(interest_workflow, interest, request.user),
               **timeline_context(interest_workflow, interest, user=request.user)}  # fmt: skip
    return render(request, "tenure/recruitment/interest_detail.html", context)


@login_required
def interest_cv(request, pk):
    i = get_object_or_404(interests_visible_to(request.user), pk=pk)
    return file_download(i.cv, i.cv_name, i.cv_type)


# --- public board --------------------------------------------------------------------------------------
def public_topic_list(request):
    q = text_param(request.GET.get("q"))
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
    return render(request, "tenure/recruitment/public_topic_list.html", context)


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
    return render(request, "tenure/recruitment/public_topic_detail.html", {"topic": topic, "form": form})
