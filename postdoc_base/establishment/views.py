"""Pages for rounds, applications, attachments, claims, the preliminary review and the bureau batch.

Views stay thin: every object comes from a scoped selector (404 when out of scope), every write goes
through a service or ``Workflow.apply``, and refusals are shown verbatim with their article.
"""

from collections import Counter

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_bureau_officer
from postdoc_base.directory.models import Bureau, Unit
from postdoc_base.exports.registry import xlsx_export
from postdoc_base.kernel.params import establishment_params
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.establishment import ART9, Affiliation, eligibility
from postdoc_base.web.exports import choice_label
from postdoc_base.web.pages import form_error_messages, int_param, refusal_messages
from postdoc_base.web.transitions import (
    action_panel_context,
    timeline_context,
)

from . import forms, selectors, services
from .enums import ApplicationState, RoundState
from .models import Attachment, BaseApplication, PriorityClaim
from .permissions import EDITABLE_STATES, application_assignment
from .workflow import application_workflow, round_workflow

PAGE_SIZE = 25


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


# --- rounds --------------------------------------------------------------------------------------------
@login_required
def round_list(request):
    page = _page(request, selectors.rounds_visible_to(request.user))
    return render(
        request,
        "establishment/round_list.html",
        {"page": page, "can_manage": request.user.has_perm("establishment.manage_rounds")},
    )


@login_required
def round_create(request):
    if not request.user.has_perm("establishment.manage_rounds"):
        raise PermissionDenied
    form = forms.RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_create(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("已创建批次“%(name)s”。") % {"name": round_.name})
            return redirect(round_)
    return render(request, "establishment/round_form.html", {"form": form, "round": None})


@login_required
def round_edit(request, pk):
    round_ = get_object_or_404(selectors.rounds_visible_to(request.user), pk=pk)
    if not request.user.has_perm("establishment.manage_rounds"):
        raise PermissionDenied
    form = forms.RoundForm(request.POST or None, instance=round_)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_update(actor=request.user, round_=round_, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("已保存批次。"))
            return redirect(round_)
    return render(request, "establishment/round_form.html", {"form": form, "round": round_})


@login_required
def round_detail(request, pk):
    user = request.user
    round_ = get_object_or_404(selectors.rounds_visible_to(user), pk=pk)
    counts = dict(
        selectors.applications_visible_to(user)
        .filter(round=round_)
        .order_by()
        .values_list("state")
        .annotate(n=Count("id"))
    )
    state_counts = [
        (label, counts.get(value, 0)) for value, label in ApplicationState.choices if value in counts
    ]
    unit_ids = user.scope_ids(Role.UNIT_ADMIN)
    own_applications = list(
        BaseApplication.objects.filter(round=round_, unit_id__in=unit_ids).select_related("unit")
    )
    missing_units = Unit.objects.filter(pk__in=unit_ids - {a.unit_id for a in own_applications}).exists()
    context = {
        "round": round_,
        "state_counts": state_counts,
        "total": sum(counts.values()),
        "own_applications": own_applications,
        "can_apply": round_.state == RoundState.OPEN and missing_units,
        "is_bureau_officer": is_bureau_officer(user),
        "can_manage": user.has_perm("establishment.manage_rounds"),
        **action_panel_context(
            round_workflow, round_, user, reverse("establishment:round_transition", args=[pk])
        ),
        **timeline_context(round_workflow, round_, user=user),
    }
    return render(request, "establishment/round_detail.html", context)


# --- applications: list and export ---------------------------------------------------------------------
def _filtered_applications(request):
    filter_form = forms.ApplicationFilterForm(
        request.GET or None, rounds=selectors.rounds_visible_to(request.user)
    )
    qs = selectors.filter_applications(
        selectors.applications_visible_to(request.user), **filter_form.filters()
    )
    return filter_form, qs


def _route_label(app) -> str:
    value = app.route_affiliation
    return str(Affiliation(value).label) if value in Affiliation.values else value


