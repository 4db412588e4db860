"""Every date rule of the measures registered in one place and run by one nightly job (issue 12): the rules that
open records when a date passes (Art. 23(1), (8), (9) withdrawal cases, Art. 24 revocation cases, …).

Each app registers its rules when it is ready (``register_rule``), as the review module learns its purposes: the
kernel imports none of them. A rule is a function of the day it runs for that finds its candidates in SQL, lets
the policy decide, writes what it opens in bulk under row locks (so two runs at once open each record once) and
returns what it opened. ``run_rules`` runs them in their order for one day and reports each; the nightly job
(``kernel.tasks.run_date_rules``, 01:30 Asia/Shanghai) and ``manage.py sweep --date`` are its two callers."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils import timezone


@dataclass(frozen=True)
class DateRule:
    name: str  # "withdrawal_rules": the command's --only and the report's key
    title: Any  # what it does, in Chinese
    article: str
    run: Callable[[date], list]  # the day -> the records it opened
    order: int = 100


@dataclass(frozen=True)
class RuleReport:
    rule: DateRule
    opened: list
    seconds: float
    error: str = ""  # the exception that stopped this rule (the others still ran)


class RulesFailed(Exception):
    """One or more rules raised; every other rule ran. Carries the reports."""

    def __init__(self, reports: list[RuleReport]):
        self.reports = reports
        failed = ", ".join(f"{r.rule.name}: {r.error}" for r in reports if r.error)
        super().__init__(f"date rules failed: {failed}")


logger = logging.getLogger(__name__)


RULES: dict[str, DateRule] = {}


def register_rule(rule: DateRule) -> DateRule:
    if rule.name in RULES and RULES[rule.name] != rule:
        raise ValueError(f"date rule {rule.name!r} is registered twice")
    RULES[rule.name] = rule
    return rule


def rules() -> list[DateRule]:
    return sorted(RULES.values(), key=lambda r: (r.order, r.name))


def run_rules(on: date | None = None, only: Iterable[str] | None = None) -> list[RuleReport]:
    """Run the registered rules (or those named in ``only``) for the day ``on`` (today by default), in their
    order; each in its own transactions, so one rule's refusal does not undo another's work, and a rule that
    raises is logged and reported (``RuleReport.error``) while the others still run."""
    on = on or timezone.localdate()
    wanted = set(only) if only else None
    if wanted and (unknown := wanted - set(RULES)):
        raise KeyError(", ".join(sorted(unknown)))
    reports = []
    for rule in rules():
        if wanted is not None and rule.name not in wanted:
            continue
        started = time.perf_counter()
        try:
            opened, error = list(rule.run(on)), ""
        except Exception as exc:  # noqa: BLE001 - one rule's defect must not keep the night's other rules from running
            logger.exception("date rule %s failed for %s", rule.name, on)
            opened, error = [], f"{type(exc).__name__}: {exc}"
        reports.append(RuleReport(rule, opened, time.perf_counter() - started, error))
    return reports
