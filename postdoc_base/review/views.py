"""Pages for expert review (第十一条第（三）项 / Art. 11(3)): panels for the region administrator (and, for the
assessment panels of its postdocs, a base's unit administrator, Art. 17), scoring for experts. Objects come
from the scoped selectors; writes go through services and the assignment workflow."""

from collections import defaultdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_unit_admin
from postdoc_base.exports.registry import workbook_response
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.review import ConflictCause, aggregate
from postdoc_base.web.exports import Sheet
from postdoc_base.web.pages import form_error_messages, int_param, refusal_messages
from postdoc_base.web.transitions import (
    action_panel_context,
    timeline_context,
)

from . import forms, selectors, services
from .enums import AssignmentState, PanelPhase, PanelPurpose
from .models import Exclusion
from .permissions import manages_panel
from .subjects import candidate_subjects, context_querysets, subject_queryset
from .workflow import assignment_workflow, panel_article, panel_workflow

PAGE_SIZE = 25
EVENT_LABELS = {
    "scores_save": gettext_lazy("保存评分"),
    "member_add": gettext_lazy("添加专家"),
    "exclude": gettext_lazy("利益冲突回避"),
    "phase": gettext_lazy("调整评审阶段"),
}


def _organiser_only(request) -> None:
    if not selectors.is_organiser(request.user):
        raise PermissionDenied


def _panel(request, pk):
    """A panel the user organises: any for the region; a unit administrator's own assessment panels."""
    if not (selectors.is_organiser(request.user) or is_unit_admin(request.user)):
        raise PermissionDenied
    panel = get_object_or_404(selectors.panels_visible_to(request.user), pk=pk)
    if not manages_panel(request.user, panel):
        raise PermissionDenied
    return panel


def _formed_elsewhere(request, panel) -> bool:
    """Assessment panels are formed as a whole on the assessment page (joint-panel rules, Art. 17)."""
    if panel.purpose == PanelPurpose.ASSESSMENT:
        messages.error(request, _("考核专家组请在考核页面组建。"))
        return True
    return False


# --- panels (region administrator; unit administrators for their assessment panels) ----------------------
@login_required
def panel_list(request):
    if not (selectors.is_organiser(request.user) or is_unit_admin(request.user)):
        raise PermissionDenied
    qs = (
        selectors.panels_managed_by(request.user)
        .annotate(
            member_count=Count("members", distinct=True),
            assignment_count=Count(
                "assignments", filter=~Q(assignments__state=AssignmentState.WITHDRAWN), distinct=True
            ),
            submitted_count=Count(
                "assignments", filter=Q(assignments__state=AssignmentState.SUBMITTED), distinct=True
            ),
        )  # fmt: skip
        .prefetch_related(GenericPrefetch("context", context_querysets()))
        .order_by(*selectors.PANEL_LIST.ordering)
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "review/panel_list.html",
        {"page_obj": page, "organiser": selectors.is_organiser(request.user)},
    )


