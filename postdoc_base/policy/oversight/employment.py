"""第二十一条 / Art. 21: "博士后研究人员的就业实行双向选择，鼓励留在设立基地的单位工作，也可另选其他单位。各级人力
资源社会保障部门应会同有关部门，征集、开发高质量工作岗位，做好对接服务工作。"

How the system serves it (the measures say no more; these are the system's definitions):
- **Positions (岗位)** are collected by the region, a league/city bureau or a base's own unit (the base's unit
  posting its own openings is "留在设立基地的单位"); they are shared with every signed-in official of the region,
  the bureaus and the units (collected to be shared, not kept per bureau).
- **Near the end of the term (即将出站)**: a postdoc sees the positions and may express interest while in the
  base (after entry, before exit or withdrawal) and either the exit is already requested or assessed, or the
  day is on or after the day ``NEAR_TERM_END_MONTHS`` calendar months before the term's last day (the agreed
  term plus acknowledged extensions). A term ending on 30 January 2028 opens the window on 30 July 2027.
- **Closing date (截止日期)**: a position is open for interest up to and including its closing day; it is
  posted with a closing day not in the past and can be reopened only up to that day.
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from ..articles import ART21
from ..common import add_months, person_date
from ..findings import Finding, lazy_format

NEAR_TERM_END_MONTHS = 6  # 出站前6个月起可查看岗位、表达意向 (system definition, see above)


def window_opens_on(term_ends_on: date) -> date:
    """The first day a postdoc whose term ends on ``term_ends_on`` is near the end of the term."""
    return add_months(term_ends_on, -NEAR_TERM_END_MONTHS)


def near_term_end(*, in_stay: bool, exit_underway: bool, term_ends_on: date | None, today: date) -> Finding:
    """第二十一条: whether a postdoc is near the end of the term (see the module's definition)."""
    if not in_stay:
        return Finding(
            False, "art21.not_in_base", ART21, _("您当前不在基地，岗位信息仅向即将出站的博士后研究人员开放。")
        )
    if exit_underway:
        return Finding(True, "art21.near_end.exit", ART21, _("已申请出基地。"))
    if term_ends_on is None:
        return Finding(False, "art21.no_term", ART21, _("尚未登记进基地日期，无法确定在基地期限。"))
    opens = window_opens_on(term_ends_on)
    if today < opens:
        return Finding(
            False, "art21.too_early", ART21,
            lazy_format(
                _("岗位信息自在基地期满前%(months)s个月起向博士后研究人员开放：您的在基地期限至%(end)s，"
                  "可于%(opens)s起查看岗位并表达意向。"),
                months=NEAR_TERM_END_MONTHS, end=person_date(term_ends_on), opens=person_date(opens),
            ),
        )  # fmt: skip
    return Finding(True, "art21.near_end.term", ART21, _("即将期满出站。"))


def closes_on_finding(closes_on: date, today: date) -> Finding:
    """The closing day of a position being posted or reopened: today or later."""
    if closes_on < today:
        return Finding(False, "art21.closes_on_past", ART21, _("截止日期不能早于今天。"))
    return Finding(True, "art21.closes_on.ok", ART21, _("截止日期有效。"))


def is_open(closes_on: date, today: date) -> bool:
    """Whether a published position still takes interest: up to and including its closing day."""
    return today <= closes_on
