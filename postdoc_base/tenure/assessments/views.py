"""Pages of the assessment area (Arts. 7, 17, 18): the list with its Excel export, the assessment page with
the joint-panel and grade forms, the bases' indicator systems, and the appointment page's section."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import holds_role, is_region_admin
from postdoc_base.exports.registry import xlsx_export
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.review import aggregate
from postdoc_base.policy.tenure import AssessmentKind
from postdoc_base.review.enums import AssignmentState
from postdoc_base.web.exports import choice_label
from postdoc_base.web.pages import errors_on_form, form_error_messages, refusal_messages
from postdoc_base.web.transitions import timeline_context

from ..outputs.enums import OutputState
from ..stay.selectors import appointments_visible_to
from . import services
from .enums import AssessmentState
from .forms import GradeForm, PanelForm, SchemeForm
from .permissions import _is_base_admin
from .selectors import (
    assessments_visible_to,
    filter_assessments,
    scheme_bases_managed_by,
    scheme_bases_visible_to,
)
from .workflow import assessment_workflow, scores_in

PAGE_SIZE = 25
EVENT_LABELS = {"award_record": _("记为奖励")}

EXPORT_COLUMNS = (
    (_("博士后研究人员"), lambda a: a.appointment.postdoc.name),
    (_("基地"), lambda a: a.appointment.base.name),
    (_("合作流动站"), lambda a: str(a.appointment.station)),
    (_("考核类别"), choice_label("kind")),
    (_("考核时间"), lambda a: a.due_on),
    (_("状态"), choice_label("state")),
    (_("考核得分"), lambda a: float(a.score) if a.score is not None else None),
    (_("考核结果"), choice_label("grade")),
    (_("评定日期"), lambda a: a.graded_on),
)


def _filters(request) -> dict:
    kind = request.GET.get("kind") or ""
    state = request.GET.get("state") or ""
    return {
        "kind": kind if kind in AssessmentKind.values else "",
        "state": state if state in AssessmentState.values else "",
    }


@xlsx_export("assessments", columns=EXPORT_COLUMNS, sheet=_("考核"), filename_prefix="assessments")
def assessment_export(request):
    """The assessment list (Arts. 17, 18) as .xlsx, with the page's ``?kind=`` and ``?state=`` filters."""
    return filter_assessments(assessments_visible_to(request.user), **_filters(request)).order_by(
        "due_on", "id"
    )