@login_required
def panel_create(request):
    _organiser_only(request)
    form = forms.PanelForm(request.POST or None, initial={"round": request.GET.get("round")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                rubric = data["rubric"] or services.rubric_create(
                    actor=request.user, name=data["rubric_name"] or data["name"], items=form.rubric_items()
                )
                panel = services.panel_create(
                    actor=request.user, name=data["name"], purpose=PanelPurpose.ESTABLISHMENT,
                    context=data["round"], rubric=rubric, due_on=data["due_on"], blind=data["blind"],
                    disagreement_threshold=data["disagreement_threshold"],
                )  # fmt: skip
        except (ValidationError, TransitionRefused) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("已创建专家组“%(name)s”，请添加专家。") % {"name": panel.name})
            return redirect(panel)
    return render(request, "review/panel_form.html", {"form": form})


def _subject_rows(panel, organiser: bool = True):
    """Per subject: its assignments (with labels) and the aggregate of the submitted totals."""
    by_subject = defaultdict(list)
    for a in selectors.panel_assignments(panel):
        a.label = selectors.member_label(a.member, panel, organiser=organiser)
        by_subject[a.subject_id].append(a)
    subjects = {s.pk: s for s in subject_queryset(panel.purpose).filter(pk__in=by_subject)}
    rows = []
    for subject_id, assignments in by_subject.items():
        totals = [
            a.total for a in assignments if a.state == AssignmentState.SUBMITTED and a.total is not None
        ]
        rows.append({
            "subject": subjects.get(subject_id), "assignments": assignments,
            "aggregate": aggregate(totals, panel.disagreement_threshold),
        })  # fmt: skip
    return rows


@login_required
def panel_detail(request, pk):
    panel = _panel(request, pk)
    members = list(panel.members.select_related("expert"))
    exclusions = list(Exclusion.objects.filter(panel=panel).select_related("expert"))
    alias = {m.expert_id: m.alias for m in members}
    subject_labels = {
        s.pk: str(s)
        for s in subject_queryset(panel.purpose).filter(pk__in={e.subject_id for e in exclusions})
    }
    for e in exclusions:
        e.alias = alias.get(e.expert_id, "")
        e.subject_label = subject_labels.get(e.subject_id, e.subject_id)
    rows = _subject_rows(panel)
    assigned_ids = {r["subject"].pk for r in rows if r["subject"]}
    candidates = list(candidate_subjects(panel))
    for c in candidates:
        c.is_assigned = c.pk in assigned_ids
    next_phases = [(value, label) for value, label in PanelPhase.choices
                   if services.PHASE_ORDER.index(value) > services.PHASE_ORDER.index(panel.phase)]  # fmt: skip
    context = {
        "panel": panel,
        "members": members,
        "member_form": forms.MemberForm(panel=panel),
        "exclusions": exclusions,
        "rows": rows,
        "candidates": candidates,
        "items": list(panel.rubric.items.all()),
        "next_phases": next_phases,
        "formed_here": panel.purpose == PanelPurpose.ESTABLISHMENT,
        **timeline_context(panel_workflow, panel, EVENT_LABELS),
    }
    return render(request, "review/panel_detail.html", context)


@login_required
@require_POST
def panel_member_add(request, pk):
    panel = _panel(request, pk)
    if _formed_elsewhere(request, panel):
        return redirect(panel)
    form = forms.MemberForm(request.POST, panel=panel)
    if not form.is_valid():
        form_error_messages(request, form)
    else:
        try:
            member = services.panel_add_member(actor=request.user, panel=panel, **form.cleaned_data)
        except (ValidationError, TransitionRefused) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("已添加专家（%(alias)s）。") % {"alias": member.alias})
    return redirect(panel)


@login_required
@require_POST
def panel_assign(request, pk):
    panel = _panel(request, pk)
    if _formed_elsewhere(request, panel):
        return redirect(panel)
    ids = [n for v in request.POST.getlist("subjects") if (n := int_param(v)) is not None]
    subjects = list(candidate_subjects(panel).filter(pk__in=ids))
    try:
        result = services.panel_assign(actor=request.user, panel=panel, subjects=subjects)
    except (ValidationError, TransitionRefused) as error:
        refusal_messages(request, error)
    else:
        messages.success(request, _("已分配%(n)d项评审任务，%(x)d人次因利益冲突回避。")
                         % {"n": result.assigned_count, "x": result.excluded_count})  # fmt: skip
        for item in result.subjects:
            for member, causes in item.excluded:
                labels = "、".join(f"{ConflictCause(c).label}（{org}）" for c, org in causes)
                messages.warning(request, _("%(subject)s：%(expert)s回避，原因：%(causes)s")
                                 % {"subject": item.subject, "expert": member.expert.name, "causes": labels})  # fmt: skip
    return redirect(panel)


@login_required
@require_POST
def panel_phase(request, pk):
    panel = _panel(request, pk)
    try:
        panel = services.panel_set_phase(actor=request.user, panel=panel, phase=request.POST.get("phase", ""))
    except (ValidationError, TransitionRefused) as error:
        refusal_messages(request, error)
    else:
        messages.success(request, _("专家组已进入“%(phase)s”阶段。") % {"phase": panel.get_phase_display()})
    return redirect(panel)


