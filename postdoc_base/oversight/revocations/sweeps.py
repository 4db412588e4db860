"""The daily Art. 24 sweep: every filed base whose latest span with no postdoc in it reached 2 consecutive years
gets a revocation case, once per span.

SQL narrows the candidates (active bases filed at least 2 years ago, without an open case); their stays are read
in one query; the policy (``policy.oversight.revocation.two_year_spans``) decides; the cases are written in bulk
(``services.revocation_cases_open_by_rule``). Idempotent: a case per (base, first empty day)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q
from django.utils import timezone

from postdoc_base.policy.common import add_years
from postdoc_base.policy.oversight import EMPTY_BASE_YEARS, empty_base_finding, two_year_spans

from ..enums import BaseState
from ..models import PracticeBase
from . import services
from .enums import RevocationState
from .models import RevocationCase
from .stays import stays_by_base


def _candidates(today: date):
    # A day's slack: a base filed on 29 February completes its 2 years on 28 February (the policy decides).
    filed_by = add_years(today, -EMPTY_BASE_YEARS) + timedelta(days=1)
    return (
        PracticeBase.objects.filter(state=BaseState.ACTIVE)
        # Counted from ``watched_from``: a base recorded from paper from its day of recording.
        .filter(Q(recorded_on__isnull=True, filed_on__lte=filed_by) | Q(recorded_on__lte=filed_by))
        .exclude(revocation_cases__state=RevocationState.OPEN)
        .select_related("unit__bureau")
        .order_by("pk")
    )


def empty_base_sweep(today: date | None = None) -> list[RevocationCase]:
    """Open the Art. 24 revocation cases due by ``today``; returns those opened."""
    today = today or timezone.localdate()
    bases = list(_candidates(today))
    stays = stays_by_base(b.pk for b in bases)
    taken = set(
        RevocationCase.objects.filter(base__in=[b.pk for b in bases])
        .values_list("base_id", "empty_since")
        .order_by()
    )
    spans = []
    for base in bases:
        found = two_year_spans(base.watched_from, stays.get(base.pk, ()), today)
        if found and (base.pk, found[-1][0]) not in taken:
            start, due = found[-1]
            facts = str(empty_base_finding(base.watched_from, stays.get(base.pk, ()), today).message)
            spans.append(services.EmptySpan(base, start, due, facts))
    return services.revocation_cases_open_by_rule(spans)
