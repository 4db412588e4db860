"""Pages of outputs (在站成果, Art. 17) and yearly pay (Arts. 9(5), 20), and the appointment page's section."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from postdoc_base.directory.models import Unit
from postdoc_base.exports.registry import xlsx_export
from postdoc_base.kernel.params import salary_schedule
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.web.exports import YEAR, choice_label, narrowed
from postdoc_base.web.pages import (
    errors_on_form,
    file_download,
    form_error_messages,
    int_param,
    page_of,
    refusal_messages,
    text_param,
)
from postdoc_base.web.transitions import (
    action_panel_context,
    finding_text,
    timeline_context,
)

from ..scoping import _appointment_scoped
from ..stay.enums import STAY_STATES
from ..stay.models import Appointment
from ..stay.selectors import appointments_visible_to
from . import services
from .enums import OutputKind, OutputState
from .forms import OutputForm, PayForm
from .permissions import output_author, pay_recorder
from .selectors import filter_outputs, filter_pay_records, outputs_visible_to, pay_records_visible_to
from .workflow import output_workflow

PAGE_SIZE = 25
FORM_TEMPLATE = "tenure/outputs/output_form.html"


def _filters(request) -> dict:
    """The list's ``state`` and ``kind`` (unknown values dropped), shared by the page and the export."""
    state, kind = request.GET.get("state") or "", request.GET.get("kind") or ""
    return {
        "state": state if state in OutputState.values else "",
        "kind": kind if kind in OutputKind.values else "",
    }