@login_required
def panel_export(request, pk):
    """Scores as xlsx; a blind panel's export names experts by alias only, so the file may travel."""
    panel = _panel(request, pk)
    items = list(panel.rubric.items.all())
    rows = _subject_rows(panel, organiser=not panel.blind)
    scored = [
        (row, a, {s.item_id: s.score for s in a.scores.all()}) for row in rows for a in row["assignments"]
    ]
    detail = (
        (_("评审对象"), lambda r: str(r[0]["subject"] or r[1].subject_id)),
        (_("专家"), lambda r: r[1].label),
        (_("状态"), lambda r: r[1].get_state_display()),
        *((f"{i.label}（{i.max_score}）", lambda r, pk=i.pk: r[2].get(pk)) for i in items),
        (_("加权总分"), lambda r: r[1].total),
        (_("评审意见"), lambda r: r[1].comment),
        (_("提交时间"), lambda r: r[1].submitted_at),
    )
    summary = (
        (_("评审对象"), lambda row: str(row["subject"] or "")),
        (_("已提交"), lambda row: row["aggregate"].count),
        (_("平均分"), lambda row: row["aggregate"].mean),
        (_("中位数"), lambda row: row["aggregate"].median),
        (_("极差"), lambda row: row["aggregate"].spread),
        (_("分歧较大"), lambda row: bool(row["aggregate"].disagreement)),
    )
    return workbook_response(
        request,
        [Sheet(_("评分明细"), detail, scored), Sheet(_("汇总"), summary, rows)],
        title=_("%(panel)s评分") % {"panel": panel.name},
        fallback_stem=f"panel-{panel.pk}-scores",
    )


# --- assignments (experts; the region administrator sees all) -------------------------------------------
@login_required
def assignment_list(request):
    user = request.user
    if selectors.is_organiser(user):
        qs = selectors.with_subjects(selectors.ASSIGNMENT_LIST.order(selectors.assignments_visible_to(user)))
    else:
        qs = selectors.expert_assignments(user)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    organiser = selectors.is_organiser(user)
    for a in page.object_list:
        a.label = selectors.member_label(a.member, a.panel, organiser=organiser)
    return render(request, "review/assignment_list.html",
                  {"page_obj": page, "organiser": organiser, "today": timezone.localdate()})  # fmt: skip


def _assignment(request, pk):
    return get_object_or_404(
        selectors.assignments_visible_to(request.user).select_related("panel__rubric"), pk=pk
    )


@login_required
def assignment_detail(request, pk):
    user = request.user
    assignment = _assignment(request, pk)
    panel = assignment.panel
    organiser = manages_panel(user, panel)
    items = list(panel.rubric.items.all())
    if request.method == "POST":
        return _save_scores(request, assignment, items)
    mine = {s.item_id: s.score for s in assignment.scores.all()}
    item_rows = [{"item": i, "score": mine.get(i.pk)} for i in items]
    peers = []
    if selectors.peers_visible(assignment, user):
        for p in selectors.peer_assignments(assignment):
            scores = {s.item_id: s.score for s in p.scores.all()}
            peers.append({"label": selectors.member_label(p.member, panel, organiser=organiser),
                          "scores": [scores.get(i.pk) for i in items], "total": p.total, "comment": p.comment})  # fmt: skip
    is_own = assignment.member.expert_id in user.scope_ids(Role.EXPERT)
    context = {
        "assignment": assignment,
        "panel": panel,
        "subject": assignment.subject,
        "article": panel_article(panel),
        "label": selectors.member_label(assignment.member, panel, organiser=organiser),
        "item_rows": item_rows,
        "items": items,
        "peers": peers,
        "peers_hidden": not selectors.peers_visible(assignment, user),
        "editable": is_own
        and assignment.state == AssignmentState.ASSIGNED
        and panel.phase != PanelPhase.CLOSED,
        **action_panel_context(
            assignment_workflow, assignment, user, reverse("review:assignment_transition", args=[pk])
        ),  # fmt: skip
        **timeline_context(assignment_workflow, assignment, EVENT_LABELS),
    }
    return render(request, "review/assignment_detail.html", context)


def _save_scores(request, assignment, items):
    scores = {i.pk: request.POST.get(f"score_{i.pk}", "").strip() for i in items}
    comment = request.POST.get("comment", "")
    try:
        with transaction.atomic():
            services.scores_save(actor=request.user, assignment=assignment, scores=scores, comment=comment)
            if request.POST.get("op") == "submit":
                assignment_workflow.apply(assignment, "submit", actor=request.user)
    except (ValidationError, TransitionRefused) as error:
        refusal_messages(request, error)
    else:
        if request.POST.get("op") == "submit":
            messages.success(request, _("评分已提交。"))
        else:
            messages.success(request, _("评分已保存，提交前仍可修改。"))
    return HttpResponseRedirect(assignment.get_absolute_url())
