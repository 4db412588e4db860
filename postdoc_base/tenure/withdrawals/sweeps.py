"""Daily sweeps that open withdrawal cases from date rules (第二十三条 / Art. 23).

Item (8), abroad more than 30 days past the planned return, is swept by ``dispatches.services.dispatch_overdue_sweep``;
this module sweeps items (1) and (9), the rules that follow from the entry date alone:

- (1) 进入基地半年后仍未取得国家承认的博士学位证书: the certificate counts as obtained on the postdoc's
  recorded degree date (``Postdoc.degree_date``) only when the record also holds evidence of it, a degree
  certificate number or, for a degree from abroad, its verification (国（境）外学位认证情况). A degree date
  without either is an expected date, not a certificate, so it is treated as "no certificate yet".
- (9) 合同（协议）期满，无正当理由不办理出基地手续或在基地时间超过6年: the term runs from entry for the agreed
  months plus acknowledged extensions (Art. 14). A postdoc who has applied to exit (出基地申请已提出 or
  出基地考核已通过) is doing the exit formalities, so an expired term opens no case for them; likewise a
  pending extension request is a reason given for staying, decided by the region, so an expired term opens
  no case while one is open. The six-year limit has no such excuse and applies in every state after entry.

Policy (``policy.tenure.detect_withdrawal_reasons``) decides; SQL only narrows the candidates.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from postdoc_base.policy.tenure import (
    DEGREE_CERTIFICATE_MONTHS,
    MAX_STAY_MONTHS,
    WithdrawalReason,
    add_months,
    degree_certificate_obtained_on,
    detect_withdrawal_reasons,
)

from ..people.models import Postdoc
from ..stay.enums import OPEN_EXTENSION_STATES, STAY_STATES, AppointmentState
from ..stay.models import Appointment, TermExtension
from . import services
from .enums import WithdrawalState
from .models import WithdrawalCase

# Exit applied for: the formalities are under way, so item (9)'s expired term does not apply (see above).
EXITING_STATES = (AppointmentState.EXIT_REQUESTED, AppointmentState.EXIT_ASSESSED)
TERM_STATES = tuple(s for s in STAY_STATES if s not in EXITING_STATES)

# add_months clamps to the month's end (31 August + 6 months is 28 February), so the SQL cut-off for "more
# than N months since entry" is loosened by a few days; the policy function then decides exactly.
_CLAMP_SLACK = timedelta(days=3)

# What the policy reads of an appointment and its postdoc.
_READ = ("id", "state", "entry_date", "term_months", "extended_months", "postdoc__name", "postdoc__degree_date",
         "postdoc__degree_certificate_number", "postdoc__foreign_degree_verification")  # fmt: skip

# The failing findings this sweep acts on, in the policy's order, and the reason each opens.
_REASON_BY_CODE = {
    "art23.1.no_degree_certificate": WithdrawalReason.NO_DEGREE_CERTIFICATE,
    "art23.9.term_expired": WithdrawalReason.TERM_EXPIRED_OR_OVER_SIX_YEARS,
    "art23.9.over_six_years": WithdrawalReason.TERM_EXPIRED_OR_OVER_SIX_YEARS,
}


def degree_certificate_on(postdoc: Postdoc) -> date | None:
    return degree_certificate_obtained_on(
        postdoc.degree_date, postdoc.degree_certificate_number, postdoc.foreign_degree_verification
    )


def _months_ago(today: date, months: int) -> date:
    return add_months(today, -months) + _CLAMP_SLACK


def _candidates(today: date):
    """Appointments after entry, not exited or withdrawn, without an open case, that may fail item (1) or
    (9) today. One query for the distinct terms in use, one for the candidates."""
    qs = (
        Appointment.objects.filter(state__in=STAY_STATES, entry_date__isnull=False, entry_date__lte=today)
        .exclude(withdrawal_cases__state=WithdrawalState.PROPOSED)
        .annotate(total=F("term_months") + F("extended_months"))
    )
    # Item (1): more than six months since entry, unless a certificate was already held at entry (written
    # without negation so a missing degree date counts as "no certificate" under SQL's NULL logic).
    uncertified = Q(postdoc__degree_certificate_number="", postdoc__foreign_degree_verification="")
    not_held_at_entry = (
        uncertified | Q(postdoc__degree_date__isnull=True) | Q(postdoc__degree_date__gt=F("entry_date"))
    )
    item1 = Q(entry_date__lte=_months_ago(today, DEGREE_CERTIFICATE_MONTHS)) & not_held_at_entry
    # Item (9), six years: a term beyond 72 months, or more than 72 months since entry.
    six_years = Q(total__gt=MAX_STAY_MONTHS) | Q(entry_date__lte=_months_ago(today, MAX_STAY_MONTHS))
    # Item (9), term expired: per term length in use (a handful of values), more than that many months ago.
    expired = Q(pk__in=[])
    terms = qs.filter(state__in=TERM_STATES).values_list("total", flat=True).distinct().order_by()
    for months in terms:
        expired |= Q(total=months, entry_date__lte=_months_ago(today, months))
    expired &= Q(state__in=TERM_STATES)
    pending_extension = TermExtension.objects.filter(
        appointment=OuterRef("pk"), state__in=OPEN_EXTENSION_STATES
    )
    return (
        qs.filter(item1 | six_years | expired)
        .annotate(extension_pending=Exists(pending_extension))
        .select_related("postdoc")
        .only(*_READ)
        .order_by("entry_date", "id")
    )


def withdrawal_finding(appointment: Appointment, today: date):
    """The first failing Art. 23 item (1) or (9) finding for ``appointment`` today, with the reason it opens;
    None when neither applies. Item (8) is left to the dispatch sweep (abroad_overdue_days=0)."""
    findings = detect_withdrawal_reasons(
        appointment.entry_date,
        degree_certificate_on(appointment.postdoc),
        term_end=appointment.term_ends_on,
        exited=False,
        today=today,
        abroad_overdue_days=0,
        total_months=appointment.total_months,
        exit_in_progress=appointment.state in EXITING_STATES
        or getattr(appointment, "extension_pending", False),
    )
    for finding in findings:
        if not finding.ok and finding.code in _REASON_BY_CODE:
            return _REASON_BY_CODE[finding.code], finding
    return None


def withdrawal_rules_sweep(today: date | None = None) -> list[WithdrawalCase]:
    """Art. 23(1), (9): open one withdrawal case, proposed by the system, for each appointment after entry
    that fails item (1) or (9) today and has no open case; the case cites the first failing item and its
    facts are the finding's message. Set-based: the candidates in one query, the policy decides each in
    memory, the cases with their audit events and obligations written in bulk. Idempotent (an open case
    blocks another); returns the cases opened."""
    today = today or timezone.localdate()
    proposals = []
    for appointment in _candidates(today):
        found = withdrawal_finding(appointment, today)
        if found is not None:
            reason, finding = found
            proposals.append(services.RuleProposal(appointment, reason, str(finding.message)))
    return services.withdrawal_cases_open_by_rule(proposals)
