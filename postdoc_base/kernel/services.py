"""Writes to kernel tables: effective-dated parameters (DOMAIN.md, "Numbers the system needs").

A parameter is never edited in place. Each row holds the value from its ``effective_from`` date until the
next row of the same key; rows in the past are history, a row effective from a future date schedules a
change (e.g. the next year's C tier entered ahead of time). Only the region administrator may add rows.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.policy.findings import Finding, lazy_format

from . import audit, params
from .models import Parameter
from .workflow import TransitionRefused


class NotAllowed(TransitionRefused):
    """A write the actor may not make; carries findings like a refused transition."""


def refuse(message) -> NotAllowed:
    return NotAllowed([Finding(False, "kernel.not_permitted", "", message)])


def region_assignment(actor):
    """The actor's region-administrator assignment, or None."""
    return next((a for a in getattr(actor, "assignments", ()) if a.role == Role.REGION_ADMIN), None)


def require_region_admin(actor):
    """The region-administrator assignment the actor acts under; ``NotAllowed`` for anyone else."""
    assignment = region_assignment(actor) if getattr(actor, "is_active", False) else None
    if assignment is None:
        raise refuse(_("只有自治区人社厅管理员可以执行此操作。"))
    return assignment


# The 公示 period (DOMAIN.md: 5 working days, not fixed by the measures); kernel.params reads it by this key.
NOTICE_WORKING_DAYS = getattr(params, "NOTICE_WORKING_DAYS", "notice_working_days")


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