@login_required
def application_list(request):
    filter_form, qs = _filtered_applications(request)
    page = _page(request, qs)
    for app in page.object_list:
        app.route_label = _route_label(app)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "establishment/application_list.html",
        {
            "page": page,
            "filter_form": filter_form,
            "query": query.urlencode(),
            "can_create": request.user.has_perm("establishment.create_application"),
        },
    )


def _naive_local(value):
    return timezone.localtime(value).replace(tzinfo=None) if value else None


APPLICATION_COLUMNS = (
    (gettext_lazy("申报单位"), lambda app: app.unit.name),
    (gettext_lazy("统一社会信用代码"), lambda app: app.unit.uscc),
    (gettext_lazy("盟市"), lambda app: app.unit.bureau.name if app.unit.bureau else ""),
    (gettext_lazy("申报路径"), _route_label),
    (gettext_lazy("批次"), lambda app: app.round.name),
    (gettext_lazy("状态"), choice_label("state")),
    (gettext_lazy("提交时间"), lambda app: _naive_local(app.submitted_at)),
    (gettext_lazy("更新时间"), lambda app: _naive_local(app.updated_at)),
)


@xlsx_export(
    "applications",
    columns=APPLICATION_COLUMNS,
    sheet=gettext_lazy("设立申请"),
    filename_prefix="applications",
)
def application_export(request):
    """The filtered application list as .xlsx."""
    _form, qs = _filtered_applications(request)
    return qs


