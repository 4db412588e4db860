"""The region administrator's reminder schedule pages: every obligation kind with the schedule in force, and
one kind's form (set, or back to the default)."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.web.pages import errors_on_form, refusal_messages

from ..models import ReminderSetting
from . import services
from .catalogue import kinds, schedule_of
from .forms import ReminderSettingForm
from .permissions import may_manage_reminders


def reminders_manager_required(view):
    """Signed in and allowed by this app's predicate (the region administrator); anyone else signed in 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        if not may_manage_reminders(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def _rows():
    chosen = {row.kind: row for row in ReminderSetting.objects.all()}
    return [
        {
            "info": info,
            "schedule": schedule_of(chosen[k]) if k in chosen else info.default,
            "custom": k in chosen,
        }
        for k, info in kinds().items()
    ]


@reminders_manager_required
def reminder_settings(request):
    return render(request, "deadlines/reminder_settings.html", {"rows": _rows()})


@reminders_manager_required
@require_http_methods(["GET", "POST"])
def reminder_setting_edit(request, kind):
    info = kinds().get(kind)
    if info is None:
        raise Http404
    row = ReminderSetting.objects.filter(kind=kind).first()
    current = schedule_of(row) if row else info.default
    if request.method == "POST" and "reset" in request.POST:
        try:
            services.reminder_setting_reset(actor=request.user, kind=kind)
        except (ValidationError, TransitionRefused) as error:
            refusal_messages(request, error)
        else:
            messages.success(request, _("已恢复默认提醒设置。"))
        return redirect("deadlines:reminder_setting_edit", kind=kind)
    if request.method == "POST":
        form = ReminderSettingForm(request.POST)
        if form.is_valid():
            try:
                services.reminder_setting_set(actor=request.user, kind=kind, schedule=form.schedule())
            except (ValidationError, TransitionRefused) as error:
                errors_on_form(form, error)
            else:
                messages.success(request, _("提醒设置已保存。"))
                return redirect("deadlines:reminder_settings")
    else:
        form = ReminderSettingForm(initial=ReminderSettingForm.initial_for(current))
    return render(
        request,
        "deadlines/reminder_setting_edit.html",
        {"info": info, "form": form, "custom": row is not None, "default": info.default},
    )
