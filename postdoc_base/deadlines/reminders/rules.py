"""The reminder rule of the nightly sweep (``kernel.sweeps``): for every open obligation with a date, the reminder
before it and the escalation after it that is due today, each sent once (``policy.deadlines``).

Set-based: SQL narrows to the open dated items up to the widest schedule's reach ahead and not yet escalated to
the region, one query reads
the stages already sent, one the calendar, one each the bureaus and the people to tell; the policy decides each
item's stage. The rows are inserted with the run's own mark, ignoring those another run inserted first, and
only the rows read back under that mark are notified: two runs at once tell everyone exactly once."""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role, ScopeKind
from postdoc_base.accounts.selectors import holders_by_scope, users_with_role
from postdoc_base.directory.models import Bureau
from postdoc_base.kernel.calendar import exceptions_between
from postdoc_base.kernel.models import Obligation, ObligationStatus
from postdoc_base.kernel.notifications import notify_each
from postdoc_base.kernel.scopes import bureaus_of
from postdoc_base.kernel.sweeps import DateRule, register_rule
from postdoc_base.policy.deadlines import BUREAU, REGION, Stage, stage_reached, stages

from ..models import ReminderSent
from .catalogue import schedules
from .messages import reminder_message

RULE_NAME = "obligation_reminders"


@dataclass(frozen=True)
class Due:
    """One reminder to send: the obligation, the stage reached and the owner's bureau."""

    obligation: Obligation
    stage: Stage
    bureau_id: int | None


def reminder_sweep(today: date | None = None) -> list[ReminderSent]:
    """Send today's reminders and escalations; returns the rows this run inserted."""
    today = today or timezone.localdate()
    due = reminders_due(today)
    if not due:
        return []
    run = uuid.uuid4().hex
    messages = _messages(due, today)
    with transaction.atomic():
        ReminderSent.objects.bulk_create(
            [
                ReminderSent(obligation=d.obligation, stage=d.stage.key, sent_on=today, run=run,
                             due_on=d.obligation.due_on, recipients=len(message[0]))
                for d, message in zip(due, messages, strict=True)
            ],
            ignore_conflicts=True,
        )  # fmt: skip
        mine = list(ReminderSent.objects.filter(run=run))
        inserted = {row.obligation_id for row in mine}
        notify_each([m for d, m in zip(due, messages, strict=True) if d.obligation.pk in inserted])
    return mine


def reminders_due(today: date) -> list[Due]:
    """Every open obligation whose reminder or escalation is due today and not yet sent."""
    plan = {kind: schedule for kind, schedule in schedules().items() if schedule.enabled}
    if not plan:
        return []
    reach_ahead = max(s.span_before() for s in plan.values())
    reach_back = max(s.span_after() for s in plan.values())
    # Every open dated item up to the widest reach ahead, less those already escalated to the region (their
    # last stage): an item overdue before the sweep first saw it still gets its latest stage, once.
    candidates = list(
        Obligation.objects.filter(
            status=ObligationStatus.OPEN,
            kind__in=list(plan),
            due_on__lte=today + timedelta(days=reach_ahead),
        )
        .exclude(
            Exists(ReminderSent.objects.filter(obligation=OuterRef("pk"), stage=REGION, due_on=OuterRef("due_on")))
        )
        .only(
            "id", "kind", "title", "subject_label", "url", "due_on", "date_means", "responsible_role",
            "scope_kind", "scope_id", "article",
        )
    )  # fmt: skip
    if not candidates:
        return []
    # The stages sent for each item's present date (a row without a date predates the column: taken as such).
    dates = {o.pk: o.due_on for o in candidates}
    sent: dict[int, set[str]] = defaultdict(set)
    for obligation_id, stage, for_date in ReminderSent.objects.filter(
        obligation_id__in=list(dates)
    ).values_list("obligation_id", "stage", "due_on"):
        if for_date is None or for_date == dates[obligation_id]:
            sent[obligation_id].add(stage)
    earliest = min(o.due_on for o in candidates)
    exceptions = exceptions_between(
        earliest - timedelta(days=reach_ahead),
        max(today, earliest) + timedelta(days=reach_back + reach_ahead),
    )
    bureaus = bureaus_of((o.scope_kind, o.scope_id) for o in candidates)
    out = []
    for o in candidates:
        bureau_id = bureaus.get((o.scope_kind, o.scope_id))
        all_stages = stages(
            o.due_on, o.date_means, plan[o.kind], exceptions,
            bureau_above=bureau_id is not None and o.scope_kind != ScopeKind.BUREAU,
            region_above=o.scope_kind != ScopeKind.REGION,
        )  # fmt: skip
        stage = stage_reached(all_stages, today, sent[o.pk])
        if stage is not None:
            out.append(Due(o, stage, bureau_id))
    return out


def _messages(due: list[Due], today: date) -> list[tuple[list, str, str, str]]:
    """``(recipients, title, body, url)`` per item, the people read in one query per role."""
    owners = _owners(o.obligation for o in due)
    # The owner's bureau hears of an item from the bureau level on, the region's step included: the region
    # acts through the bureau, and a bureau whose level a missed night skipped is not left out.
    bureau_ids = {d.bureau_id for d in due if d.stage.level in (BUREAU, REGION) and d.bureau_id is not None}
    officers = holders_by_scope(Role.BUREAU_OFFICER, bureau_ids) if bureau_ids else {}
    bureau_names = dict(Bureau.objects.filter(pk__in=bureau_ids).values_list("pk", "name"))
    region = list(users_with_role(Role.REGION_ADMIN)) if any(d.stage.level == REGION for d in due) else []
    out = []
    for d in due:
        o = d.obligation
        recipients = list(owners.get((o.responsible_role, o.scope_id), []))
        bureau = (
            str(_("%(bureau)s人社局")) % {"bureau": bureau_names[d.bureau_id]}
            if d.bureau_id in bureau_names
            else ""
        )
        told = ""
        if d.stage.level == BUREAU:
            recipients += officers.get(d.bureau_id, [])
            told = bureau
        elif d.stage.level == REGION:
            recipients += officers.get(d.bureau_id, []) + region
            told = (
                str(_("%(bureau)s和自治区人社厅")) % {"bureau": bureau} if bureau else str(_("自治区人社厅"))
            )
        unique = list({u.pk: u for u in recipients}.values())
        title, body = reminder_message(o, d.stage, today, told)
        out.append((unique, title, body, o.url))
    return out


def _owners(obligations) -> dict[tuple[str, int | None], list]:
    """``{(role, scope id): users}`` for the items' owners: one query per role."""
    by_role: dict[str, set] = defaultdict(set)
    for o in obligations:
        by_role[o.responsible_role].add(o.scope_id)
    owners: dict[tuple[str, int | None], list] = {}
    for role, scope_ids in by_role.items():
        if role == Role.REGION_ADMIN:
            owners[(role, None)] = list(users_with_role(role))
        else:
            for scope_id, users in holders_by_scope(role, scope_ids - {None}).items():
                owners[(role, scope_id)] = users
    return owners


def register() -> None:
    register_rule(
        DateRule(
            RULE_NAME,
            _("到期前提醒、逾期后告知盟市和自治区"),
            "",
            reminder_sweep,
            order=900,  # after the rules that open cases, so that their new items are reminded of tonight
        )
    )
