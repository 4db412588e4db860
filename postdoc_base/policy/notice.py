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

# The length of the 公示 in working days: the measures fix none; common practice is 5 (a parameter).
DEFAULT_NOTICE_WORKING_DAYS = 5


def notice_open(published_on: date, ends_on: date, day: date) -> bool:
    """Art. 11(3): the notice runs from its publication day to the close of ``ends_on``, both included."""
    return published_on <= day <= ends_on


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


__all__ = ["notice_open", "check_filing_allowed"]
