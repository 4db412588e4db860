"""The region administrator's writes to the reminder schedule: set one kind's schedule, or return it to the
default its workflow declares. Each write is audited with the schedule before and after."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import audit
from postdoc_base.kernel.services import require_region_admin
from postdoc_base.policy.deadlines import ReminderSchedule, check_schedule

from ..models import ReminderSetting
from .catalogue import kinds, schedule_of


def _snapshot(schedule: ReminderSchedule | None) -> dict:
    if schedule is None:
        return {}
    return {
        "enabled": schedule.enabled,
        "before": list(schedule.before),
        "working_days": schedule.working_days,
        "escalate_bureau_after": schedule.escalate_bureau_after,
        "escalate_region_after": schedule.escalate_region_after,
    }


def _known_kind(kind: str):
    info = kinds().get(kind)
    if info is None:
        raise ValidationError({"kind": _("未知的待办事项类别。")})
    return info


def reminder_setting_set(*, actor, kind: str, schedule: ReminderSchedule) -> ReminderSetting:
    """Replace the schedule of ``kind``; refused for a kind no workflow declares or an invalid schedule."""
    assignment = require_region_admin(actor)
    info = _known_kind(kind)
    schedule = ReminderSchedule(
        before=tuple(sorted(schedule.before, reverse=True)),
        working_days=schedule.working_days,
        escalate_bureau_after=schedule.escalate_bureau_after,
        escalate_region_after=schedule.escalate_region_after,
        enabled=schedule.enabled,
    )
    if errors := check_schedule(schedule):
        raise ValidationError(errors)
    with transaction.atomic():
        row = ReminderSetting.objects.select_for_update().filter(kind=kind).first()
        before = schedule_of(row) if row else info.default
        row, _created = ReminderSetting.objects.update_or_create(
            kind=kind,
            defaults={
                "enabled": schedule.enabled,
                "before": list(schedule.before),
                "working_days": schedule.working_days,
                "escalate_bureau_after": schedule.escalate_bureau_after,
                "escalate_region_after": schedule.escalate_region_after,
            },
        )
        audit.record(
            actor=actor, subject=row, action="reminder_setting_set", role=assignment.role,
            scope=assignment.scope_label, diff=audit.field_diff(_snapshot(before), _snapshot(schedule)),
        )  # fmt: skip
    return row


def reminder_setting_reset(*, actor, kind: str) -> None:
    """Return ``kind`` to its default schedule; refused when the region has not set one."""
    assignment = require_region_admin(actor)
    info = _known_kind(kind)
    with transaction.atomic():
        row = ReminderSetting.objects.select_for_update().filter(kind=kind).first()
        if row is None:
            raise ValidationError({"kind": _("该事项使用的已是默认提醒设置。")})
        audit.record(
            actor=actor, subject=row, action="reminder_setting_reset", role=assignment.role,
            scope=assignment.scope_label, diff=audit.field_diff(_snapshot(schedule_of(row)), _snapshot(info.default)),
        )  # fmt: skip
        row.delete()
