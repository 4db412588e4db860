"""The public notice (公示) of 第十一条第（三）项 / Art. 11(3): 评议通过、公示无异议后予以备案.

The one statement of when a notice is open (objections accepted) and when an application listed in it may
be filed. Pure functions over dates and counts: the model, the objection service, the ``file`` guard and the
set-based filing preview all call these, so the rules cannot drift apart.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from .articles import ART11_3
from .common import person_date
from .findings import Finding, lazy_format

# The length of the 公示 in working days: the measures fix none; common practice is 5 (a parameter). The bounds
# are the system's (the publishing form has always offered 1 to 60); the service, the form and the API read them.
DEFAULT_NOTICE_WORKING_DAYS = 5
MIN_NOTICE_WORKING_DAYS = 1
MAX_NOTICE_WORKING_DAYS = 60


def notice_open(published_on: date, ends_on: date, day: date) -> bool:
    """Art. 11(3): the notice runs from its publication day to the close of ``ends_on``, both included."""
    return published_on <= day <= ends_on


def check_notice_publication(published_on: date, working_days: int, today: date) -> list[Finding]:
    """Art. 11(3) 公示无异议后予以备案: a notice to publish starts today or later and runs for
    ``MIN_NOTICE_WORKING_DAYS``..``MAX_NOTICE_WORKING_DAYS`` working days.

    A notice dated in the past would have "run" before anyone could read it, and its applications could be
    filed the same minute without a real chance to object. ``today`` is the local date (Asia/Shanghai); a
    later start is allowed (the notice stays hidden from the public until then). Only failing findings:
    ``art11.3.published_in_past``, ``art11.3.working_days_out_of_range``.
    """
    found: list[Finding] = []
    if published_on < today:
        found.append(
            Finding(
                False,
                "art11.3.published_in_past",
                ART11_3,
                lazy_format(
                    _(
                        "公示发布日期不能早于今天（%(today)s）：公示期须在发布后实际经过，"
                        "公示无异议后方可备案（第十一条第（三）项）。"
                    ),
                    today=person_date(today),
                ),
            )  # fmt: skip
        )
    if not MIN_NOTICE_WORKING_DAYS <= working_days <= MAX_NOTICE_WORKING_DAYS:
        found.append(
            Finding(
                False,
                "art11.3.working_days_out_of_range",
                ART11_3,
                lazy_format(
                    _("公示期应为%(min)d至%(max)d个工作日（第十一条第（三）项）。"),
                    min=MIN_NOTICE_WORKING_DAYS,
                    max=MAX_NOTICE_WORKING_DAYS,
                ),
            )  # fmt: skip
        )
    return found


def check_filing_allowed(ends_on: date | None, day: date, pending_objections: int) -> list[Finding]:
    """Art. 11(3) 公示无异议后予以备案: filing needs the notice over (``day`` after ``ends_on``) and no objection
    still pending. ``ends_on`` is ``None`` when the application was never listed in a notice.

    Returns a finding per condition, passing ones included.
    """
    if ends_on is None:
        return [Finding(False, "art11.3.not_in_notice", ART11_3, _("该申请未列入公示。"))]
    date_text = person_date(ends_on)
    if day <= ends_on:
        ended = Finding(
            False, "art11.3.notice_running", ART11_3,
            lazy_format(_("公示期至%(date)s结束，期满后方可备案。"), date=date_text),
        )  # fmt: skip
    else:
        ended = Finding(
            True, "art11.3.notice_running", ART11_3,
            lazy_format(_("公示期已于%(date)s届满。"), date=date_text),
        )  # fmt: skip
    if pending_objections > 0:
        objections = Finding(
            False, "art11.3.objection_pending", ART11_3, _("该申请有待处理的异议，处理完毕前不能备案。")
        )
    else:
        objections = Finding(True, "art11.3.objection_pending", ART11_3, _("该申请没有待处理的异议。"))
    return [ended, objections]


__all__ = [
    "DEFAULT_NOTICE_WORKING_DAYS",
    "MIN_NOTICE_WORKING_DAYS",
    "MAX_NOTICE_WORKING_DAYS",
    "notice_open",
    "check_notice_publication",
    "check_filing_allowed",
]
