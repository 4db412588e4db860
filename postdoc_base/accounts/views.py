"""The region administrator's console (/admin-console/): accounts, role assignments, unlocking, the
effective-dated parameters and the working-day calendar (节假日安排); and the page where any signed-in user changes their own password.

Views stay thin: lists start from ``users_visible_to``, writes go through ``accounts.services`` and
``kernel.services`` and their refusals are shown verbatim on the form or as a message.
"""

from datetime import date
from functools import wraps

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.db.models.functions import ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from postdoc_base.directory.models import Bureau
from postdoc_base.kernel import params
from postdoc_base.kernel import services as kernel_services
from postdoc_base.kernel.calendar import count_from
from postdoc_base.kernel.models import AuditEvent, CalendarDay, CalendarDayKind, CalendarYear, Parameter
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.pages import int_param, text_param

from . import services
from .enums import Role
from .forms import (
    AssignmentForm,
    CalendarTryForm,
    CalendarYearForm,
    OwnPasswordForm,
    ParameterForm,
    SetPasswordForm,
    UserCreateForm,
    UserUpdateForm,
    apply_service_errors,
    calendar_lines,
    style,
)
from .models import RoleAssignment
from .selectors import users_visible_to

PAGE_SIZE = 25
HISTORY_LIMIT = 20
SCOPES = ("bureau", "department", "unit", "station", "expert", "postdoc", "supervisor")
# A scope is shown by its name: a postdoc's encrypted ID number is never read (nor decrypted) for it.
UNREAD = ("postdoc__id_number",)
ACTION_LABELS = {
    "user_create": gettext_lazy("创建用户"),
    "user_update": gettext_lazy("修改用户信息"),
    "user_set_password": gettext_lazy("重设密码"),
    "user_unlock": gettext_lazy("解除锁定"),
    "own_password_change": gettext_lazy("修改密码"),
    "locked": gettext_lazy("多次登录失败，账户锁定"),
    "password_reset_request": gettext_lazy("申请通过电子邮件重设密码"),
    "password_reset": gettext_lazy("通过电子邮件链接重设密码"),
    "calendar_feed_issue": gettext_lazy("开通日历订阅"),
    "calendar_feed_regenerate": gettext_lazy("重新生成日历订阅地址"),
    "calendar_feed_revoke": gettext_lazy("停用日历订阅"),
    "email_digest_set": gettext_lazy("更改每日汇总邮件设置"),
}


def region_admin_required(view):
    """Signed-in region administrators only; anyone else signed in gets 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not request.user.has_perm("accounts.manage_users"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _run(form, call):
    """Run a service; on a refusal or a validation error put it on the form and return None."""
    try:
        return call()
    except TransitionRefused as exc:
        for finding in exc.findings:
            form.add_error(None, str(finding.message))
    except ValidationError as exc:
        apply_service_errors(form, exc)
    return None


def _run_with_message(request, call, success: str) -> bool:
    """Run a button's service; tell the outcome as a message."""
    try:
        call()
    except TransitionRefused as exc:
        for finding in exc.findings:
            messages.error(request, str(finding.message))
        return False
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return False
    messages.success(request, success)
    return True


# --- users ---------------------------------------------------------------------------------------------
def _user_filters(request) -> dict:
    g = request.GET
    bureau = g.get("bureau", "")
    return {
        "q": text_param(g.get("q")),
        "role": g.get("role", "") if g.get("role") in Role.values else "",
        "bureau": int_param(bureau),
    }


def _active_assignments():
    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.filter(active=True)
        .select_related(*SCOPES)
        .defer(*UNREAD)
        .order_by("role", "id"),
        to_attr="active_assignments",
    )


@region_admin_required
def user_list(request):
    f = _user_filters(request)
    qs = users_visible_to(request.user)
    if f["q"]:
        qs = qs.filter(Q(username__icontains=f["q"]) | Q(display_name__icontains=f["q"]))
    active = RoleAssignment.objects.filter(user=OuterRef("pk"), active=True)
    if f["role"]:
        qs = qs.filter(Exists(active.filter(role=f["role"])))
    if f["bureau"]:
        qs = qs.filter(Exists(active.filter(Q(bureau_id=f["bureau"]) | Q(unit__bureau_id=f["bureau"]))))
    qs = qs.order_by("username").prefetch_related(_active_assignments())
    return render(
        request,
        "accounts/user_list.html",
        {
            "page_obj": Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page")),
            "filters": f,
            "roles": Role.choices,
            "bureaus": list(Bureau.objects.all()),
            "now": timezone.now(),
        },
    )


@region_admin_required
@require_http_methods(["GET", "POST"])
def user_create(request):
    form = style(UserCreateForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        user = _run(form, lambda: services.user_create(actor=request.user, **form.cleaned_data))
        if user is not None:
            messages.success(request, _("已创建用户，请为其添加角色授权。"))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "accounts/form.html",
        {"form": form, "title": _("新建用户"), "cancel": "accounts:user_list", "tab": "users"},
    )


def _managed_user(request, pk):
    return get_object_or_404(users_visible_to(request.user), pk=pk)