# --- outputs -------------------------------------------------------------------------------------------
@login_required
def output_list(request):
    filters = _filters(request)
    qs = filter_outputs(outputs_visible_to(request.user), **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    context = {
        "page": page, "page_obj": page, "states": OutputState.choices, "kinds": OutputKind.choices,
        **filters, "query": query,
    }  # fmt: skip
    return render(request, "tenure/outputs/output_list.html", context)


# Every column a field of the output or of what it links to: the export reads them as values, no objects.
OUTPUT_COLUMNS = (
    (_("博士后研究人员"), "appointment__postdoc__name"),
    (_("基地"), "appointment__base__name"),
    (_("成果类型"), choice_label("kind")),
    (_("名称"), "title"),
    (_("取得日期"), "occurred_on"),
    (_("级别"), choice_label("level")),
    (_("本人角色"), choice_label("role")),
    (_("编号或出处"), "reference"),
    (_("金额（元）"), "amount_yuan"),
    (_("本人所得（元）"), "postdoc_share_yuan"),
    (_("状态"), choice_label("state")),
    (_("确认导师"), "confirmed_by__name"),
    (_("确认日期"), "confirmed_on"),
)


@xlsx_export("outputs", columns=OUTPUT_COLUMNS, sheet=_("在站成果"), filename_prefix="outputs")
def output_export(request):
    """The list as Excel, same scope and filters (no personal identifiers in it)."""
    return filter_outputs(outputs_visible_to(request.user), **_filters(request))


@login_required
def output_detail(request, pk):
    output = get_object_or_404(outputs_visible_to(request.user), pk=pk)
    can_edit = (
        output.state in services.EDITABLE_STATES
        and output_author(request.user, output.appointment) is not None
    )
    context = {
        "output": output, "can_edit": can_edit,
        **action_panel_context(output_workflow, output, request.user),
        **timeline_context(output_workflow, output, user=request.user),
    }  # fmt: skip
    return render(request, "tenure/outputs/output_detail.html", context)


@login_required
def output_create(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    if output_author(request.user, appointment) is None:
        raise Http404
    form = OutputForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploaded = data.pop("evidence", None)
        try:
            output = services.output_create(
                actor=request.user, appointment=appointment, uploaded=uploaded, **data
            )
        except (ValidationError, TransitionRefused) as refusal:
            errors_on_form(form, refusal)
        else:
            messages.success(request, gettext("已登记在站成果，等待合作导师确认。"))
            return HttpResponseRedirect(output.get_absolute_url())
    title = gettext("登记在站成果：%(name)s") % {"name": appointment.postdoc.name}
    return render(request, FORM_TEMPLATE, {"form": form, "title": title, "appointment": appointment})


@login_required
def output_edit(request, pk):
    output = get_object_or_404(outputs_visible_to(request.user), pk=pk)
    if output_author(request.user, output.appointment) is None:
        raise Http404
    if output.state not in services.EDITABLE_STATES:
        messages.error(request, gettext("导师已确认的成果不能修改。"))
        return HttpResponseRedirect(output.get_absolute_url())
    initial = {key: getattr(output, key) for key in services.OUTPUT_FIELDS}
    form = OutputForm(request.POST or None, request.FILES or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        uploaded = data.pop("evidence", None)
        try:
            services.output_update(actor=request.user, output=output, uploaded=uploaded, **data)
        except (ValidationError, TransitionRefused) as refusal:
            errors_on_form(form, refusal)
        else:
            messages.success(request, gettext("在站成果已保存。"))
            return HttpResponseRedirect(output.get_absolute_url())
    title = gettext("修改在站成果：%(title)s") % {"title": output.title}
    return render(request, FORM_TEMPLATE, {"form": form, "title": title, "appointment": output.appointment})


@login_required
def output_evidence(request, pk):
    output = get_object_or_404(outputs_visible_to(request.user), pk=pk)
    return file_download(output.evidence, output.evidence_name, output.evidence_type)


# --- pay -----------------------------------------------------------------------------------------------
BASE_Q_MAX = Unit._meta.get_field("name").max_length


def _pay_filters(request) -> dict:
    """The pay list's ``year``, ``base`` (a base's id, as links give it), ``base_q`` (text searched in the
    bases' unit names) and ``warnings=1``, shared by page and export (junk ignored)."""
    return {
        "year": int_param(request.GET.get("year")),
        "base_id": int_param(request.GET.get("base")),
        "base_q": text_param(request.GET.get("base_q"), BASE_Q_MAX),
        "warnings": request.GET.get("warnings") == "1",
    }


def _pay_query(filters: dict) -> str:
    pairs = (
        ("year", filters["year"]),
        ("base", filters["base_id"]),
        ("base_q", filters["base_q"]),
        ("warnings", 1 if filters["warnings"] else None),
    )
    return urlencode({key: value for key, value in pairs if value})


def _yuan(amount: int | None) -> str:
    """Thousands separators (120,000): humanize's intcomma follows the zh-hans format, which has none."""
    return "—" if amount is None else f"{amount:,}"


def _warning_texts(findings) -> list[dict]:
    return [{"code": f.code, "text": finding_text(f)} for f in findings]


@login_required
def pay_list(request):
    """第九条第（五）项, 第二十条: the yearly pay records in the user's scope (not the supervisors'), each with
    its warnings. The bases are searched by their unit's name (``base_q``, in SQL), never listed: a menu of
    every base in scope grew with the region. A constant number of queries: the scope, the salary schedule,
    distinct years (``warnings=1``), the chosen base's name (``base=<id>``), the count and the page."""
    filters = _pay_filters(request)
    scope = pay_records_visible_to(request.user)
    schedule = salary_schedule()
    page = page_of(request, filter_pay_records(scope, schedule=schedule, **filters))
    rows = [
        {"record": record, "pay": _yuan(record.annual_pay_yuan), "same": _yuan(record.same_level_pay_yuan),
         "warnings": _warning_texts(warnings)}
        for record, warnings in services.pay_warnings(page.object_list, schedule)
    ]  # fmt: skip
    chosen = filters["base_id"] and (
        PracticeBase.objects.filter(pk=filters["base_id"], pk__in=scope.values("appointment__base_id"))
        .values_list("name", flat=True)
        .first()
    )
    without_base = _pay_query({**filters, "base_id": None})
    context = {
        "page": page, "page_obj": page, "rows": rows, "year": filters["year"], "base_id": filters["base_id"],
        "base_name": chosen or "", "base_q": filters["base_q"], "base_q_max": BASE_Q_MAX,
        "warnings": filters["warnings"], "query": _pay_query(filters), "without_base": without_base,
    }  # fmt: skip
    return render(request, "tenure/outputs/pay_list.html", context)


def pay_columns(request):
    """The pay export's columns; 提示 joins the failing findings with their articles, under the salary
    schedule read once for the export."""
    schedule = salary_schedule()

    def hints(record) -> str:
        return "；".join(finding_text(f) for f in services.pay_findings(record, schedule) if not f.ok)

    return (
        (_("博士后研究人员"), lambda r: r.appointment.postdoc.name),
        (_("基地"), lambda r: r.appointment.base.name),
        (_("年度"), lambda r: r.year, YEAR),
        (_("年薪（元）"), lambda r: r.annual_pay_yuan),
        (_("本单位相同层次科研人员年薪（元）"), lambda r: r.same_level_pay_yuan),
        (_("社会保险"), lambda r: gettext("已缴纳") if r.social_insurance else gettext("未记录缴纳")),
        (_("提示"), hints),
    )


@xlsx_export("pay", columns=pay_columns, sheet=_("薪酬记录"), filename_prefix="pay")
def pay_export(request):
    """The pay list as Excel, same scope and filters."""
    rows = filter_pay_records(
        pay_records_visible_to(request.user), schedule=salary_schedule(), **_pay_filters(request)
    )
    return narrowed(rows, {"appointment__postdoc": ("name",), "appointment__base": ("name",)})


@require_POST
@login_required
def pay_save(request, pk):
    """The base unit records a year's pay from the appointment page; warnings shown, never blocking."""
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    back = f"{appointment.get_absolute_url()}#pay"
    if pay_recorder(request.user, appointment) is None:
        raise Http404
    form = PayForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return HttpResponseRedirect(back)
    try:
        record, _created = services.pay_record_save(actor=request.user, appointment=appointment,
                                                    **form.cleaned_data)  # fmt: skip
    except (ValidationError, TransitionRefused) as error:
        refusal_messages(request, error)
    else:
        messages.success(request, gettext("%(year)s年度薪酬记录已保存。") % {"year": record.year})
        for finding in services.pay_findings(record):
            if not finding.ok:
                messages.warning(request, finding_text(finding))
    return HttpResponseRedirect(back)


# --- the appointment page ------------------------------------------------------------------------------
def appointment_section(request, appointment) -> dict:
    """Context for the appointment page's output and pay cards
    (templates/tenure/outputs/_appointment_outputs.html).

    At most four queries whatever the number of rows: the outputs, the pay scope, the pay records and the
    salary schedule.
    """
    user = request.user
    outputs = list(outputs_visible_to(user).filter(appointment_id=appointment.pk))
    # Supervisors see the appointment but not its pay (the pay scope, one query): the card is left out.
    pay_visible = _appointment_scoped(user, Appointment.objects.filter(pk=appointment.pk), "",
                                      supervisors=False).exists()  # fmt: skip
    can_record_pay = pay_recorder(user, appointment) is not None and appointment.entry_date is not None
    pay_qs = pay_records_visible_to(user).filter(appointment_id=appointment.pk)
    pay_rows = [
        (record, [{"code": f.code, "text": finding_text(f)} for f in warnings])
        for record, warnings in (services.pay_warnings(pay_qs) if pay_visible else [])
    ]
    years = services.pay_years(appointment)
    return {
        "outputs": outputs,
        "can_add_output": appointment.state in STAY_STATES and output_author(user, appointment) is not None,
        "pay_visible": pay_visible,
        "pay_rows": pay_rows,
        "pay_form": PayForm(initial={"year": years[-1]}) if can_record_pay and years else None,
        "pay_years": years,
    }
