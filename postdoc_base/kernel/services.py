"""Writes to kernel tables: effective-dated parameters (DOMAIN.md, "Numbers the system needs"), the
working-day calendar and marking inbox notifications read.

A parameter is never edited in place. Each row holds the value from its ``effective_from`` date until the
next row of the same key; rows in the past are history, a row effective from a future date schedules a
change (e.g. the next year's C tier entered ahead of time). Only the region administrator may add rows.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.permissions import region_admin_assignment
from postdoc_base.policy.findings import Finding, lazy_format

from . import audit, params
from .models import CalendarDay, CalendarDayKind, CalendarYear, Notification, Parameter
from .workflow import TransitionRefused


class NotAllowed(TransitionRefused):
    """A write the actor may not make; carries findings like a refused transition."""


def refuse(message) -> NotAllowed:
    return NotAllowed([Finding(False, "kernel.not_permitted", "", message)])


def require_region_admin(actor):
    """The region-administrator assignment the actor acts under; ``NotAllowed`` for anyone else."""
    assignment = region_admin_assignment(actor)
    if assignment is None:
        raise refuse(_("只有自治区人社厅管理员可以执行此操作。"))
    return assignment


# The 公示 period (DOMAIN.md: 5 working days, not fixed by the measures); kernel.params reads it by this key.
NOTICE_WORKING_DAYS = params.NOTICE_WORKING_DAYS


# --- parameter specifications --------------------------------------------------------------------------
@dataclass(frozen=True)
class ParameterSpec:
    key: str
    label: Any
    basis: Any  # where the number comes from
    fixed_by_measures: bool  # False: the measures leave the number open ("办法未规定具体数值")
    minimum: int = 0  # for integer parameters


PARAMETER_SPECS: dict[str, ParameterSpec] = {
    params.SALARY_FLOOR: ParameterSpec(
        params.SALARY_FLOOR,
        _("博士后薪酬下限（国家资助博士后研究人员计划C档）"),
        _("第九条第（五）项：薪酬待遇不低于国家资助博士后研究人员计划C档标准；标准以国家当年通知为准"),
        fixed_by_measures=True,
    ),
    params.MIN_SUPERVISORS: ParameterSpec(
        params.MIN_SUPERVISORS,
        _("可指导博士后的高级职称专职研发人员最低人数"),
        _("第九条第（三）项：具有一定数量的高级职称专职研发人员"),
        fixed_by_measures=False,
        minimum=1,
    ),
    params.REAPPLICATION_BAN_YEARS: ParameterSpec(
        params.REAPPLICATION_BAN_YEARS,
        _("撤销备案后不得再次申请的年限"),
        _("第二十四条：撤销备案3年后方可再次申请"),
        fixed_by_measures=True,
        minimum=0,
    ),
    NOTICE_WORKING_DAYS: ParameterSpec(
        NOTICE_WORKING_DAYS,
        _("公示期（工作日）"),
        _("第十一条：经公示无异议后备案；公示天数办法未作规定，默认5个工作日"),
        fixed_by_measures=False,
        minimum=1,
    ),
}


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def clean_parameter_value(key: str, value):
    """The value in its stored shape, or a ``ValidationError`` on ``value`` saying what is expected."""
    if key == params.SALARY_FLOOR:
        if not isinstance(value, dict) or set(value) != {"amount_yuan", "period_years"}:
            raise ValidationError({"value": _("薪酬下限须包含金额（元）和期限（年）。")})
        amount, period = value["amount_yuan"], value["period_years"]
        errors = {}
        if not _is_int(amount) or amount <= 0:
            errors["amount_yuan"] = _("金额须为大于0的整数（元）。")
        if not _is_int(period) or period < 1:
            errors["period_years"] = _("期限须为不小于1的整数（年）。")
        if errors:
            raise ValidationError(errors)
        return {"amount_yuan": amount, "period_years": period}
    spec = PARAMETER_SPECS[key]
    if not _is_int(value) or value < spec.minimum:
        raise ValidationError(
            {"value": lazy_format(_("取值须为不小于%(minimum)d的整数。"), minimum=spec.minimum)}
        )
    return value


def parameter_add(*, actor, key: str, effective_from: date, value, note: str) -> Parameter:
    """Add the value of ``key`` in force from ``effective_from``; one row per key and date."""
    assignment = require_region_admin(actor)
    if key not in PARAMETER_SPECS:
        raise ValidationError({"key": _("未知的参数。")})
    value = clean_parameter_value(key, value)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("请填写说明，例如所依据的文件。")})
    duplicate = ValidationError(
        {
            "effective_from": lazy_format(
                _("该参数自%(date)s起已有取值，同一生效日期只能有一条。"), date=effective_from.isoformat()
            )
        }
    )
    if Parameter.objects.filter(key=key, effective_from=effective_from).exists():
        raise duplicate
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = Parameter.objects.create(key=key, effective_from=effective_from, value=value, note=note)
        except IntegrityError:
            raise duplicate from None
        audit.record(
            actor=actor,
            subject=row,
            action="parameter_add",
            role=assignment.role,
            scope=assignment.scope_label,
            diff=audit.field_diff(
                {}, {"key": key, "effective_from": effective_from, "value": value, "note": note}
            ),
        )
    return row


# --- working-day calendar ------------------------------------------------------------------------------
CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR = 2000, 2100
MANUAL_CALENDAR_SOURCE = "自治区人社厅录入"  # stored data, not an interface string
WEEKDAYS = (_("星期一"), _("星期二"), _("星期三"), _("星期四"), _("星期五"), _("星期六"), _("星期日"))


def _calendar_year_checked(year) -> int:
    if not _is_int(year) or not CALENDAR_MIN_YEAR <= year <= CALENDAR_MAX_YEAR:
        raise ValidationError(
            {
                "year": lazy_format(
                    _("年份须在%(minimum)d年至%(maximum)d年之间。"),
                    minimum=CALENDAR_MIN_YEAR,
                    maximum=CALENDAR_MAX_YEAR,
                )
            }
        )
    return year


def _calendar_days(year: int, field: str, days, errors: dict) -> dict[date, str]:
    """``{date: name}`` from ``(date, name)`` pairs; a repeated date keeps its first name."""
    out: dict[date, str] = {}
    for day, name in days:
        name = (name or "").strip()
        if day.year != year:
            errors.setdefault(field, []).append(
                lazy_format(_("%(date)s不在%(year)d年内。"), date=day.isoformat(), year=year)
            )
        elif len(name) > 60:
            errors.setdefault(field, []).append(
                lazy_format(_("%(date)s的名称过长（最多60个字）。"), date=day.isoformat())
            )
        else:
            out.setdefault(day, name)
    return out


def _calendar_snapshot(year: int) -> dict:
    row = CalendarYear.objects.filter(year=year).first()
    days = list(CalendarDay.objects.filter(date__year=year).order_by("date").values_list("date", "kind"))
    holidays = [d.isoformat() for d, kind in days if kind == CalendarDayKind.HOLIDAY]
    workdays = [d.isoformat() for d, kind in days if kind == CalendarDayKind.WORKDAY]
    return {
        "source": row.source if row else None,
        "holiday_count": len(holidays),
        "workday_count": len(workdays),
        "holidays": holidays,
        "workdays": workdays,
    }


def calendar_year_set(
    *, actor, year: int, holidays: list[tuple[date, str]], workdays: list[tuple[date, str]], source: str
) -> CalendarYear:
    """Enter (or replace) a year's holiday schedule as the State Council published it.

    ``holidays`` are the official holiday periods, weekends included; only the weekday holidays are
    stored, a weekend being a rest day anyway. ``workdays`` are the adjusted working days (调休上班日),
    which are always a Saturday or a Sunday. The year's stored exceptions are replaced as a whole.
    """
    assignment = require_region_admin(actor)
    year = _calendar_year_checked(year)
    errors: dict[str, list] = {}
    holiday_days = _calendar_days(year, "holidays", holidays, errors)
    workday_days = _calendar_days(year, "workdays", workdays, errors)
    if not holidays:
        errors.setdefault("holidays", []).append(_("请至少填写一个法定节假日。"))
    for day in sorted(workday_days):
        if day.weekday() < 5:
            errors.setdefault("workdays", []).append(
                lazy_format(
                    _(
                        "%(date)s是%(weekday)s，本来就是工作日，不能作为调休上班日；调休上班日只能是星期六或星期日。"
                    ),
                    date=day.isoformat(),
                    weekday=WEEKDAYS[day.weekday()],
                )
            )
    for day in sorted(set(holiday_days) & set(workday_days)):
        errors.setdefault("workdays", []).append(
            lazy_format(_("%(date)s不能既是节假日又是调休上班日。"), date=day.isoformat())
        )
    if errors:
        raise ValidationError(errors)
    source = (source or "").strip()[:120] or MANUAL_CALENDAR_SOURCE
    rows = [
        CalendarDay(date=d, kind=CalendarDayKind.HOLIDAY, name=name)
        for d, name in sorted(holiday_days.items())
        if d.weekday() < 5
    ] + [
        CalendarDay(date=d, kind=CalendarDayKind.WORKDAY, name=name)
        for d, name in sorted(workday_days.items())
    ]
    with transaction.atomic():
        before = _calendar_snapshot(year)
        CalendarDay.objects.filter(date__year=year).delete()
        CalendarDay.objects.bulk_create(rows)
        row, _created = CalendarYear.objects.update_or_create(year=year, defaults={"source": source})
        audit.record(
            actor=actor,
            subject=row,
            action="calendar_year_set",
            role=assignment.role,
            scope=assignment.scope_label,
            diff=audit.field_diff(before, _calendar_snapshot(year)),
        )
    return row


def calendar_year_clear(*, actor, year: int) -> None:
    """Remove a year's schedule: the year is counted Monday to Friday again, and reported as unscheduled."""
    assignment = require_region_admin(actor)
    year = _calendar_year_checked(year)
    with transaction.atomic():
        row = CalendarYear.objects.select_for_update().filter(year=year).first()
        if row is None:
            raise ValidationError({"year": lazy_format(_("%(year)d年尚未录入节假日安排。"), year=year)})
        before = _calendar_snapshot(year)
        audit.record(
            actor=actor,
            subject=row,
            action="calendar_year_clear",
            role=assignment.role,
            scope=assignment.scope_label,
            diff=audit.field_diff(
                before,
                {"source": None, "holiday_count": 0, "workday_count": 0, "holidays": [], "workdays": []},
            ),
        )
        CalendarDay.objects.filter(date__year=year).delete()
        row.delete()


# --- notifications -------------------------------------------------------------------------------------
def notifications_mark_read(*, actor, ids=None) -> int:
    """Mark the actor's own unread notifications read: all of them, or only those with ``ids``.

    Another user's notifications are never touched, whatever ids are passed. No audit event is written:
    reading a message changes no case, base or account state, only the reader's own inbox view (the
    ``read_at`` time on the row is its record). Returns how many were marked.
    """
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise refuse(_("请先登录。"))
    unread = Notification.objects.filter(recipient=actor, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=list(ids))
    # No audit.record here: reading is not a state change of the case (nor of a base or an account).
    with transaction.atomic():
        return unread.update(read_at=timezone.now())