def _detail(request, user, *, update_form=None, assignment_form=None, status=200):
    assignments = (
        RoleAssignment.objects.filter(user=user)
        .select_related(*SCOPES)
        .defer(*UNREAD)
        .order_by("-active", "role", "id")
    )
    history = AuditEvent.objects.filter(
        subject_type=get_user_model()._meta.label_lower, subject_id=str(user.pk)
    ).order_by("-seq")[:HISTORY_LIMIT]
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": user,
            "locked": bool(user.locked_until and user.locked_until > timezone.now()),
            "assignments": list(assignments),
            "history": [(e, ACTION_LABELS.get(e.action, e.action)) for e in history],
            "update_form": update_form
            or style(
                UserUpdateForm(initial={f: getattr(user, f) for f in ("display_name", "email", "phone")})
            ),
            "assignment_form": assignment_form or style(AssignmentForm()),
        },
        status=status,
    )


@region_admin_required
def user_detail(request, pk):
    return _detail(request, _managed_user(request, pk))


@region_admin_required
@require_POST
def user_update(request, pk):
    user = _managed_user(request, pk)
    form = style(UserUpdateForm(request.POST))
    if form.is_valid():
        saved = _run(
            form,
            lambda: services.user_update(
                actor=request.user, user=user, is_active=user.is_active, **form.cleaned_data
            ),
        )
        if saved is not None:
            messages.success(request, _("已保存用户信息。"))
            return redirect("accounts:user_detail", pk=user.pk)
    return _detail(request, user, update_form=form)


@region_admin_required
@require_POST
def user_set_active(request, pk):
    user = _managed_user(request, pk)
    active = request.POST.get("active") == "1"
    _run_with_message(
        request,
        lambda: services.user_update(
            actor=request.user,
            user=user,
            display_name=user.display_name,
            email=user.email,
            phone=user.phone,
            is_active=active,
        ),
        _("已启用该账户。") if active else _("已停用该账户。"),
    )
    return redirect("accounts:user_detail", pk=user.pk)


@region_admin_required
@require_POST
def user_unlock(request, pk):
    user = _managed_user(request, pk)
    _run_with_message(
        request, lambda: services.user_unlock(actor=request.user, user=user), _("已解除账户锁定。")
    )
    return redirect("accounts:user_detail", pk=user.pk)


