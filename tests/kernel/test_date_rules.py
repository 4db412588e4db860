"""Issue 12 item 1: every date rule registered in one place, run by one nightly job at 01:30 Asia/Shanghai and by
one command with --date; idempotent, and two runs at once (PostgreSQL) open each record once."""

from dataclasses import replace
from datetime import date, datetime

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from postdoc_base.deadlines.models import ReminderSent
from postdoc_base.kernel import tasks
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.models import Obligation
from postdoc_base.kernel.sweeps import RULES, RulesFailed, rules, run_rules
from postdoc_base.oversight.revocations.models import RevocationCase
from tests.factories.concurrency import at_once
from tests.factories.tenure import make_base

DUE = date(2026, 1, 10)


def test_the_rules_of_chapters_4_and_5_are_registered_in_their_order_and_reminders_run_last():
    assert [r.name for r in rules()] == [
        "dispatch_overdue", "withdrawal_rules", "empty_bases", "obligation_reminders",
    ]  # fmt: skip
    assert [r.article for r in rules()] == [
        "第二十三条第（八）项", "第二十三条第（一）项、第二十三条第（九）项", "第二十四条", "",
    ]  # fmt: skip


def test_the_nightly_job_runs_at_half_past_one_local_time(settings):
    task = tasks.run_date_rules.task_class()
    assert task.validate_datetime(datetime(2026, 4, 1, 1, 30)) is True
    assert task.validate_datetime(datetime(2026, 4, 1, 2, 0)) is False
    assert settings.HUEY["utc"] is False and settings.TIME_ZONE == "Asia/Shanghai"


@pytest.mark.django_db
def test_the_command_reports_each_rule_and_a_second_run_opens_nothing(capsys):
    make_base("草原乳业", filed_on=date(2024, 1, 10))
    call_command("sweep", "--date", DUE.isoformat())
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[:3] for line in lines[:-1]] == [
        ["dispatch_overdue", "第二十三条第（八）项", "opened 0"],
        ["withdrawal_rules", "第二十三条第（一）项、第二十三条第（九）项", "opened 0"],
        ["empty_bases", "第二十四条", "opened 1"],
        # The case's decision item may be taken from today: its owner (the region) is told once.
        ["obligation_reminders", "", "opened 1"],
    ]
    assert lines[-1] == "opened 2"
    call_command("sweep", "--date", DUE.isoformat())
    assert capsys.readouterr().out.strip().splitlines()[-1] == "opened 0"


@pytest.mark.django_db
def test_an_unknown_rule_is_refused_and_nothing_runs():
    make_base("草原乳业", filed_on=date(2024, 1, 10))
    with pytest.raises(CommandError, match="unknown rule: nope"):
        call_command("sweep", "--date", DUE.isoformat(), "--only", "nope")
    assert RevocationCase.objects.count() == 0


@pytest.mark.django_db
def test_run_rules_defaults_to_today_and_reports_what_each_opened():
    make_base("草原乳业", filed_on=date(2024, 1, 10))
    reports = run_rules()
    assert {r.rule.name: len(r.opened) for r in reports} == {name: 0 for name in RULES} | {
        "empty_bases": 1,
        "obligation_reminders": 1,
    }


@pytest.mark.django_db
def test_a_rule_that_raises_is_reported_and_the_later_rules_still_run(monkeypatch, capsys):
    make_base("草原乳业", filed_on=date(2024, 1, 10))

    def broken(on):
        raise TypeError("'<' not supported")

    monkeypatch.setitem(RULES, "withdrawal_rules", replace(RULES["withdrawal_rules"], run=broken))
    reports = {r.rule.name: r for r in run_rules(DUE)}
    assert reports["withdrawal_rules"].error == "TypeError: '<' not supported"
    # The Art. 24 rule after it opened its case and the reminders told the region of it.
    assert (len(reports["empty_bases"].opened), len(reports["obligation_reminders"].opened)) == (1, 1)
    with pytest.raises(CommandError, match="some date rules failed"):
        call_command("sweep", "--date", DUE.isoformat())
    assert "withdrawal_rules failed: TypeError" in capsys.readouterr().err
    with pytest.raises(RulesFailed):  # the nightly job fails loudly, after every rule ran
        tasks.run_date_rules.call_local()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent writers (PostgreSQL)")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_once_open_each_case_once_with_the_same_obligations():
    bases = [make_base(f"空置{i}", filed_on=date(2024, 1, 10)) for i in range(8)]
    opened = at_once(lambda: {r.rule.name: len(r.opened) for r in run_rules(DUE)})
    assert sorted(o["empty_bases"] for o in opened) == [0, 8]
    # Each case's decision item is announced to the region once, by whichever run inserted its reminder.
    assert sum(o["obligation_reminders"] for o in opened) == 8
    assert ReminderSent.objects.filter(stage="before:0").count() == 8
    assert sorted(RevocationCase.objects.values_list("base_id", flat=True)) == sorted(b.pk for b in bases)
    assert Obligation.objects.filter(kind="revocation_decision").count() == 8
    assert verify_chain() == []
