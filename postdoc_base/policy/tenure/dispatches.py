"""Art. 16 (派出) and Art. 23(8): dispatches at home and abroad, and the abroad-overdue limit."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..common import person_date
from ..findings import Finding, lazy_format
from .withdrawal import (
    ABROAD_OVERDUE_LIMIT_DAYS,
    WithdrawalReason,
    dispatch_overdue_days,
    is_abroad_overdue,
    withdrawal_article,
)


class DispatchDestination(models.TextChoices):
    """Where a postdoc is dispatched (第十六条 / Art. 16: 国内外)."""

    DOMESTIC = "domestic", _("国内")
    ABROAD = "abroad", _("国（境）外")


class DispatchPurpose(models.TextChoices):
    """Why a postdoc is dispatched (第十六条 / Art. 16)."""

    EXCHANGE = "exchange", _("科技交流与合作")
    CONFERENCE = "conference", _("参加学术会议")
    SECONDMENT = "secondment", _("挂职")


def check_dispatch_overdue(
    abroad: bool, planned_return: date, returned_on: date | None, today: date
) -> Finding:
    """第十六条 / Art. 16 and 第二十三条第（八）项 / Art. 23(8): abroad and more than 30 days overdue opens a
    withdrawal case.

    ``art23.8.abroad_overdue`` (failing) from the 31st day after the planned return (also when the postdoc
    came back later than that); otherwise ``art23.8.domestic`` or ``art23.8.within_limit``.
    """
    days = dispatch_overdue_days(abroad, planned_return, returned_on, today)
    article = withdrawal_article(WithdrawalReason.ABROAD_OVERDUE)
    if not abroad:
        return Finding(
            ok=True,
            code="art23.8.domestic",
            article=article,
            message=_("国内派出，不适用第二十三条第（八）项出国逾期不归的规定。"),
        )
    values = {"planned": person_date(planned_return), "days": days, "limit": ABROAD_OVERDUE_LIMIT_DAYS}
    if is_abroad_overdue(days):
        return Finding(
            ok=False,
            code="art23.8.abroad_overdue",
            article=article,
            message=lazy_format(
                _(
                    "符合第二十三条第（八）项退出情形：出国计划于%(planned)s返回，逾期不归%(days)d天，"
                    "超过%(limit)d天。"
                ),
                **values,
            ),
        )
    return Finding(
        ok=True,
        code="art23.8.within_limit",
        article=article,
        message=lazy_format(
            _("出国派出计划于%(planned)s返回，逾期%(days)d天，未超过第二十三条第（八）项规定的%(limit)d天。"),
            **values,
        ),
    )
