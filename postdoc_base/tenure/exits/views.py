"""Pages of exit materials and exit (Art. 18, destination for Art. 21) and the Art. 22 title route; and the
appointment page's section for the term, its extensions and the exit."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from postdoc_base.exports.registry import xlsx_export
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.exports import choice_label
from postdoc_base.web.pages import errors_on_form, file_download, page_of

from ..stay.enums import OPEN_EXTENSION_STATES, AppointmentState
from ..stay.permissions import postdoc_or_base
from ..stay.selectors import appointments_visible_to
from ..stay.workflow import appointment_workflow
from . import services as exit_services
from .forms import ExitCompleteForm, ExitMaterialsForm
from .permissions import exit_station
from .selectors import title_route_visible_to

EXIT_EVENT_LABELS = {
    "request": _("申请延期"),
    "extend": _("延期已确认"),
    "exit_materials_upload": _("上传出基地材料"),
    "set_exit_data": _("填写出基地信息"),
    "lapse": _("延期申请终止"),
}


def _form_page(request, form, title: str, appointment):
    context = {"form": form, "title": title, "appointment": appointment}
    return render(request, "tenure/exits/exit_form.html", context)


# --- the appointment page's section ---------------------------------------------------------------------
def appointment_section(request, appointment) -> dict:
    """Context for the appointment page's exit section (templates/tenure/exits/_appointment_exit.html): the
    term with extensions (Art. 14), the exit materials and exit data (Arts. 18, 21) and, once exited, the
    Art. 22 title route."""
    user = request.user
    extensions = list(appointment.extensions.all())
    in_base = appointment.state == AppointmentState.IN_BASE
    acts_for_postdoc = postdoc_or_base(user, appointment) is not None
    findings = (
        exit_services.title_route(appointment) if appointment.state == AppointmentState.EXITED else None
    )
    return {
        "exit_section": {
            "term_months": appointment.term_months,
            "extended_months": appointment.extended_months,
            "total_months": appointment.total_months,
            "term_ends_on": appointment.term_ends_on,
            "extensions": extensions,
            "can_request_extension": in_base
            and acts_for_postdoc
            and not any(e.state in OPEN_EXTENSION_STATES for e in extensions),
            "can_upload_materials": in_base and acts_for_postdoc,
            # The question exit_complete's refusal answers (the partner station, once the exit is assessed).
            "can_complete_exit": appointment_workflow.permits(appointment, "complete_exit", user),
            "show_exit": appointment.state
            in (AppointmentState.IN_BASE, AppointmentState.EXIT_REQUESTED, AppointmentState.EXIT_ASSESSED,
                AppointmentState.EXITED)
            or bool(appointment.research_report or appointment.work_summary),
            "title_route": findings,
            "title_route_eligible": exit_services.is_eligible(findings) if findings is not None else None,
        }
    }  # fmt: skip


# --- exit materials and exit (Art. 18) ------------------------------------------------------------------
@login_required
def exit_materials(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    if postdoc_or_base(request.user, appointment) is None:
        raise Http404
    form = ExitMaterialsForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            exit_services.exit_materials_upload(
                actor=request.user, appointment=appointment, **form.cleaned_data
            )
        except (ValidationError, TransitionRefused) as refusal:
            errors_on_form(form, refusal)
        else:
            messages.success(request, gettext("出基地材料已上传。"))
            return HttpResponseRedirect(appointment.get_absolute_url())
    title = gettext("上传出基地材料：%(name)s") % {"name": appointment.postdoc.name}
    return _form_page(request, form, title, appointment)


@login_required
def exit_material_download(request, pk, which):
    field = exit_services.EXIT_MATERIALS.get(which)
    if field is None:
        raise Http404
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    return file_download(
        getattr(appointment, field),
        getattr(appointment, f"{field}_name"),
        getattr(appointment, f"{field}_type"),
    )


@login_required
def exit_complete(request, pk):
    appointment = get_object_or_404(appointments_visible_to(request.user), pk=pk)
    if exit_station(request.user, appointment) is None:
        raise Http404
    form = ExitCompleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            exit_services.exit_complete(actor=request.user, appointment=appointment, **form.cleaned_data)
        except (ValidationError, TransitionRefused) as refusal:
            errors_on_form(form, refusal)
        else:
            messages.success(request, gettext("已办理出基地。"))
            return HttpResponseRedirect(appointment.get_absolute_url())
    title = gettext("办理出基地：%(name)s") % {"name": appointment.postdoc.name}
    return _form_page(request, form, title, appointment)


# --- the Art. 22 title route ----------------------------------------------------------------------------
def _eligible_filter(request) -> tuple[str, bool | None]:
    value = request.GET.get("eligible") or ""
    return (value, {"1": True, "0": False}[value]) if value in ("1", "0") else ("", None)


def _title_route_rows(appointments):
    for a in appointments:
        findings = exit_services.title_route(a)  # annotated: no query
        yield a, exit_services.is_eligible(findings), [f for f in findings if not f.ok] or findings[-1:]


@login_required
def title_route_list(request):
    eligible, flag = _eligible_filter(request)
    page = page_of(request, title_route_visible_to(request.user, flag))
    context = {
        "page": page, "page_obj": page, "rows": list(_title_route_rows(page.object_list)),
        "eligible": eligible, "query": urlencode({"eligible": eligible} if eligible else {}),
    }  # fmt: skip
    return render(request, "tenure/exits/title_route_list.html", context)


def _reasons(a) -> str:
    return "；".join(str(f.message) for f in exit_services.title_route(a) if not f.ok) or "—"


def _eligible_text(a) -> str:
    return gettext("是") if exit_services.is_eligible(exit_services.title_route(a)) else gettext("否")


TITLE_ROUTE_COLUMNS = (
    (_("博士后研究人员"), lambda a: a.postdoc.name),
    (_("基地"), lambda a: a.base.name),
    (_("合作流动站"), lambda a: f"{a.station.university} {a.station.discipline}"),
    (_("进基地日期"), lambda a: a.entry_date),
    (_("出基地日期"), lambda a: a.exit_date),
    (_("出基地去向"), choice_label("destination")),
    (_("去向单位"), lambda a: a.destination_employer),
    (_("国家资助博士后研究人员计划"), lambda a: gettext("是") if a.tr_national_funded else gettext("否")),
    (_("中国博士后科学基金资助"), lambda a: gettext("是") if a.tr_cpsf_grant else gettext("否")),
    (_("主持省部级以上项目"), lambda a: gettext("是") if a.tr_led_project else gettext("否")),
    (_("可直接申报副高级职称"), _eligible_text),
    (_("不符合的原因"), _reasons),
)


@xlsx_export(
    "title_route", columns=TITLE_ROUTE_COLUMNS, sheet=_("第二十二条职称申报"), filename_prefix="title-route"
)
def title_route_export(request):
    """The Art. 22 title-route list as .xlsx, filtered by ``?eligible=`` like the page."""
    _eligible, flag = _eligible_filter(request)
    return title_route_visible_to(request.user, flag)
