"""/api/v1/deadlines/reminder-settings: the reminder schedule of every obligation kind, read and set by the
region administrator through the same services as the pages (others get 403 from the service's refusal)."""

from typing import Annotated

from ninja import Router, Schema
from pydantic import Field

from postdoc_base.api.errors import not_found
from postdoc_base.kernel.services import require_region_admin
from postdoc_base.policy.deadlines import ReminderSchedule

from ..models import ReminderSetting
from . import services
from .catalogue import kinds, schedule_of


class ReminderSettingOut(Schema):
    kind: str
    title: str
    role: str
    date_means: str
    article: str
    enabled: bool
    before: list[int]
    working_days: bool
    escalate_bureau_after: int | None
    escalate_region_after: int | None
    custom: bool  # the region's own setting (else the kind's default)


class ReminderSettingIn(Schema):
    enabled: bool = True
    before: list[int] = []
    working_days: bool = False
    escalate_bureau_after: int | None = None
    escalate_region_after: int | None = None


def _out(kind: str) -> dict:
    info = kinds()[kind]
    row = ReminderSetting.objects.filter(kind=kind).first()
    s = schedule_of(row) if row else info.default
    return {
        "kind": kind, "title": str(info.title), "role": info.role, "date_means": info.date_means,
        "article": info.article, "enabled": s.enabled, "before": list(s.before), "working_days": s.working_days,
        "escalate_bureau_after": s.escalate_bureau_after, "escalate_region_after": s.escalate_region_after,
        "custom": row is not None,
    }  # fmt: skip


# An obligation kind's name (``entry_filing``): lower-case letters and underscores.
Kind = Annotated[str, Field(pattern=r"^[a-z_]{1,60}$")]

router = Router(tags=["reminders"])


@router.get("", response=list[ReminderSettingOut],
            summary="Every obligation kind's reminder schedule (region administrator)")  # fmt: skip
def reminder_setting_list(request):
    require_region_admin(request.user)
    return [_out(kind) for kind in kinds()]


@router.put("/{kind}", response=ReminderSettingOut,
            summary="Set one kind's reminder schedule (region administrator)")  # fmt: skip
def reminder_setting_update(request, kind: Kind, payload: ReminderSettingIn):
    require_region_admin(request.user)
    if kind not in kinds():
        raise not_found()
    services.reminder_setting_set(actor=request.user, kind=kind, schedule=ReminderSchedule(
        before=tuple(payload.before), working_days=payload.working_days,
        escalate_bureau_after=payload.escalate_bureau_after, escalate_region_after=payload.escalate_region_after,
        enabled=payload.enabled,
    ))  # fmt: skip
    return _out(kind)


@router.delete("/{kind}", response=ReminderSettingOut,
               summary="Return one kind to its default reminder schedule (region administrator)")  # fmt: skip
def reminder_setting_reset(request, kind: Kind):
    require_region_admin(request.user)
    if kind not in kinds():
        raise not_found()
    services.reminder_setting_reset(actor=request.user, kind=kind)
    return _out(kind)


routers = [("/deadlines/reminder-settings", router)]
