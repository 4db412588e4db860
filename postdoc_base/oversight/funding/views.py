"""Pages of funding records (经费, Art. 19): the scoped list with its filters, the totals per base, per bureau
and per year, recording (choose the base, then the record), the record's page, correcting and deleting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from postdoc_base.directory.models import Bureau, Unit
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.oversight.funding import FundingSource
from postdoc_base.web.pages import errors_on_form, int_param, page_of, refusal_messages, text_param

from ..selectors import base_files_visible_to
from . import services
from .forms import FundingBaseForm, FundingForm
from .permissions import funding_recorder, party_assignments, sources_for
from .selectors import filter_funding, funding_totals, funding_visible_to, with_texts, yuan_text

Q_MAX = Unit._meta.get_field("name").max_length


def funding_filters(request) -> dict:
    """The list's ``year``, ``bureau``, ``source``, ``base`` (an id, as the base file links it) and ``q`` (the
    base's or unit's name, or the filing number), shared by the page, the totals and the exports; junk ignored."""
    source = request.GET.get("source") or ""
    return {
        "year": int_param(request.GET.get("year")),
        "bureau": int_param(request.GET.get("bureau")),
        "source": source if source in FundingSource.values else "",
        "base": int_param(request.GET.get("base")),
        "q": text_param(request.GET.get("q"), Q_MAX),
    }


def filtered_funding(request):
    return filter_funding(funding_visible_to(request.user), **funding_filters(request))


def _filter_context(request) -> dict:
    filters = funding_filters(request)
    return {
        **filters,
        "query": urlencode({k: v for k, v in filters.items() if v}),
        "sources": FundingSource.choices,
        "bureaus": list(Bureau.objects.order_by("order", "id").values_list("pk", "name")),
        "q_max": Q_MAX,
        "may_record": bool(sources_for(request.user)),
    }


@login_required
def funding_list(request):
    """第十九条: the funding records in the user's scope, newest year first."""
    page = page_of(request, filtered_funding(request))
    for record in page.object_list:
        record.amount_text = yuan_text(record.amount)
        record.may_edit = funding_recorder(request.user, record.base, record.source) is not None
    return render(request, "oversight/funding/funding_list.html", {"page": page, "page_obj": page,
                                                                   **_filter_context(request)})  # fmt: skip


@login_required
def funding_totals_page(request):
    """第十九条: the sums of the same scoped, filtered records per base, per bureau and per year (one query each)."""
    qs = filtered_funding(request)
    groups = [
        {"key": "year", "title": gettext("按年度"), "heads": [gettext("年度")]},
        {"key": "bureau", "title": gettext("按盟市"), "heads": [gettext("盟市")]},
        {
            "key": "base",
            "title": gettext("按基地"),
            "heads": [gettext("基地"), gettext("备案号"), gettext("盟市")],
        },
    ]
    for group in groups:
        group["rows"] = with_texts(funding_totals(qs, group["key"]))
    context = {"groups": groups, **_filter_context(request)}
    return render(request, "oversight/funding/funding_totals.html", context)


@login_required
def funding_detail(request, pk):
    record = get_object_or_404(funding_visible_to(request.user), pk=pk)
    record.amount_text = yuan_text(record.amount)
    may_edit = funding_recorder(request.user, record.base, record.source) is not None
    return render(request, "oversight/funding/funding_detail.html", {"record": record, "may_edit": may_edit})


def _save(request, form, save):
    """Run the service on a valid form; its refusal and field errors go onto the form."""
    try:
        record = save(form.cleaned_data)
    except (ValidationError, TransitionRefused) as error:
        errors_on_form(form, error)
    else:
        return record
    return None


@login_required
def funding_create(request):
    """Record a sum: first the base (``?base=``), then the record with the sources the user records there."""
    bases = base_files_visible_to(request.user)
    base_id = int_param(request.GET.get("base"))
    base = bases.filter(pk=base_id).first() if base_id else None
    if base is None:
        recordable = [b for b in bases.order_by("name", "pk") if party_assignments(request.user, b)]
        if not recordable:
            raise Http404
        picker = FundingBaseForm(request.GET if "base" in request.GET else None, bases=recordable)
        if picker.is_bound:
            picker.is_valid()  # a base outside the user's reach: the choice's own error
        title = gettext("记录经费：选择基地")
        return render(request, "oversight/funding/funding_base_form.html", {"form": picker, "title": title})
    sources = sources_for(request.user, base)
    if not sources:
        raise Http404
    appointments = base.appointments.select_related("postdoc").order_by("-id")
    form = FundingForm(request.POST or None, sources=sources, appointments=appointments,
                       initial={"year": timezone.localdate().year, "source": sources[0]})  # fmt: skip
    if request.method == "POST" and form.is_valid():

        def save(data):
            appointment = appointments.filter(pk=data["appointment"]).first() if data["appointment"] else None
            return services.funding_record_create(
                actor=request.user, base=base, year=data["year"], source=data["source"], amount=data["amount"],
                purpose=data["purpose"], note=data["note"], policy_title=data["policy_title"],
                policy_number=data["policy_number"], appointment=appointment,
            )  # fmt: skip

        if record := _save(request, form, save):
            messages.success(request, gettext("已记录经费。"))
            return HttpResponseRedirect(record.get_absolute_url())
    title = gettext("记录经费：%(base)s") % {"base": base.name}
    return render(
        request, "oversight/funding/funding_form.html", {"form": form, "title": title, "base": base}
    )


@login_required
def funding_edit(request, pk):
    record = get_object_or_404(funding_visible_to(request.user), pk=pk)
    if funding_recorder(request.user, record.base, record.source) is None:
        raise Http404
    base = record.base
    appointments = base.appointments.select_related("postdoc").order_by("-id")
    initial = {name: getattr(record, name) for name in services.FIELDS if name != "appointment_id"}
    initial["appointment"] = record.appointment_id
    form = FundingForm(request.POST or None, sources=sources_for(request.user, base), appointments=appointments,
                       initial=initial)  # fmt: skip
    if request.method == "POST" and form.is_valid():

        def save(data):
            appointment = appointments.filter(pk=data["appointment"]).first() if data["appointment"] else None
            fields = {k: data[k] for k in ("year", "source", "amount", "purpose", "note", "policy_title",
                                           "policy_number")}  # fmt: skip
            return services.funding_record_update(actor=request.user, record=record, appointment=appointment,
                                                  **fields)  # fmt: skip

        if saved := _save(request, form, save):
            messages.success(request, gettext("已更正经费记录。"))
            return HttpResponseRedirect(saved.get_absolute_url())
    title = gettext("更正经费记录：%(base)s") % {"base": base.name}
    return render(request, "oversight/funding/funding_form.html", {"form": form, "title": title, "base": base,
                                                                   "record": record})  # fmt: skip


@login_required
@require_POST
def funding_delete(request, pk):
    record = get_object_or_404(funding_visible_to(request.user), pk=pk)
    if funding_recorder(request.user, record.base, record.source) is None:
        raise Http404
    try:
        services.funding_record_delete(actor=request.user, record=record)
    except TransitionRefused as refused:
        refusal_messages(request, refused)
        return HttpResponseRedirect(record.get_absolute_url())
    messages.success(request, gettext("已删除经费记录。"))
    return HttpResponseRedirect(reverse("oversight:funding_list"))
