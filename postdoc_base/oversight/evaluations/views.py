"""Pages of evaluations (评估, Arts. 5, 6, 25): the region's campaigns (list, opening one, its detail with its
evaluations, forming its expert panel); the scoped evaluation list; an evaluation with the base's self-evaluation
and rectification forms, the bureau's check form, the region's grade form, the action panel and the timeline."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.articles import ART5, ART6, ART25
from postdoc_base.policy.oversight.evaluation import EvaluationGrade, Thresholds
from postdoc_base.review import services as review_services
from postdoc_base.review.enums import PanelPurpose
from postdoc_base.review.models import Panel
from postdoc_base.review.subjects import candidate_subjects
from postdoc_base.web.pages import errors_on_form, file_download, int_param, page_of, refusal_messages
from postdoc_base.web.transitions import action_panel_context, timeline_context

from . import services
from .enums import EvaluationState
from .forms import CampaignForm, CheckForm, GradeForm, PanelForm, RectificationForm, SelfEvaluationForm
from .models import EvaluationEvidence
from .permissions import campaign_organiser
from .review_purpose import panel_form
from .scoring import expert_scores
from .selectors import (
    EVALUATION_LIST,
    campaigns_visible_to,
    evaluations_visible_to,
    with_counts,
    with_details,
)
from .workflow import evaluation_workflow

# The audited writes of an evaluation that are not steps of its workflow, for its timeline.
EVENT_LABELS = {"fill": _("保存自评"), "rectification_fill": _("保存整改情况")}


def _choice(value, choices) -> str:
    return value if value in choices.values else ""


def _filters(request) -> dict:
    return {
        "state": _choice(request.GET.get("state") or "", EvaluationState),
        "grade": _choice(request.GET.get("grade") or "", EvaluationGrade),
        "campaign": int_param(request.GET.get("campaign")),
    }


def evaluation_rows(request):
    """The evaluations ``request.user`` sees, with the list's filters (the list page, its export)."""
    return EVALUATION_LIST.filter(evaluations_visible_to(request.user), **_filters(request))


# --- campaigns -----------------------------------------------------------------------------------------------
@login_required
def campaign_list(request):
    qs = with_counts(campaigns_visible_to(request.user), request.user)
    page = page_of(request, qs)
    context = {"page": page, "page_obj": page, "may_open": campaign_organiser(request.user) is not None}
    return render(request, "oversight/evaluations/campaign_list.html", context)


@login_required
def campaign_create(request):
    if campaign_organiser(request.user) is None:
        raise Http404
    form = CampaignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            campaign = services.campaign_open(
                actor=request.user, name=data["name"], year=data["year"], reference_date=data["reference_date"],
                min_filed_years=data["min_filed_years"], indicators=form.indicators(),
                thresholds=Thresholds(data["excellent_min"], data["good_min"], data["qualified_min"]),
                self_due_on=data["self_due_on"], check_due_on=data["check_due_on"],
                grade_due_on=data["grade_due_on"],
            )  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(
                request,
                gettext("已开展评估，已为%(n)d个基地开启自评。") % {"n": campaign.evaluations.count()},
            )
            return HttpResponseRedirect(campaign.get_absolute_url())
    return render(
        request,
        "oversight/evaluations/form.html",
        {"form": form, "title": gettext("开展基地评估"), "article": ART5},
    )


@login_required
def campaign_detail(request, pk):
    campaign = get_object_or_404(campaigns_visible_to(request.user), pk=pk)
    rows = EVALUATION_LIST.filter(evaluations_visible_to(request.user), campaign=campaign.pk)
    page = page_of(request, rows)
    organiser = campaign_organiser(request.user) is not None
    panels = (
        list(Panel.objects.filter(purpose=PanelPurpose.EVALUATION, context_id=campaign.pk).order_by("-id"))
        if organiser
        else []
    )
    context = {
        "campaign": campaign,
        "indicators": list(campaign.indicators.all()),
        "page": page,
        "page_obj": page,
        "query": urlencode({"campaign": campaign.pk}),
        "organiser": organiser,
        "panels": panels,
    }
    return render(request, "oversight/evaluations/campaign_detail.html", context)