@login_required
def assessment_list(request):
    filters = _filters(request)
    qs = filter_assessments(assessments_visible_to(request.user), **filters)
    if request.GET.get("export") == "xlsx":
        return assessment_export(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = urlencode({k: v for k, v in filters.items() if v})
    context = {
        "page": page, "page_obj": page, "kinds": AssessmentKind.choices, "states": AssessmentState.choices,
        **filters, "query": query, "export_query": urlencode({**{k: v for k, v in filters.items() if v},
                                                              "export": "xlsx"}),
        "can_view_scheme": _reads_schemes(request.user),
    }  # fmt: skip
    return render(request, "tenure/assessments/assessment_list.html", context)


def _members(panel) -> list:
    return list(panel.members.select_related("expert").order_by("-is_chair", "alias")) if panel else []


def _score_rows(request, assessment, panel) -> tuple[list, object]:
    """Per member: their assignment (link for those who may open it) and total; with the aggregate."""
    if panel is None:
        return [], None
    rows = list(panel.assignments.select_related("member__expert").order_by("member__alias", "id"))
    totals = [a.total for a in rows if a.state == AssignmentState.SUBMITTED and a.total is not None]
    return rows, aggregate(totals, panel.disagreement_threshold)


@login_required
def assessment_detail(request, pk):
    assessment = get_object_or_404(assessments_visible_to(request.user), pk=pk)
    panel = assessment.panel
    admin = _is_base_admin(request.user, assessment)
    rows, agg = _score_rows(request, assessment, panel)
    mine = request.user.scope_ids(Role.EXPERT)
    for row in rows:
        row.is_mine = row.member.expert_id in mine
    # The scores themselves are for the organiser, and for everyone once graded; experts use the review page.
    show_scores = admin or is_region_admin(request.user) or assessment.state == AssessmentState.GRADED
    outputs = list(
        assessment.appointment.outputs.filter(state=OutputState.CONFIRMED).order_by("-occurred_on", "-id")
    )
    context = {
        "assessment": assessment, "appointment": assessment.appointment, "panel": panel,
        "members": _members(panel), "rows": rows, "aggregate": agg, "show_scores": show_scores,
        "outputs": outputs, "can_view_appointment": not (mine and not _sees_appointment(request.user, assessment)),
        "panel_form": PanelForm() if admin and assessment.state == AssessmentState.SCHEDULED else None,
        "grade_form": GradeForm() if admin and assessment.state == AssessmentState.UNDER_REVIEW else None,
        "pending": scores_in(assessment) if assessment.state == AssessmentState.UNDER_REVIEW else [],
        "can_manage_panel": show_scores and (admin or is_region_admin(request.user)),
        **timeline_context(assessment_workflow, assessment, EVENT_LABELS, user=request.user),
    }  # fmt: skip
    return render(request, "tenure/assessments/assessment_detail.html", context)


def _sees_appointment(user, assessment) -> bool:
    return appointments_visible_to(user).filter(pk=assessment.appointment_id).exists()


@require_POST
@login_required
def assessment_form_panel(request, pk):
    assessment = get_object_or_404(assessments_visible_to(request.user), pk=pk)
    form = PanelForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return HttpResponseRedirect(assessment.get_absolute_url())
    try:
        services.form_panel(actor=request.user, assessment=assessment, **form.payload())
    except (ValidationError, TransitionRefused) as error:
        refusal_messages(request, error)
    else:
        messages.success(request, gettext("已组建考核专家组，专家可在“我的评审任务”中评分。"))
    return HttpResponseRedirect(assessment.get_absolute_url())


@require_POST
@login_required
def assessment_grade(request, pk):
    assessment = get_object_or_404(assessments_visible_to(request.user), pk=pk)
    form = GradeForm(request.POST)
    if not form.is_valid():
        form_error_messages(request, form)
        return HttpResponseRedirect(assessment.get_absolute_url())
    try:
        services.grade(actor=request.user, assessment=assessment, **form.cleaned_data)
    except (ValidationError, TransitionRefused) as error:
        refusal_messages(request, error)
    else:
        messages.success(request, gettext("已评定考核结果。"))
    return HttpResponseRedirect(assessment.get_absolute_url())


# --- the indicator system (Art. 17) ----------------------------------------------------------------------
# The roles that may open the indicator-system page (the others get 403 there, so no link for them).
_reads_schemes = holds_role(Role.REGION_ADMIN, Role.BUREAU_OFFICER, Role.UNIT_ADMIN)


@login_required
def scheme_page(request):
    """Each base's indicator system: its unit administrator edits; the region and the bureau read."""
    bases = list(scheme_bases_visible_to(request.user))
    if not bases:
        if _reads_schemes(request.user):
            return render(request, "tenure/assessments/scheme_detail.html", {"bases": [], "base": None})
        raise PermissionDenied
    wanted = request.GET.get("base") or request.POST.get("base")
    base = next((b for b in bases if str(b.pk) == wanted), bases[0])
    editable = scheme_bases_managed_by(request.user).filter(pk=base.pk).exists()
    scheme = services.scheme_for(base)
    form = SchemeForm(
        request.POST if request.method == "POST" and editable else None, indicators=scheme.indicators,
        initial={"midterm_months": scheme.midterm_months},
    )  # fmt: skip
    if request.method == "POST":
        if not editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.scheme_save(actor=request.user, base=base, weights=form.weights(),
                                     midterm_months=form.cleaned_data["midterm_months"])  # fmt: skip
            except (ValidationError, TransitionRefused) as error:
                errors_on_form(form, error)
            else:
                messages.success(request, gettext("已保存考核指标体系。"))
                return HttpResponseRedirect(f"{request.path}?{urlencode({'base': base.pk})}")
    context = {
        "bases": bases, "base": base, "scheme": scheme, "form": form if editable else None,
        "total": sum(i["weight"] for i in scheme.indicators),
    }  # fmt: skip
    return render(request, "tenure/assessments/scheme_detail.html", context)


def appointment_section(request, appointment) -> dict:
    """Context for the appointment page's assessment section
    (templates/tenure/assessments/_appointment_assessments.html)."""
    return {
        "assessments": list(
            assessments_visible_to(request.user).filter(appointment=appointment).order_by("due_on", "id")
        )
    }
