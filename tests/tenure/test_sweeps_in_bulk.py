"""The Art. 23 sweeps are set-based (performance issue, deliverable 3): the candidates in one query, the cases,
their audit events and obligations written in bulk, so a run costs the same number of statements for 1 case
as for 20; two runs at once (PostgreSQL) open each case once; a case opened meanwhile by a person, or an
appointment that ended meanwhile, is skipped."""

import itertools
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import UnknownAction
from postdoc_base.policy.tenure import (
    WithdrawalReason,
    abroad_overdue_if_planned_before,
    degree_certificate_due,
)
from postdoc_base.tenure.dispatches.enums import DispatchState
from postdoc_base.tenure.dispatches.models import Dispatch
from postdoc_base.tenure.dispatches.services import dispatch_overdue_sweep
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.withdrawals import services
from postdoc_base.tenure.withdrawals.enums import WithdrawalState as W
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from postdoc_base.tenure.withdrawals.sweeps import withdrawal_rules_sweep
from postdoc_base.tenure.withdrawals.workflow import withdrawal_workflow
from tests.factories import StationFactory
from tests.factories.appointments import make_appointment, partner
from tests.factories.concurrency import at_once
from tests.factories.people import make_postdoc
from tests.factories.tenure import base_admin, make_base

ENTRY = date(2026, 1, 31)
AFTER_WINDOW = degree_certificate_due(ENTRY) + timedelta(days=1)
PLANNED_RETURN = date(2026, 3, 1)
_passports = itertools.count(1)

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writing transactions (PostgreSQL); SQLite allows one writer at a time",
)


def _world(name: str = "草原乳业"):
    base, station = make_base(name), StationFactory()
    partner(base, station)
    return {"base": base, "station": station}


@pytest.fixture
def w(db):
    return _world()


def uncertified(w, n: int) -> list:
    """``n`` postdocs in the base since ENTRY without a degree certificate: each fails Art. 23(1) after the
    window."""
    return [
        make_appointment(w["base"], w["station"], make_postdoc(w["base"], id_type="passport", id_number=f"E{next(_passports):08d}",
                         nationality="蒙古国", degree_date=None, degree_certificate_number=""),
                         state=S.IN_BASE, entry_date=ENTRY)
        for _ in range(n)
    ]  # fmt: skip


def abroad_overdue(w, n: int) -> list:
    """``n`` postdocs abroad, planned back on PLANNED_RETURN, not back (approved dispatches)."""
    appointments = [
        make_appointment(w["base"], w["station"], make_postdoc(w["base"], id_type="passport", id_number=f"D{next(_passports):08d}",
                         nationality="蒙古国"), state=S.IN_BASE, entry_date=ENTRY)
        for _ in range(n)
    ]  # fmt: skip
    Dispatch.objects.bulk_create(
        Dispatch(appointment=a, destination="abroad", purpose="exchange", place="德国亚琛",
                 planned_start=date(2026, 2, 1), planned_return=PLANNED_RETURN, state=DispatchState.APPROVED)
        for a in appointments
    )  # fmt: skip
    return appointments


def statements(sweep, today) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        opened = sweep(today)
    return len(opened), len(ctx)


# --- a fixed number of statements per run -----------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize(
    "sweep, make, today",
    [
        (withdrawal_rules_sweep, uncertified, AFTER_WINDOW),
        (dispatch_overdue_sweep, abroad_overdue, date(2026, 4, 1)),
    ],
    ids=["withdrawal_rules", "dispatches"],
)
def test_a_run_costs_the_same_statements_for_1_case_as_for_20(sweep, make, today):
    one_world, twenty_world = _world(), _world("河套酒业")
    make(one_world, 1)
    opened_one, one = statements(sweep, today)
    make(twenty_world, 20)
    opened_twenty, twenty = statements(sweep, today)
    assert (opened_one, opened_twenty) == (1, 20)
    assert twenty == one
    # Each case has its audit event and the region's to-do item, and the chain is sealed intact.
    assert WithdrawalCase.objects.filter(state=W.PROPOSED, proposed_by_role="system").count() == 21
    assert (
        AuditEvent.objects.filter(
            subject_type="tenure.withdrawalcase", action="propose", role="system"
        ).count()
        == 21
    )
    assert Obligation.objects.filter(kind="withdrawal_decision", status=ObligationStatus.OPEN).count() == 21
    assert verify_chain() == []


@pytest.mark.django_db
def test_a_run_that_opens_nothing_reads_once_and_writes_nothing(w):
    uncertified(w, 3)
    withdrawal_rules_sweep(AFTER_WINDOW)
    opened, queries = statements(withdrawal_rules_sweep, AFTER_WINDOW)
    assert opened == 0
    assert queries <= 2  # the distinct terms in use, then the candidates (none left: each has its open case)


