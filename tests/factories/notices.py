"""Set-up for the public notice, objections and filing (Art. 11(3))."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment import notices
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.models import BaseApplication, NoticeItem, Objection, PublicNotice, Round
from postdoc_base.establishment.workflow import application_workflow

from . import RoundFactory, UnitFactory, bureau, ready_application, user_with_role
from .world import put_in_state


def region_admin(**kwargs):
    return user_with_role(Role.REGION_ADMIN, **kwargs)


def passed_application(round_: Round | None = None, unit=None) -> BaseApplication:
    kwargs = {"round": round_ or RoundFactory(state="closed")}
    if unit is not None:
        kwargs["unit"] = unit
    return put_in_state(ready_application(**kwargs), ApplicationState.PASSED)


def passed_round(n: int = 1, **round_kwargs) -> tuple[Round, list[BaseApplication]]:
    round_ = RoundFactory(state="closed", **round_kwargs)
    return round_, [passed_application(round_) for _ in range(n)]


def publish(admin, round_: Round, *, published_on: date | None = None, working_days: int | None = 5):
    return notices.notice_publish(
        actor=admin, round_=round_, title=f"{round_.name}公示", body="公示说明。",
        contact="0471-6960000", working_days=working_days, published_on=published_on,
    )  # fmt: skip


def ended_on(days_ago: int = 1) -> date:
    """A publication date whose 1-working-day notice ended at least ``days_ago`` days ago (weekends aside)."""
    return timezone.localdate() - timedelta(days=days_ago + 20)


def in_notice(app: BaseApplication, *, ends_on: date, published_on: date | None = None) -> NoticeItem:
    """Test set-up only: list ``app`` in a notice ending ``ends_on`` and place it in IN_NOTICE."""
    notice = PublicNotice.objects.create(
        round=app.round,
        title="公示",
        published_on=published_on or ends_on - timedelta(days=7),
        ends_on=ends_on,
    )
    item = NoticeItem.objects.create(notice=notice, application=app, order=1)
    put_in_state(app, ApplicationState.IN_NOTICE)
    app = BaseApplication.objects.get(pk=app.pk)
    application_workflow.sync_obligations(app, app.state)
    return item


def objection(item: NoticeItem, **kwargs) -> Objection:
    return notices.objection_create(
        notice=item.notice,
        item_id=item.pk,
        name=kwargs.pop("name", "张三"),
        contact=kwargs.pop("contact", "13812345678"),
        text=kwargs.pop("text", "该单位研发场地与申报材料不符。"),
        today=kwargs.pop("today", item.notice.published_on),
        **kwargs,
    )


def unit_in(bureau_name: str, name: str):
    return UnitFactory(name=name, bureau=bureau(bureau_name))