@login_required
def campaign_panel(request, pk):
    """The region forms an expert panel for the campaign; assigning its evaluations is done on the review
    module's panel page."""
    if campaign_organiser(request.user) is None:
        raise Http404
    campaign = get_object_or_404(campaigns_visible_to(request.user), pk=pk)
    form = PanelForm(
        request.POST or None, initial={"name": gettext("%(name)s专家组") % {"name": campaign.name}}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            panel = panel_form(actor=request.user, campaign=campaign, name=data["name"], due_on=data["due_on"],
                               experts=data["experts"], blind=data["blind"])  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(request, gettext("已组建专家组，请在专家组页面分配待评定的基地。"))
            return HttpResponseRedirect(panel.get_absolute_url())
    title = gettext("组建评估专家组：%(name)s") % {"name": campaign.name}
    return render(request, "oversight/evaluations/form.html", {"form": form, "title": title, "article": ART5})


@login_required
@require_POST
def campaign_assign(request, pk, panel_pk):
    """The region assigns the panel's experts every evaluation of the campaign the bureaus forwarded (the review
    module's ``panel_assign``: experts with a conflict are excluded and logged)."""
    if campaign_organiser(request.user) is None:
        raise Http404
    campaign = get_object_or_404(campaigns_visible_to(request.user), pk=pk)
    panel = get_object_or_404(
        Panel.objects.filter(purpose=PanelPurpose.EVALUATION, context_id=campaign.pk), pk=panel_pk
    )
    try:
        result = review_services.panel_assign(
            actor=request.user, panel=panel, subjects=candidate_subjects(panel)
        )
    except (ValidationError, TransitionRefused) as error:
        refusal_messages(request, error)
    else:
        messages.success(
            request,
            gettext("已分配%(assigned)d项评审任务，%(excluded)d人次因利益关系回避。")
            % {"assigned": result.assigned_count, "excluded": result.excluded_count},
        )
    return HttpResponseRedirect(campaign.get_absolute_url())


# --- evaluations ---------------------------------------------------------------------------------------------
@login_required
def evaluation_list(request):
    filters = _filters(request)
    page = page_of(request, evaluation_rows(request))
    context = {
        "page": page,
        "page_obj": page,
        "states": EvaluationState.choices,
        "grades": EvaluationGrade.choices,
        "campaigns": list(campaigns_visible_to(request.user).values_list("pk", "name")[:50]),
        **{k: v or "" for k, v in filters.items()},
        "query": urlencode({k: v for k, v in filters.items() if v}),
    }
    return render(request, "oversight/evaluations/evaluation_list.html", context)


def _forms_for(evaluation, user, indicators) -> dict:
    """The forms the user may fill on this evaluation now (each shown only when its step is permitted)."""
    permits = evaluation_workflow.permits
    forms = {}
    if permits(evaluation, "submit", user):
        scores = {s.indicator_id: s.self_score for s in evaluation.scores.all()}
        initial = {"statement": evaluation.statement, **{f"score_{pk}": v for pk, v in scores.items()}}
        forms["fill_form"] = SelfEvaluationForm(indicators=indicators, initial=initial)
    if permits(evaluation, "forward", user) or permits(evaluation, "return_to_base", user):
        forms["check_form"] = CheckForm()
    if permits(evaluation, "grade", user):
        forms["grade_form"] = GradeForm()
        score, source, grade = services.grade_preview(evaluation)
        forms["preview"] = {"score": score, "source": source, "grade": grade,
                            "grade_label": EvaluationGrade(grade).label if grade else ""}  # fmt: skip
    if permits(evaluation, "submit_rectification", user):
        forms["rectification_form"] = RectificationForm(initial={"report": evaluation.rectification_report})
    return forms


@login_required
def evaluation_detail(request, pk):
    evaluation = get_object_or_404(with_details(evaluations_visible_to(request.user)), pk=pk)
    indicators = list(evaluation.campaign.indicators.all())
    scores = {s.indicator_id: s.self_score for s in evaluation.scores.all()}
    experts = expert_scores(evaluation, indicators)
    context = {
        "evaluation": evaluation,
        "rows": [
            {"indicator": i, "self_score": scores.get(i.pk), "expert_score": experts.get(i.pk)}
            for i in indicators
        ],  # fmt: skip
        "has_expert_scores": bool(experts),
        "evidence": list(evaluation.evidence.all()),
        **_forms_for(evaluation, request.user, indicators),
        **action_panel_context(evaluation_workflow, evaluation, request.user),
        **timeline_context(evaluation_workflow, evaluation, EVENT_LABELS, user=request.user),
    }
    return render(request, "oversight/evaluations/evaluation_detail.html", context)


def _acting_on(request, pk, *actions):
    """The evaluation for a form page: 404 outside the user's scope; back to the evaluation with the reasons
    when none of ``actions`` is open to the user now."""
    evaluation = get_object_or_404(with_details(evaluations_visible_to(request.user)), pk=pk)
    if any(evaluation_workflow.permits(evaluation, a, request.user) for a in actions):
        return evaluation, None
    try:
        evaluation_workflow.require(evaluation, actions[0], request.user)
    except TransitionRefused as refused:
        refusal_messages(request, refused)
    return evaluation, HttpResponseRedirect(evaluation.get_absolute_url())


def _form_page(request, evaluation, form, title, article):
    context = {"form": form, "title": title, "article": article, "evaluation": evaluation}
    return render(request, "oversight/evaluations/form.html", context)


@login_required
def evaluation_fill(request, pk):
    evaluation, away = _acting_on(request, pk, "submit")
    if away:
        return away
    indicators = list(evaluation.campaign.indicators.all())
    form = SelfEvaluationForm(request.POST or None, request.FILES or None, indicators=indicators)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_fill(
                actor=request.user, evaluation=evaluation, scores=form.scores(), statement=data["statement"],
                uploaded=data.get("file"), evidence_indicator=data.get("evidence_indicator"),
            )  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(request, gettext("已保存自评。全部指标打分并填写自评报告后，请提交自评。"))
            return HttpResponseRedirect(evaluation.get_absolute_url())
    return _form_page(request, evaluation, form, gettext("基地自评：%(name)s") % {"name": evaluation}, ART25)


@login_required
def evaluation_check(request, pk):
    evaluation, away = _acting_on(request, pk, "forward", "return_to_base")
    if away:
        return away
    form = CheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_check(actor=request.user, evaluation=evaluation,
                                      forward=data["decision"] == "forward", comment=data["comment"])  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(request, gettext("已办理审核。"))
            return HttpResponseRedirect(evaluation.get_absolute_url())
    return _form_page(
        request, evaluation, form, gettext("审核基地自评：%(name)s") % {"name": evaluation}, ART6
    )


@login_required
def evaluation_grade(request, pk):
    evaluation, away = _acting_on(request, pk, "grade")
    if away:
        return away
    form = GradeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            graded = services.evaluation_grade(actor=request.user, evaluation=evaluation,
                                               rectification_due=data["rectification_due"], comment=data["comment"])  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(request, gettext("已评定：%(grade)s。") % {"grade": graded.get_grade_display()})
            return HttpResponseRedirect(evaluation.get_absolute_url())
    return _form_page(request, evaluation, form, gettext("评定等次：%(name)s") % {"name": evaluation}, ART5)


@login_required
def evaluation_rectification(request, pk):
    evaluation, away = _acting_on(request, pk, "submit_rectification")
    if away:
        return away
    form = RectificationForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.rectification_fill(actor=request.user, evaluation=evaluation, report=data["report"],
                                        uploaded=data.get("file"))  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            errors_on_form(form, error)
        else:
            messages.success(request, gettext("已保存整改情况，请提交整改报告。"))
            return HttpResponseRedirect(evaluation.get_absolute_url())
    return _form_page(request, evaluation, form, gettext("整改情况：%(name)s") % {"name": evaluation}, ART25)


@login_required
def evaluation_evidence(request, pk, evidence_pk):
    evaluation = get_object_or_404(evaluations_visible_to(request.user), pk=pk)
    row = get_object_or_404(EvaluationEvidence.objects.filter(evaluation=evaluation), pk=evidence_pk)
    return file_download(row.file, row.file_name, row.file_type)