# --- applications: create, detail, edit, transition ------------------------------------------------------
@login_required
def application_create(request):
    user = request.user
    if not user.has_perm("establishment.create_application"):
        raise PermissionDenied
    rounds = selectors.open_rounds()
    units = Unit.objects.filter(pk__in=user.scope_ids(Role.UNIT_ADMIN))
    initial = {"round": request.GET.get("round")} if request.GET.get("round") else None
    form = forms.ApplicationCreateForm(request.POST or None, rounds=rounds, units=units, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            app = services.application_create(
                actor=user, round_=form.cleaned_data["round"], unit=form.cleaned_data["unit"]
            )
        except TransitionRefused as refused:
            refusal_messages(request, refused)
        else:
            messages.success(request, _("已创建申请草稿，请填写申报材料。"))
            return redirect("establishment:application_edit", pk=app.pk)
    return render(
        request, "establishment/application_create.html", {"form": form, "has_open_round": rounds.exists()}
    )


def _eligibility_context(app) -> dict:
    today = timezone.localdate()
    report = eligibility(app.facts(), today, establishment_params(today))
    return {"report": report}


def _get_application(request, pk):
    return get_object_or_404(selectors.application_detail_queryset(request.user), pk=pk)


@login_required
def application_detail(request, pk):
    user = request.user
    app = _get_application(request, pk)
    review = getattr(app, "preliminary_review", None)
    review_items = []
    if review is not None:
        for key, article in zip(forms.ITEM_KEYS, ART9, strict=True):
            review_items.append(
                (article, review.condition_checks.get(key), review.condition_comments.get(key, ""))
            )
    context = {
        "app": app,
        "show_review": review is not None and user.has_perm("establishment.view_preliminary_review", app),
        "review": review,
        "review_items": review_items,
        "can_edit": user.has_perm("establishment.change_application", app),
        "can_review": user.has_perm("establishment.preliminary_review", app),
        "groups": _evidence_groups(app),
        **_eligibility_context(app),
        **action_panel_context(
            application_workflow, app, user, reverse("establishment:application_transition", args=[pk])
        ),
        **timeline_context(application_workflow, app, user=user),
    }
    return render(request, "establishment/application_detail.html", context)


def _evidence_groups(app) -> list:
    """``(article, title, [(label, value)])`` per Art. 9 item for the read-only view."""
    groups = []
    for article, title, names in forms.ART9_GROUPS:
        rows = []
        for name in names:
            field = BaseApplication._meta.get_field(name)
            value = getattr(app, name)
            if isinstance(value, bool):
                value = _("是") if value else _("否")
            elif name.endswith("_yuan") and value is not None:
                value = _("%(amount)s元") % {"amount": intcomma(value)}
            rows.append((field.verbose_name, value))
        groups.append((article, title, rows))
    return groups


def _edit_forms(request, app):
    data = request.POST if request.method == "POST" else None
    form = forms.ApplicationForm(data, instance=app, prefix="app")
    researchers = forms.ResearcherFormSet(
        data,
        prefix="researchers",
        initial=[
            {
                k: getattr(r, k)
                for k in ("name", "title", "field", "full_time", "senior_title", "can_supervise")
            }
            for r in app.researchers.all()
        ],
    )
    projects = forms.ProjectFormSet(
        data,
        prefix="projects",
        initial=[{"title": p.title, "summary": p.summary} for p in app.projects.all()],
    )
    return form, researchers, projects


def _edit_context(app, form, researchers, projects) -> dict:
    return {
        "app": app,
        "form": form,
        "researchers": researchers,
        "projects": projects,
        "attachment_form": forms.AttachmentForm(prefix="att"),
        "claim_form": forms.ClaimForm(prefix="claim", application=app),
        **_eligibility_context(app),
    }


def _editable_application(request, pk):
    """The applicant's own application, 404 outside scope, 403 for anyone but the applicant."""
    app = _get_application(request, pk)
    if application_assignment(request.user, Role.UNIT_ADMIN, app) is None:
        raise PermissionDenied
    return app


@login_required
def application_edit(request, pk):
    app = _editable_application(request, pk)
    if app.state not in EDITABLE_STATES:
        messages.error(
            request,
            _("申请处于“%(state)s”状态，只有草稿或退回修改的申请可以修改。")
            % {"state": app.get_state_display()},
        )
        return redirect(app)
    form, researchers, projects = _edit_forms(request, app)
    if request.method == "POST" and form.is_valid() and researchers.is_valid() and projects.is_valid():
        try:
            services.application_update(
                actor=request.user,
                app=app,
                fields={name: form.cleaned_data[name] for name in services.APPLICATION_FIELDS},
                researchers=forms.formset_rows(researchers),
                projects=forms.formset_rows(projects),
            )
        except ValidationError as e:
            form.add_error(None, e)
        except TransitionRefused as refused:
            refusal_messages(request, refused)
            return redirect(app)
        else:
            if request.headers.get("HX-Request"):
                # htmx swaps the form and the live eligibility panel from the freshly read application.
                app = _get_application(request, pk)
                request.method = "GET"
                form, researchers, projects = _edit_forms(request, app)
                context = {**_edit_context(app, form, researchers, projects), "saved": True}
                return render(request, "establishment/application_edit.html", context)
            messages.success(request, _("已保存。"))
            return redirect("establishment:application_edit", pk=pk)
    return render(
        request, "establishment/application_edit.html", _edit_context(app, form, researchers, projects)
    )


# --- attachments and claims ------------------------------------------------------------------------------
@login_required
@require_POST
def attachment_upload(request, pk):
    app = _editable_application(request, pk)
    form = forms.AttachmentForm(request.POST, request.FILES, prefix="att")
    if not form.is_valid():
        form_error_messages(request, form)
    else:
        try:
            attachment = services.attachment_add(
                actor=request.user,
                app=app,
                kind=form.cleaned_data["kind"],
                uploaded=form.cleaned_data["file"],
            )
        except (ValidationError, TransitionRefused) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("已上传“%(name)s”。") % {"name": attachment.original_name})
    return redirect("establishment:application_edit", pk=pk)


def _visible_attachment(request, pk):
    return get_object_or_404(
        Attachment.objects.select_related("application"),
        pk=pk,
        application__in=selectors.applications_visible_to(request.user).values("pk"),
    )


@login_required
def attachment_download(request, pk):
    attachment = _visible_attachment(request, pk)
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@login_required
@require_POST
def attachment_delete(request, pk):
    attachment = _visible_attachment(request, pk)
    app_pk = attachment.application_id
    try:
        services.attachment_remove(actor=request.user, attachment=attachment)
    except TransitionRefused as refused:
        refusal_messages(request, refused)
    else:
        messages.success(request, _("已删除附件“%(name)s”。") % {"name": attachment.original_name})
    return redirect("establishment:application_edit", pk=app_pk)


