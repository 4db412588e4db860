"""Writes of revocation cases (Art. 24): opened by the rules (``revocation_cases_open_by_rule``, for the daily
sweep), decided by the region (``revocation_decide``: revoke with the date and document number; keeping the
base is the generic ``keep`` step, its reasons the comment)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from postdoc_base.policy.common import person_date

from ..enums import BaseState
from ..models import PracticeBase
from .enums import RevocationGround, RevocationState
from .models import RevocationCase
from .workflow import revocation_workflow, tell_bases_and_bureaus


@dataclass(frozen=True)
class EmptySpan:
    """A span the rules found: the base, its first empty day, the day it completed 2 years, the facts."""

    base: PracticeBase
    empty_since: date
    due_on: date
    facts: str


def revocation_cases_open_by_rule(spans: list[EmptySpan]) -> list[RevocationCase]:
    """Open one case per span, once: the bases are locked in id order (two sweeps at once queue here), their
    cases re-read under the lock, and a base that left the register meanwhile, already has an open case or a
    case for the same span is skipped. Bulk writes through the table's creation row; after commit the bases
    and bureaus hear of them."""
    if not spans:
        return []
    with transaction.atomic():
        ids = sorted({s.base.pk for s in spans})
        active = set(
            PracticeBase.objects.select_for_update()
            .filter(pk__in=ids, state=BaseState.ACTIVE)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        taken = set(
            RevocationCase.objects.filter(base_id__in=ids).values_list("base_id", "empty_since").order_by()
        )
        busy = set(
            RevocationCase.objects.filter(base_id__in=ids, state=RevocationState.OPEN)
            .values_list("base_id", flat=True)
            .order_by()
        )
        fresh = [
            RevocationCase(base=s.base, empty_since=s.empty_since, due_on=s.due_on, facts=s.facts)
            for s in spans
            if s.base.pk in active and s.base.pk not in busy and (s.base.pk, s.empty_since) not in taken
        ]
        created = revocation_workflow.open_by_rule(fresh, "open")
        transaction.on_commit(lambda: tell_bases_and_bureaus(created))
    return created


def revocation_case_open_for_failed_evaluation(evaluation, on: date) -> RevocationCase | None:
    """Art. 5 (退出): a base graded 不合格 whose rectification failed its re-check gets a revocation case, opened
    by the rules inside the re-check's transaction; the region then decides as for Art. 24. The base is locked
    as the sweep locks it; a base no longer filed, or one with a case already open (which then stands for
    both), gets none. The base and its bureau hear of it after commit."""
    # of=self: the bureau is an outer join (a region-level unit has none), which PostgreSQL will not lock.
    base = (
        PracticeBase.objects.select_for_update(of=("self",))
        .select_related("unit__bureau")
        .get(pk=evaluation.base_id)
    )
    if (
        base.state != BaseState.ACTIVE
        or RevocationCase.objects.filter(base=base, state=RevocationState.OPEN).exists()
    ):
        return None
    facts = str(
        _("%(campaign)s评估等级为不合格，整改复核不通过（%(on)s），依第五条退出。")
        % {"campaign": evaluation.campaign.name, "on": person_date(on)}
    )
    [case] = revocation_workflow.open_by_rule(
        [RevocationCase(base=base, ground=RevocationGround.FAILED_EVALUATION, evaluation=evaluation, due_on=on,
                        facts=facts)],
        "open",
    )  # fmt: skip
    transaction.on_commit(lambda: tell_bases_and_bureaus([case]))
    return case


def revocation_decide(
    *, actor, case: RevocationCase, revoked_on: date | None, document_number: str, comment: str = ""
):
    """Art. 24: the region revokes the base's filing from ``revoked_on`` by document ``document_number``. The
    step records both (one audit event), checks them (policy) and takes the base out of the register."""
    with transaction.atomic():
        locked = RevocationCase.objects.select_for_update().get(pk=case.pk)
        revocation_workflow.require(locked, "revoke", actor)
        return revocation_workflow.apply(
            locked, "revoke", actor=actor, comment=comment, batch=True,
            payload={"revoked_on": revoked_on, "document_number": (document_number or "").strip()},
        )  # fmt: skip