# --- the dispatch sweep's date condition is in SQL ----------------------------------------------------------
@pytest.mark.parametrize(
    "today, cutoff",
    [
        (date(2026, 3, 31), date(2026, 3, 1)),
        (date(2026, 4, 1), date(2026, 3, 2)),
        (date(2026, 3, 2), date(2026, 1, 31)),
    ],
)
def test_the_overdue_cutoff_says_what_is_abroad_overdue_says(today, cutoff):
    """Planned back 1 March: not overdue on 31 March (30 days), overdue on 1 April (31 days)."""
    from postdoc_base.policy.tenure import dispatch_overdue_days, is_abroad_overdue

    assert abroad_overdue_if_planned_before(today) == cutoff
    for planned in (cutoff - timedelta(days=1), cutoff, cutoff + timedelta(days=1)):
        overdue = is_abroad_overdue(dispatch_overdue_days(True, planned, None, today))
        assert overdue == (planned < cutoff)


@pytest.mark.django_db
def test_dispatches_not_yet_overdue_are_not_read(w):
    abroad_overdue(w, 3)
    with CaptureQueriesContext(connection) as ctx:
        assert dispatch_overdue_sweep(date(2026, 3, 31)) == []
    (select,) = [q["sql"] for q in ctx.captured_queries]
    assert '"planned_return" <' in select


# --- what changed meanwhile is respected --------------------------------------------------------------------
@pytest.mark.django_db
def test_an_appointment_with_a_case_opened_meanwhile_or_ended_meanwhile_is_skipped(w):
    opened_by_person, ended, fine = uncertified(w, 3)
    services.withdrawal_propose(actor=base_admin(w["base"]), appointment=opened_by_person,
                                reason=WithdrawalReason.ILLNESS, facts="基地提出")  # fmt: skip
    type(ended).objects.filter(pk=ended.pk).update(state=S.WITHDRAWN)
    proposals = [
        services.RuleProposal(a, WithdrawalReason.NO_DEGREE_CERTIFICATE, "规则")
        for a in (opened_by_person, ended, fine, fine)
    ]
    opened = services.withdrawal_cases_open_by_rule(proposals)
    assert [c.appointment_id for c in opened] == [fine.pk]
    assert (
        WithdrawalCase.objects.filter(appointment=opened_by_person).count() == 1
    )  # the person's, not a second


def test_only_a_creation_row_for_the_system_can_open_records():
    with pytest.raises(UnknownAction):
        withdrawal_workflow.open_by_rule([], "dismiss")  # a person's step from a state, not a creation


# --- two runs at once (PostgreSQL) --------------------------------------------------------------------------
@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_once_open_each_case_once():
    w = _world()
    appointments = uncertified(w, 10)
    results = at_once(lambda: len(withdrawal_rules_sweep(AFTER_WINDOW)))
    assert sorted(results) == [0, 10]
    assert sorted(WithdrawalCase.objects.values_list("appointment_id", flat=True)) == sorted(
        a.pk for a in appointments
    )
    assert verify_chain() == []


# --- who hears of it ----------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_each_case_s_base_and_station_hear_of_it_once_in_a_fixed_number_of_statements(
    django_capture_on_commit_callbacks, monkeypatch
):
    from postdoc_base.accounts.enums import Role
    from postdoc_base.kernel import tasks
    from postdoc_base.kernel.models import Notification, OutboundEmail
    from tests.factories import user_with_role

    # The mail worker sends one mail at a time, later, in its own process: not the sweep's statements.
    monkeypatch.setattr(tasks, "send_outbox", lambda: None)
    counts = []
    for name, n in (("草原乳业", 1), ("河套酒业", 20)):
        w = _world(name)
        admin, contact = base_admin(w["base"]), user_with_role(Role.STATION_CONTACT, w["station"])
        other_base_admin = base_admin(make_base(f"{name}其他"))
        uncertified(w, n)
        with CaptureQueriesContext(connection) as ctx, django_capture_on_commit_callbacks(execute=True):
            opened = withdrawal_rules_sweep(AFTER_WINDOW)
        counts.append(len(ctx))
        assert len(opened) == n
        for person in (admin, contact):
            titles = sorted(Notification.objects.filter(recipient=person).values_list("title", "url"))
            assert titles == sorted(
                (f"{c}：系统提出退出基地", f"/tenure/withdrawals/{c.pk}/") for c in opened
            )
        assert not Notification.objects.filter(recipient=other_base_admin).exists()
    body = (
        Notification.objects.filter(title__endswith="系统提出退出基地").values_list("body", flat=True).first()
    )
    assert body == "依第二十三条第（一）项提出，待自治区博士后管理部门决定。"
    assert counts[0] == counts[1]
    assert OutboundEmail.objects.filter(subject__endswith="系统提出退出基地").count() == 2 * (1 + 20)