@region_admin_required
@require_http_methods(["GET", "POST"])
def user_set_password(request, pk):
    user = _managed_user(request, pk)
    form = style(SetPasswordForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        saved = _run(
            form,
            lambda: services.user_set_password(
                actor=request.user, user=user, password=form.cleaned_data["password"]
            ),
        )
        if saved is not None:
            if saved.pk == request.user.pk:
                update_session_auth_hash(request, saved)
            messages.success(request, _("已重设密码，请通过安全渠道告知用户。"))
            return redirect("accounts:user_detail", pk=user.pk)
    return render(
        request,
        "accounts/form.html",
        {
            "form": form,
            "title": _("重设密码"),
            "object": user,
            "cancel": "accounts:user_detail",
            "cancel_pk": user.pk,
            "tab": "users",
        },
    )


@region_admin_required
@require_POST
def assignment_add(request, pk):
    user = _managed_user(request, pk)
    form = style(AssignmentForm(request.POST))
    if form.is_valid():
        row = _run(
            form, lambda: services.assignment_add(actor=request.user, user=user, **form.service_kwargs())
        )
        if row is not None:
            messages.success(request, _("已添加角色授权：%(assignment)s") % {"assignment": row})
            return redirect("accounts:user_detail", pk=user.pk)
    return _detail(request, user, assignment_form=form)


@region_admin_required
@require_POST
def assignment_deactivate(request, pk):
    row = get_object_or_404(RoleAssignment.objects.select_related("user", *SCOPES).defer(*UNREAD), pk=pk)
    if not users_visible_to(request.user).filter(pk=row.user_id).exists():
        raise Http404
    _run_with_message(
        request,
        lambda: services.assignment_deactivate(actor=request.user, assignment=row),
        _("已撤销角色授权：%(assignment)s") % {"assignment": row},
    )
    return redirect("accounts:user_detail", pk=row.user_id)


# --- parameters ----------------------------------------------------------------------------------------
def _parameter_page(request, bound: ParameterForm | None = None, status=200):
    today = timezone.localdate()
    rows_by_key: dict[str, list] = {key: [] for key in kernel_services.PARAMETER_SPECS}
    for row in Parameter.objects.filter(key__in=list(rows_by_key)).order_by("key", "effective_from"):
        rows_by_key[row.key].append(row)
    sections = []
    for key, spec in kernel_services.PARAMETER_SPECS.items():
        rows = rows_by_key[key]
        in_force = next((r for r in reversed(rows) if r.effective_from <= today), None)
        form = bound if bound is not None and bound.key == key else ParameterForm(key=key)
        sections.append(
            {
                "spec": spec,
                "rows": [
                    {
                        "row": r,
                        "in_force": r is in_force,
                        "scheduled": r.effective_from > today,
                        "amount": f"{r.value['amount_yuan']:,}" if key == params.SALARY_FLOOR else "",
                    }
                    for r in rows
                ],
                "form": form,
            }
        )
    return render(
        request,
        "accounts/parameter_list.html",
        {"sections": sections, "today": today, "salary_key": params.SALARY_FLOOR},
        status=status,
    )


@region_admin_required
def parameter_list(request):
    return _parameter_page(request)


@region_admin_required
@require_POST
def parameter_add(request, key):
    if key not in kernel_services.PARAMETER_SPECS:
        raise Http404
    form = ParameterForm(request.POST, key=key)
    if form.is_valid():
        row = _run(
            form,
            lambda: kernel_services.parameter_add(
                actor=request.user,
                key=key,
                effective_from=form.cleaned_data["effective_from"],
                value=form.parameter_value(),
                note=form.cleaned_data["note"],
            ),
        )
        if row is not None:
            messages.success(
                request, _("已添加参数取值，自%(date)s起生效。") % {"date": row.effective_from.isoformat()}
            )
            return redirect("accounts:parameter_list")
    return _parameter_page(request, bound=form)


# --- working-day calendar ------------------------------------------------------------------------------
@region_admin_required
def calendar(request):
    """The years around today with their schedule; the current and next year are flagged when missing."""
    today = timezone.localdate()
    if (year := int_param(request.GET.get("year"))) is not None:
        return redirect("accounts:calendar_year", year=year)
    years = list(range(today.year + 1, today.year - 3, -1))
    schedules = {row.year: row for row in CalendarYear.objects.filter(year__in=years)}
    counts = {
        (row["y"], row["kind"]): row["n"]
        for row in CalendarDay.objects.filter(
            date__gte=date(years[-1], 1, 1), date__lte=date(years[0], 12, 31)
        )
        .annotate(y=ExtractYear("date"))
        .values("y", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    }
    rows = [
        {
            "year": y,
            "schedule": schedules.get(y),
            "holidays": counts.get((y, CalendarDayKind.HOLIDAY), 0),
            "workdays": counts.get((y, CalendarDayKind.WORKDAY), 0),
            "current": y == today.year,
            "warn": y in (today.year, today.year + 1) and y not in schedules,
        }
        for y in years
    ]
    return render(
        request,
        "accounts/calendar_list.html",
        {"rows": rows, "missing": [r["year"] for r in rows if r["warn"]], "today": today},
    )


@region_admin_required
@require_http_methods(["GET", "POST"])
def calendar_year(request, year):
    if not kernel_services.CALENDAR_MIN_YEAR <= year <= kernel_services.CALENDAR_MAX_YEAR:
        raise Http404
    if request.method == "POST":
        form = CalendarYearForm(request.POST)
        if form.is_valid():
            row = _run(
                form,
                lambda: kernel_services.calendar_year_set(
                    actor=request.user,
                    year=year,
                    holidays=form.cleaned_data["holidays"],
                    workdays=form.cleaned_data["workdays"],
                    source=form.cleaned_data["source"],
                ),
            )
            if row is not None:
                messages.success(request, _("%(year)d年节假日安排已保存。") % {"year": year})
                return redirect("accounts:calendar_year", year=year)
    else:
        form = None
    schedule = CalendarYear.objects.filter(year=year).first()
    days = list(CalendarDay.objects.filter(date__year=year).order_by("date"))
    holidays = [d for d in days if d.kind == CalendarDayKind.HOLIDAY]
    workdays = [d for d in days if d.kind == CalendarDayKind.WORKDAY]
    if form is None:
        form = CalendarYearForm(
            initial={
                "holidays": calendar_lines([(d.date, d.name) for d in holidays]),
                "workdays": calendar_lines([(d.date, d.name) for d in workdays]),
                "source": schedule.source if schedule else "",
            }
        )
    try_form = CalendarTryForm(request.GET if "try-start" in request.GET else None)
    result = (
        count_from(try_form.cleaned_data["start"], try_form.cleaned_data["days"])
        if try_form.is_valid()
        else None
    )
    return render(
        request,
        "accounts/calendar_year.html",
        {
            "year": year,
            "schedule": schedule,
            "holidays": holidays,
            "workdays": workdays,
            "form": form,
            "try_form": try_form,
            "result": result,
        },
    )


@region_admin_required
@require_POST
def calendar_year_clear(request, year):
    _run_with_message(
        request,
        lambda: kernel_services.calendar_year_clear(actor=request.user, year=year),
        _("已清除%(year)d年节假日安排，该年期限按周一至周五计算。") % {"year": year},
    )
    return redirect("accounts:calendar_year", year=year)


# --- own password --------------------------------------------------------------------------------------
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request):
    form = style(OwnPasswordForm(request.POST or None))
    if request.method == "POST" and form.is_valid():
        user = _run(
            form,
            lambda: services.own_password_change(
                actor=request.user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            ),
        )
        if user is not None:
            update_session_auth_hash(request, user)
            messages.success(request, _("密码已修改。"))
            return redirect("home")
    return render(request, "accounts/form.html", {"form": form, "title": _("修改密码"), "cancel": "home"})