@login_required
@require_POST
def claim_add(request, pk):
    app = _editable_application(request, pk)
    form = forms.ClaimForm(request.POST, prefix="claim", application=app)
    if not form.is_valid():
        for name, errors in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for message in errors:
                messages.error(request, f"{label}：{message}" if label else message)
    else:
        try:
            services.claim_add(actor=request.user, app=app, **form.cleaned_data)
        except (ValidationError, TransitionRefused) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("已添加优先条件。"))
    return redirect("establishment:application_edit", pk=pk)


@login_required
@require_POST
def claim_delete(request, pk):
    claim = get_object_or_404(
        PriorityClaim.objects.select_related("application"),
        pk=pk,
        application__in=selectors.applications_visible_to(request.user).values("pk"),
    )
    app_pk = claim.application_id
    try:
        services.claim_remove(actor=request.user, claim=claim)
    except TransitionRefused as refused:
        refusal_messages(request, refused)
    else:
        messages.success(request, _("已删除优先条件。"))
    return redirect("establishment:application_edit", pk=app_pk)


# --- preliminary review and the bureau batch (Art. 11(2)) ----------------------------------------------
@login_required
def preliminary_review(request, pk):
    app = _get_application(request, pk)
    if not request.user.has_perm("establishment.preliminary_review", app):
        raise PermissionDenied
    review = getattr(app, "preliminary_review", None)
    form = forms.PreliminaryReviewForm(
        request.POST or None, review=review if request.method != "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.preliminary_review_save(actor=request.user, app=app, **form.service_kwargs())
        except TransitionRefused as refused:
            refusal_messages(request, refused)
        else:
            messages.success(
                request, _("已保存初审意见。完成后请在申请页面选择“同意推荐”、退回修改或不予推荐。")
            )
            return redirect(app)
    return render(
        request,
        "establishment/preliminary_review.html",
        {"app": app, "form": form, **_eligibility_context(app)},
    )


@login_required
def bureau_batch(request, pk):
    user = request.user
    round_ = get_object_or_404(selectors.rounds_visible_to(user), pk=pk)
    bureau_ids = sorted(user.scope_ids(Role.BUREAU_OFFICER))
    if not bureau_ids:
        raise PermissionDenied
    requested = request.POST.get("bureau") or request.GET.get("bureau")
    bureau_id = int_param(requested) if int_param(requested) in bureau_ids else bureau_ids[0]
    here = f"{reverse('establishment:bureau_batch', args=[pk])}?bureau={bureau_id}"
    if request.method == "POST":
        try:
            if request.POST.get("op") == "submit":
                done = services.bureau_batch_submit(
                    actor=user, round_=round_, bureau_id=bureau_id, comment=request.POST.get("comment", "")
                )
                messages.success(request, _("已将%(n)d份推荐申请报送自治区。") % {"n": len(done)})
            else:
                ranks = {}
                for key, value in request.POST.items():
                    if key.startswith("rank_") and (subject := int_param(key[5:])) is not None:
                        rank = int_param(value)
                        ranks[subject] = rank if rank else None
                services.recommendation_rank_set(actor=user, round_=round_, bureau_id=bureau_id, ranks=ranks)
                messages.success(request, _("已保存推荐排序。"))
        except TransitionRefused as refused:
            refusal_messages(request, refused)
        return HttpResponseRedirect(here)
    batch = list(selectors.bureau_batch(round_, bureau_id))
    states = Counter(a.state for a in batch)
    context = {
        "round": round_,
        "bureau": Bureau.objects.get(pk=bureau_id),
        "bureaus": Bureau.objects.filter(pk__in=bureau_ids) if len(bureau_ids) > 1 else [],
        "batch": batch,
        "pending": states.get(ApplicationState.BUREAU_REVIEW, 0),
        "recommended": states.get(ApplicationState.RECOMMENDED, 0),
    }
    return render(request, "establishment/bureau_batch.html", context)
