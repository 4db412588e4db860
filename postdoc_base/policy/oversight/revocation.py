"""第二十四条 / Art. 24, first sentence: "基地获批备案后，连续2年无在站博士后研究人员的，由自治区人力资源和社会
保障厅取消基地备案" — a filed base that has had no postdoc in the base for 2 consecutive years.

How it is measured (the measures say no more; these are the system's definitions):
- **In the base (在站)** is a stay: from the entry date (进基地日期, set when the station completes the
  entry) to the exit date (出基地日期) for a postdoc who exited, or to the day the region decided the
  withdrawal for one who was withdrawn; open-ended while the appointment is in a state after entry and before
  either (entered, filing submitted, in the base, exit requested, exit assessed). A drafted or signed
  tripartite agreement is not a postdoc in the base. The entry and exit days count as days in the base.
- **The empty time** runs from the day after the last stay ended, or from the filing date (备案日期) when no
  postdoc ever entered (a stay that began before filing counts from filing). Stays that overlap or touch
  leave no gap between them.
- **2 consecutive years** are complete on the second anniversary of the first empty day: a base filed on
  1 January 2026 with nobody in it is due on 1 January 2028, not on 31 December 2027. Any gap of that
  length since filing counts, also one that ended later (the region then decides whether to revoke).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, timedelta
from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from ..articles import ART24
from ..common import add_years, person_date
from ..findings import Finding, lazy_format

EMPTY_BASE_YEARS = 2  # 连续2年无在站博士后研究人员


class Stay(NamedTuple):
    """A postdoc in the base from ``entered`` to ``left`` (both days in the base); ``left`` None while still
    in the base."""

    entered: date
    left: date | None = None


def _gaps(filed_on: date, stays: Iterable[Stay], today: date) -> list[tuple[date, date | None]]:
    """The empty spans since filing, as (first empty day, first day someone was in the base again or None)."""
    # By first day; on the same day a finished stay before an open one (None does not compare with a date).
    spans = sorted(
        (
            (max(s.entered, filed_on), s.left)
            for s in stays
            if s.entered <= today and (s.left is None or s.left >= filed_on)
        ),
        key=lambda span: (span[0], span[1] is None, span[1] or span[0]),
    )
    gaps, empty_from = [], filed_on
    for entered, left in spans:
        if empty_from is None:  # someone is in the base until further notice
            break
        if entered > empty_from:
            gaps.append((empty_from, entered))
        empty_from = None if left is None else max(empty_from, left + timedelta(days=1))
    if empty_from is not None and empty_from <= today:
        gaps.append((empty_from, None))
    return gaps


def empty_since(filed_on: date, stays: Iterable[Stay], today: date) -> date | None:
    """The first day of the current empty span, or None while a postdoc is in the base."""
    gaps = _gaps(filed_on, stays, today)
    return gaps[-1][0] if gaps and gaps[-1][1] is None else None


def revocation_due_on(filed_on: date, stays: Iterable[Stay], today: date) -> date | None:
    """The day the current empty span completes 2 years (due on or after it), or None while a postdoc is in
    the base. For reminders before the day and for the sweep's candidates."""
    since = empty_since(filed_on, stays, today)
    return add_years(since, EMPTY_BASE_YEARS) if since is not None else None


def two_year_spans(filed_on: date, stays: Iterable[Stay], today: date) -> list[tuple[date, date]]:
    """Every empty span since filing that reached 2 consecutive years by ``today``, as (first empty day, the day
    it completed 2 years), oldest first. The empty days of a span are its start up to the day before someone
    came back: two full years once the second anniversary of the start has come, by today and before anyone
    came back (someone entering on that very day comes too late)."""
    spans = []
    for start, end in _gaps(filed_on, stays, today):
        due = add_years(start, EMPTY_BASE_YEARS)
        if due <= today and (end is None or end >= due):
            spans.append((start, due))
    return spans


def empty_base_finding(filed_on: date, stays: Iterable[Stay], today: date) -> Finding:
    """Art. 24: failing (``art24.empty_two_years``) when some span since filing with no postdoc in the base
    reached 2 consecutive years by ``today`` (the latest such span is named); otherwise ``art24.has_postdoc``
    or ``art24.empty_under_two_years`` (with the day it would be due)."""
    stays = list(stays)
    if spans := two_year_spans(filed_on, stays, today):
        start, due = spans[-1]
        return Finding(
            False, "art24.empty_two_years", ART24,
            lazy_format(_("基地自%(start)s起连续2年无在站博士后研究人员（%(due)s满2年），依第二十四条应取消基地备案。"),
                        start=person_date(start), due=person_date(due)),
        )  # fmt: skip
    since = empty_since(filed_on, stays, today)
    if since is None:
        return Finding(True, "art24.has_postdoc", ART24, _("基地有在站博士后研究人员。"))
    return Finding(
        True, "art24.empty_under_two_years", ART24,
        lazy_format(_("基地自%(start)s起无在站博士后研究人员，至%(due)s满2年。"),
                    start=person_date(since), due=person_date(add_years(since, EMPTY_BASE_YEARS))),
    )  # fmt: skip


# 文号 as the region writes it: an issuer's abbreviation, the year in 〔〕 and the number, e.g. 内人社发〔2028〕12号.
DOCUMENT_NUMBER = re.compile(r"^\S{1,20}〔(\d{4})〕\d{1,5}号$")


def check_revocation_decision(
    revoked_on: date | None, document_number: str, due_on: date, today: date, article: str = ART24
) -> list[Finding]:
    """The region's decision to revoke names the date it takes effect and its document number. The date is not
    in the future and not before ``due_on`` (Art. 24: the day the 2 years were complete; Art. 5: the day the
    rectification failed its re-check); the number is written as official documents are (``…〔YYYY〕N号``).
    Returns the failing findings, citing ``article`` (none: the decision may stand)."""
    refused = []
    if revoked_on is None:
        refused.append(Finding(False, "art24.no_revocation_date", article, _("请填写取消备案日期。")))
    elif revoked_on > today:
        refused.append(Finding(False, "art24.revocation_in_future", article, _("取消备案日期不能晚于今天。")))
    elif revoked_on < due_on:
        refused.append(Finding(
            False, "art24.revocation_before_due", article,
            lazy_format(_("取消备案日期不能早于%(due)s。"), due=person_date(due_on)),
        ))  # fmt: skip
    if not DOCUMENT_NUMBER.match((document_number or "").strip()):
        refused.append(Finding(
            False, "art24.bad_document_number", article,
            _("请按“机关代字〔年份〕序号号”填写文号，例如：内人社发〔2028〕12号。"),
        ))  # fmt: skip
    return refused
