"""The daily withdrawal-rules sweep (Art. 23(1), (9)): no degree certificate six months after entry, an expired
term without exit formalities, more than six years in the base."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from postdoc_base.policy.tenure import WithdrawalReason, degree_certificate_due, term_end
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.models import TermExtension
from postdoc_base.tenure.withdrawals.enums import WithdrawalState as W
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from postdoc_base.tenure.withdrawals.sweeps import withdrawal_rules_sweep
from tests.factories import StationFactory
from tests.factories.appointments import make_appointment, partner
from tests.factories.people import ID_1988, make_postdoc
from tests.factories.tenure import make_base

pytestmark = pytest.mark.django_db

ENTRY = date(2026, 1, 31)
CERT_DUE = degree_certificate_due(ENTRY)  # 2026-07-31
TERM_END = term_end(ENTRY, 24)  # 2028-01-30
DAY = timedelta(days=1)
NO_DEGREE, TERM = WithdrawalReason.NO_DEGREE_CERTIFICATE, WithdrawalReason.TERM_EXPIRED_OR_OVER_SIX_YEARS


@pytest.fixture
def world():
    base, station = make_base(), StationFactory()
    partner(base, station)
    return {"base": base, "station": station}


def appointment(w, state=S.IN_BASE, *, certified=True, **kwargs):
    """An appointment entered on ENTRY; ``certified`` records a degree certificate held since 2025."""
    postdoc_fields = {} if certified else {"degree_date": None, "degree_certificate_number": ""}
    postdoc_fields.update(kwargs.pop("postdoc", {}))
    postdoc = make_postdoc(w["base"], **postdoc_fields)
    kwargs.setdefault("entry_date", ENTRY)
    return make_appointment(w["base"], w["station"], postdoc, state=state, **kwargs)


def cases():
    return list(WithdrawalCase.objects.order_by("id").values_list("appointment_id", "reason", "state"))


# --- item (1): the degree certificate --------------------------------------------------------------------
def test_the_certificate_window_closes_six_months_after_entry():
    assert degree_certificate_due(ENTRY) == date(2026, 7, 31)


@pytest.mark.parametrize("today, opens", [(CERT_DUE - DAY, False), (CERT_DUE, False), (CERT_DUE + DAY, True)])
def test_no_certificate_opens_a_case_from_the_day_after_the_window(world, today, opens):
    a = appointment(world, certified=False)
    opened = withdrawal_rules_sweep(today)
    assert cases() == ([(a.pk, NO_DEGREE, W.PROPOSED)] if opens else [])
    if opens:
        case = opened[0]
        assert case.proposed_by_role == "system"
        assert case.facts == (
            "符合第二十三条第（一）项退出情形：2026年1月31日进基地，至2026年7月31日仍未取得国家承认的博士学位证书。"
        )


@pytest.mark.parametrize(
    "state", [S.ENTERED, S.FILING_SUBMITTED, S.IN_BASE, S.EXIT_REQUESTED, S.EXIT_ASSESSED]
)
def test_no_certificate_applies_in_every_state_after_entry(world, state):
    a = appointment(world, state, certified=False)
    withdrawal_rules_sweep(CERT_DUE + DAY)
    assert cases() == [(a.pk, NO_DEGREE, W.PROPOSED)]


@pytest.mark.parametrize(
    "postdoc",
    [
        {
            "degree_date": date(2026, 7, 31),
            "degree_certificate_number": "1012632026000001",
        },  # on the last day
        {"degree_date": date(2026, 3, 1), "degree_certificate_number": "1012632026000001"},  # after entry
        {
            "degree_date": date(2025, 6, 30),
            "degree_certificate_number": "",
            "foreign_degree_verification": "教育部留学服务中心认证，编号 2025-0001",
        },  # a degree from abroad, verified
    ],
)
def test_a_certificate_obtained_in_time_opens_no_case(world, postdoc):
    appointment(world, postdoc=postdoc)
    assert withdrawal_rules_sweep(CERT_DUE + DAY) == []


@pytest.mark.parametrize(
    "postdoc",
    [
        {"degree_date": date(2026, 8, 1), "degree_certificate_number": "1012632026000001"},  # a day late
        {"degree_date": date(2025, 6, 30), "degree_certificate_number": ""},  # a date but no certificate
    ],
)
def test_a_late_or_unevidenced_certificate_opens_a_case(world, postdoc):
    a = appointment(world, postdoc=postdoc)
    withdrawal_rules_sweep(date(2026, 9, 1))
    assert cases() == [(a.pk, NO_DEGREE, W.PROPOSED)]


# --- item (9): the term and six years --------------------------------------------------------------------
@pytest.mark.parametrize("today, opens", [(TERM_END - DAY, False), (TERM_END, False), (TERM_END + DAY, True)])
def test_an_expired_term_opens_a_case_from_the_day_after_it_ends(world, today, opens):
    a = appointment(world)
    opened = withdrawal_rules_sweep(today)
    assert cases() == ([(a.pk, TERM, W.PROPOSED)] if opens else [])
    if opens:
        assert (
            opened[0].facts
            == "符合第二十三条第（九）项退出情形：合同（协议）已于2028年1月30日期满，尚未办理出基地手续。"
        )


def test_the_term_includes_acknowledged_extensions(world):
    a = appointment(world, extended_months=6)
    end = term_end(ENTRY, 30)
    assert withdrawal_rules_sweep(end) == []
    withdrawal_rules_sweep(end + DAY)
    assert cases() == [(a.pk, TERM, W.PROPOSED)]


def test_the_first_failing_item_is_cited(world):
    a = appointment(world, certified=False)
    withdrawal_rules_sweep(TERM_END + DAY)  # both (1) and (9) fail; one case, for (1)
    assert cases() == [(a.pk, NO_DEGREE, W.PROPOSED)]


@pytest.mark.parametrize("state", [S.EXIT_REQUESTED, S.EXIT_ASSESSED])
def test_a_postdoc_who_applied_to_exit_is_not_past_term_but_six_years_still_count(world, state):
    a = appointment(world, state)
    assert withdrawal_rules_sweep(TERM_END + DAY) == []
    six_years_end = term_end(ENTRY, 72)
    assert withdrawal_rules_sweep(six_years_end) == []
    opened = withdrawal_rules_sweep(six_years_end + DAY)
    assert cases() == [(a.pk, TERM, W.PROPOSED)]
    assert opened[0].facts == "符合第二十三条第（九）项退出情形：2026年1月31日进基地，在基地时间超过6年。"


def test_a_term_longer_than_six_years_opens_a_case_at_once(world):
    a = appointment(world, term_months=48, extended_months=30)
    withdrawal_rules_sweep(ENTRY + DAY)
    assert cases() == [(a.pk, TERM, W.PROPOSED)]


def test_a_pending_extension_holds_back_the_expired_term(world):
    a = appointment(world)
    ext = TermExtension.objects.create(
        appointment=a, months=6, reason="课题未结题", requested_by_role="unit_admin"
    )
    assert withdrawal_rules_sweep(TERM_END + DAY) == []
    ext.state = "refused"
    ext.save()
    withdrawal_rules_sweep(TERM_END + DAY)
    assert cases() == [(a.pk, TERM, W.PROPOSED)]


def test_month_end_entries_are_swept_on_the_clamped_days(world):
    """31 August + 6 months is 28 February; 31 August 2027 + 30 months ends on 27 February 2030."""
    a = appointment(world, certified=False, entry_date=date(2026, 8, 31))
    assert degree_certificate_due(date(2026, 8, 31)) == date(2027, 2, 28)
    assert withdrawal_rules_sweep(date(2027, 2, 28)) == []
    withdrawal_rules_sweep(date(2027, 3, 1))
    postdoc = make_postdoc(world["base"], ID_1988, name="巴特尔·朝鲁")
    b = make_appointment(world["base"], world["station"], postdoc, state=S.IN_BASE, entry_date=date(2027, 8, 31),
                         term_months=30)  # fmt: skip
    assert withdrawal_rules_sweep(date(2030, 2, 27)) == []
    withdrawal_rules_sweep(date(2030, 2, 28))
    assert cases() == [(a.pk, NO_DEGREE, W.PROPOSED), (b.pk, TERM, W.PROPOSED)]


# --- idempotence and what the sweep leaves alone --------------------------------------------------------
def test_the_sweep_is_idempotent(world):
    appointment(world, certified=False)
    assert len(withdrawal_rules_sweep(CERT_DUE + DAY)) == 1
    assert withdrawal_rules_sweep(CERT_DUE + DAY) == []
    assert withdrawal_rules_sweep(CERT_DUE + 30 * DAY) == []
    assert len(cases()) == 1


def test_an_open_case_blocks_and_a_dismissed_one_does_not(world):
    a = appointment(world, certified=False)
    other = WithdrawalCase.objects.create(
        appointment=a, reason=7, facts="患病", proposed_by_role="unit_admin"
    )
    assert withdrawal_rules_sweep(CERT_DUE + DAY) == []
    WithdrawalCase.objects.filter(pk=other.pk).update(state=W.DISMISSED)
    assert [c.reason for c in withdrawal_rules_sweep(CERT_DUE + DAY)] == [NO_DEGREE]


@pytest.mark.parametrize("state", [S.EXITED, S.WITHDRAWN])
def test_exited_and_withdrawn_appointments_are_ignored(world, state):
    appointment(world, state, certified=False)
    assert withdrawal_rules_sweep(date(2033, 1, 1)) == []


@pytest.mark.parametrize("state", [S.DRAFTED, S.SIGNED])
def test_appointments_before_entry_are_ignored(world, state):
    postdoc = make_postdoc(world["base"], degree_date=None, degree_certificate_number="")
    make_appointment(world["base"], world["station"], postdoc, state=state)
    assert withdrawal_rules_sweep(date(2033, 1, 1)) == []


def test_one_case_per_appointment_for_many_postdocs(world):
    a = appointment(world, certified=False)
    b = make_appointment(world["base"], world["station"], make_postdoc(world["base"], ID_1988, name="巴特尔·朝鲁"),
                         state=S.IN_BASE, entry_date=ENTRY)  # fmt: skip
    withdrawal_rules_sweep(TERM_END + DAY)
    assert sorted(cases()) == sorted([(a.pk, NO_DEGREE, W.PROPOSED), (b.pk, TERM, W.PROPOSED)])


def _sweep_queries(today) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert withdrawal_rules_sweep(today) == []
    return len(ctx)


def test_evaluating_candidates_costs_the_same_queries_for_1_and_10(world):
    """Candidates that pass (a certificate obtained after entry but in time) are read in one query."""
    in_time = {"degree_date": date(2026, 3, 1), "degree_certificate_number": "1012632026000001"}
    appointment(world, postdoc=in_time)
    one = _sweep_queries(CERT_DUE + DAY)
    for i in range(9):
        postdoc = make_postdoc(world["base"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国",
                               **in_time)  # fmt: skip
        make_appointment(world["base"], world["station"], postdoc, state=S.IN_BASE, entry_date=ENTRY)
    assert _sweep_queries(CERT_DUE + DAY) == one


# --- command and task -----------------------------------------------------------------------------------
def test_sweep_command_reports_the_cases_opened(world, capsys):
    appointment(world, certified=False)
    call_command("sweep_withdrawals", "--date", (CERT_DUE + DAY).isoformat())
    out = capsys.readouterr().out.strip().splitlines()
    assert out[-1] == "opened 1"
    assert out[0].endswith("张晓明\t第二十三条第（一）项")
    call_command("sweep_withdrawals", "--date", (CERT_DUE + DAY).isoformat())
    assert capsys.readouterr().out.strip() == "opened 0"
