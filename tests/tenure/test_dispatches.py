"""Dispatches (派出, Art. 16): requested by the postdoc or the base, approved or refused by the base, return
confirmed by the base; abroad and more than 30 days past the planned return opens a withdrawal case
(Art. 23(8))."""

import re
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.tenure import WithdrawalReason
from postdoc_base.tenure.dispatches import services
from postdoc_base.tenure.dispatches.enums import DispatchState as D
from postdoc_base.tenure.dispatches.models import Dispatch
from postdoc_base.tenure.dispatches.selectors import dispatches_visible_to
from postdoc_base.tenure.dispatches.workflow import dispatch_workflow
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.withdrawals import services as withdrawal_services
from postdoc_base.tenure.withdrawals.enums import WithdrawalState as W
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from tests.factories import ExpertFactory, StationFactory, bureau, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.pages import assert_rows_shown, json_ids
from tests.factories.people import ID_1988, make_postdoc, postdoc_user, supervisor_user
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    st1, st2 = StationFactory(), StationFactory()
    partner(b1, st1), partner(b2, st2)
    p1, p2 = make_postdoc(b1), make_postdoc(b1, ID_1988, name="巴特尔·朝鲁")
    ssup, bsup = station_supervisor(b1, st1), base_supervisor(b1)
    return {
        "b1": b1, "b2": b2, "st1": st1, "st2": st2, "p1": p1, "p2": p2, "ssup": ssup, "bsup": bsup,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2),
        "station_same": station_contact(st1), "station_other": station_contact(st2),
        "postdoc_own": postdoc_user(p1), "postdoc_other": postdoc_user(p2),
        "supervisor_own": supervisor_user(ssup), "expert": user_with_role(Role.EXPERT, ExpertFactory()),
    }  # fmt: skip


ROLES = ["region", "bureau_same", "bureau_other", "base_same", "base_other", "station_same", "station_other",
         "postdoc_own", "postdoc_other", "supervisor_own", "expert"]  # fmt: skip
REQUESTERS = {"base_same", "postdoc_own"}
DECIDERS = {"base_same"}
VISIBLE = {"region", "bureau_same", "base_same", "station_same", "postdoc_own", "supervisor_own"}

FIELDS = {"destination": "abroad", "purpose": "exchange", "place": "蒙古国立大学",
          "planned_start": date(2026, 1, 10), "planned_return": date(2026, 3, 1), "notes": ""}  # fmt: skip


def appointment(w, state=S.IN_BASE, postdoc=None):
    return make_appointment(w["b1"], w["st1"], postdoc or w["p1"], state=state, complete=True,
                            station_supervisor=w["ssup"], base_supervisor=w["bsup"])  # fmt: skip


def dispatch(w, state=D.REQUESTED, a=None, **kwargs):
    return Dispatch.objects.create(appointment=a or appointment(w), state=state, **{**FIELDS, **kwargs})


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def codes(refused) -> list[str]:
    return [f.code for f in refused.value.findings]


# --- requesting ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_request_is_allowed_to_the_postdoc_and_the_base_only(world, who):
    a = appointment(world)
    if who in REQUESTERS:
        d = services.dispatch_request(actor=world[who], appointment=a, **FIELDS)
        assert (d.state, d.destination, d.planned_return) == (D.REQUESTED, "abroad", date(2026, 3, 1))
    else:
        with pytest.raises(TransitionRefused) as refused:
            services.dispatch_request(actor=world[who], appointment=a, **FIELDS)
        assert codes(refused) == ["kernel.not_permitted"]
        assert Dispatch.objects.count() == 0


@pytest.mark.parametrize("state", [S.DRAFTED, S.SIGNED, S.ENTERED, S.FILING_SUBMITTED, S.WITHDRAWN])
def test_request_is_refused_unless_the_postdoc_is_in_the_base(world, state):
    a = appointment(world, state=state)
    with pytest.raises(TransitionRefused) as refused:
        services.dispatch_request(actor=world["base_same"], appointment=a, **FIELDS)
    assert codes(refused) == ["art16.not_in_base"]
    assert Dispatch.objects.count() == 0


def test_request_checks_fields_and_dates(world):
    a = appointment(world)
    bad = {**FIELDS, "destination": "moon", "purpose": "", "place": " ", "planned_return": date(2026, 1, 1)}
    with pytest.raises(ValidationError) as error:
        services.dispatch_request(actor=world["base_same"], appointment=a, **bad)
    assert set(error.value.message_dict) == {"destination", "purpose", "place"}
    with pytest.raises(ValidationError) as error:
        services.dispatch_request(actor=world["base_same"], appointment=a, **{**FIELDS,
                                  "planned_return": date(2026, 1, 9)})  # fmt: skip
    assert set(error.value.message_dict) == {"planned_return"}


# --- transitions ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(
    "action, comment, target", [("approve", "", D.APPROVED), ("refuse", "经费不足", D.REFUSED)]
)
def test_approve_and_refuse_are_for_the_base_only(world, who, action, comment, target):
    d = dispatch(world)
    if who in DECIDERS:
        d = dispatch_workflow.apply(d, action, actor=world[who], comment=comment)
        assert d.state == target
    else:
        with pytest.raises(TransitionRefused) as refused:
            dispatch_workflow.apply(d, action, actor=world[who], comment=comment)
        assert codes(refused) == ["kernel.not_permitted"]
        d.refresh_from_db()
        assert d.state == D.REQUESTED


def test_refuse_needs_a_comment(world):
    d = dispatch(world)
    with pytest.raises(TransitionRefused) as refused:
        dispatch_workflow.apply(d, "refuse", actor=world["base_same"])
    assert codes(refused) == ["kernel.comment_required"]


@pytest.mark.parametrize("state", [D.APPROVED, D.REFUSED, D.RETURNED])
@pytest.mark.parametrize("action", ["approve", "refuse"])
def test_decisions_are_refused_once_decided(world, state, action):
    d = dispatch(world, state=state)
    with pytest.raises(TransitionRefused) as refused:
        dispatch_workflow.apply(d, action, actor=world["base_same"], comment="意见")
    assert codes(refused) == ["kernel.wrong_state"]


@pytest.mark.parametrize("who", ROLES)
def test_return_is_confirmed_by_the_base_only_with_its_date(world, who):
    d = dispatch(world, state=D.APPROVED)
    if who in DECIDERS:
        d = services.dispatch_return_confirm(actor=world[who], dispatch=d, returned_on=date(2026, 3, 5))
        assert (d.state, d.returned_on) == (D.RETURNED, date(2026, 3, 5))
        # One event for the step, carrying the date it recorded.
        (event,) = AuditEvent.objects.filter(subject_type="tenure.dispatch", subject_id=str(d.pk))
        assert (event.action, event.diff["returned_on"]) == ("confirm_return", [None, "2026-03-05"])
    else:
        with pytest.raises(TransitionRefused) as refused:
            services.dispatch_return_confirm(actor=world[who], dispatch=d, returned_on=date(2026, 3, 5))
        assert codes(refused) == ["kernel.not_permitted"]
        d.refresh_from_db()
        assert (d.state, d.returned_on) == (D.APPROVED, None)


@pytest.mark.parametrize("state", [D.REQUESTED, D.REFUSED, D.RETURNED])
def test_return_is_refused_unless_approved(world, state):
    d = dispatch(world, state=state)
    with pytest.raises(TransitionRefused) as refused:
        services.dispatch_return_confirm(actor=world["base_same"], dispatch=d, returned_on=date(2026, 3, 5))
    assert codes(refused) == ["kernel.wrong_state"]
    d.refresh_from_db()
    assert d.returned_on is None


def test_return_before_the_start_is_refused_and_nothing_changes(world):
    d = dispatch(world, state=D.APPROVED)
    with pytest.raises(ValidationError):
        services.dispatch_return_confirm(actor=world["base_same"], dispatch=d, returned_on=date(2026, 1, 1))
    d.refresh_from_db()
    assert (d.state, d.returned_on) == (D.APPROVED, None)


def test_confirm_return_cannot_go_through_the_generic_transition(world):
    d = dispatch(world, state=D.APPROVED)
    with pytest.raises(TransitionRefused) as refused:
        dispatch_workflow.apply(d, "confirm_return", actor=world["base_same"])
    assert codes(refused) == ["kernel.batch_only"]


def test_approval_opens_the_return_obligation_due_on_the_planned_return(world):
    d = services.dispatch_request(actor=world["postdoc_own"], appointment=appointment(world), **FIELDS)
    dispatch_workflow.apply(d, "approve", actor=world["base_same"])
    ob = Obligation.objects.get(kind="dispatch_return")
    assert (ob.status, ob.title, ob.due_on, ob.responsible_role, ob.scope_id) == (
        ObligationStatus.OPEN, "确认派出人员返回", date(2026, 3, 1), Role.UNIT_ADMIN, world["b1"].unit_id,
    )  # fmt: skip
    services.dispatch_return_confirm(actor=world["base_same"], dispatch=d, returned_on=date(2026, 3, 1))
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.MET


# --- the Art. 23(8) sweep --------------------------------------------------------------------------------
def test_sweep_opens_nothing_on_day_30_after_the_planned_return(world):
    dispatch(world, state=D.APPROVED)  # planned_return 2026-03-01; 2026-03-31 is 30 days later
    assert services.dispatch_overdue_sweep(date(2026, 3, 31)) == []
    assert WithdrawalCase.objects.count() == 0


def test_sweep_opens_a_reason_8_case_on_day_31(world):
    d = dispatch(world, state=D.APPROVED)
    opened = services.dispatch_overdue_sweep(date(2026, 4, 1))  # 31 days
    assert len(opened) == 1
    case = WithdrawalCase.objects.get()
    assert (case.appointment_id, case.reason, case.state, case.proposed_by_role, case.article) == (
        d.appointment_id, WithdrawalReason.ABROAD_OVERDUE, W.PROPOSED, "system", "第二十三条第（八）项",
    )  # fmt: skip
    assert "31" in case.facts and "蒙古国立大学" in case.facts


def test_sweep_is_idempotent(world):
    dispatch(world, state=D.APPROVED)
    assert len(services.dispatch_overdue_sweep(date(2026, 4, 1))) == 1
    assert services.dispatch_overdue_sweep(date(2026, 4, 2)) == []
    assert WithdrawalCase.objects.count() == 1


def test_sweep_skips_an_appointment_with_an_open_case(world):
    d = dispatch(world, state=D.APPROVED)
    withdrawal_services.withdrawal_propose(actor=world["base_same"], appointment=d.appointment,
                                reason=WithdrawalReason.ILLNESS, facts="病假")  # fmt: skip
    assert services.dispatch_overdue_sweep(date(2026, 6, 1)) == []
    assert WithdrawalCase.objects.count() == 1


def test_sweep_ignores_domestic_dispatches(world):
    dispatch(world, state=D.APPROVED, destination="domestic")
    assert services.dispatch_overdue_sweep(date(2027, 1, 1)) == []


def test_sweep_ignores_returned_dispatches_even_if_late(world):
    dispatch(world, state=D.RETURNED, returned_on=date(2026, 5, 1))
    assert services.dispatch_overdue_sweep(date(2027, 1, 1)) == []


@pytest.mark.parametrize("state", [D.REQUESTED, D.REFUSED])
def test_sweep_ignores_undecided_or_refused_dispatches(world, state):
    dispatch(world, state=state)
    assert services.dispatch_overdue_sweep(date(2027, 1, 1)) == []


def test_sweep_command_reports_the_cases_opened(world, capsys):
    dispatch(world, state=D.APPROVED)
    call_command("sweep_dispatches", "--date", "2026-04-01")
    assert capsys.readouterr().out.strip().endswith("opened 1")
    call_command("sweep_dispatches", "--date", "2026-04-02")
    assert capsys.readouterr().out.strip() == "opened 0"


def test_system_proposal_needs_no_actor_and_is_audited_without_one(world):
    from postdoc_base.kernel.models import AuditEvent

    a = appointment(world)
    (case,) = withdrawal_services.withdrawal_cases_open_by_rule(
        [withdrawal_services.RuleProposal(a, 8, "逾期不归")]
    )
    assert case.proposed_by_role == "system"
    event = AuditEvent.objects.get(subject_id=case.pk, action="propose")
    assert (event.actor, event.role, event.from_state, event.to_state) == (None, "system", "", "proposed")
    assert event.diff["facts"] == [None, "逾期不归"]


def test_a_person_proposal_needs_a_person_the_rules_open_cases_only_through_the_kernel(world):
    from postdoc_base.kernel.workflow import TransitionRefused

    a = appointment(world)
    with pytest.raises(TransitionRefused):
        withdrawal_services.withdrawal_propose(actor=None, appointment=a, reason=8, facts="逾期不归")
    assert not a.withdrawal_cases.exists()


# --- scoping, pages and API ----------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_dispatches_are_scoped_like_appointments(world, who):
    d = dispatch(world)
    other = dispatch(world, a=appointment(world, postdoc=world["p2"]))
    visible = set(dispatches_visible_to(world[who]).values_list("pk", flat=True))
    both = {"region", "bureau_same", "base_same", "station_same", "supervisor_own"}  # the same supervisors
    expected = {"postdoc_own": {d.pk}, "postdoc_other": {other.pk}}.get(who, {d.pk, other.pk} if who in both
                                                                         else set())  # fmt: skip
    assert visible == expected
    c = login(world[who])
    assert c.get(f"/tenure/dispatches/{d.pk}/").status_code == (200 if who in VISIBLE else 404)
    assert c.get(f"/api/v1/dispatches/{d.pk}").status_code == (200 if who in VISIBLE else 404)


def test_postdoc_requests_from_the_appointment_page_and_base_approves_and_confirms(world):
    a = appointment(world)
    pc = login(world["postdoc_own"])
    assert "申请派出" in pc.get(a.get_absolute_url()).content.decode()
    r = pc.post(f"/tenure/appointments/{a.pk}/dispatch/", {**FIELDS, "planned_start": "2026-01-10",
                "planned_return": "2026-03-01"})  # fmt: skip
    d = Dispatch.objects.get()
    assert r.status_code == 302 and r.url == d.get_absolute_url()
    bc = login(world["base_same"])
    page = bc.get(d.get_absolute_url()).content.decode()
    assert "批准派出" in page and "不予派出" in page and 'data-testid="return-form"' not in page
    bc.post(f"/tenure/dispatches/{d.pk}/transition/", {"action": "approve"})
    d.refresh_from_db()
    assert d.state == D.APPROVED
    assert 'data-testid="return-form"' in bc.get(d.get_absolute_url()).content.decode()
    bc.post(f"/tenure/dispatches/{d.pk}/return/", {"returned_on": "2026-03-02"})
    d.refresh_from_db()
    assert (d.state, d.returned_on) == (D.RETURNED, date(2026, 3, 2))
    assert "已返回" in pc.get(d.get_absolute_url()).content.decode()


def test_dispatch_form_is_hidden_from_those_who_cannot_request(world):
    a = appointment(world)
    c = login(world["station_same"])
    assert "申请派出" not in c.get(a.get_absolute_url()).content.decode()
    assert c.get(f"/tenure/appointments/{a.pk}/dispatch/").status_code == 404


def test_api_create_transition_return_and_history(world):
    a = appointment(world)
    c = login(world["postdoc_own"])
    payload = {**FIELDS, "appointment": a.pk, "planned_start": "2026-01-10", "planned_return": "2026-03-01"}
    r = c.post("/api/v1/dispatches", payload, content_type="application/json")
    assert r.status_code == 201
    pk = r.json()["id"]
    assert (r.json()["state"], r.json()["destination_label"]) == ("requested", "国（境）外")
    assert c.get(f"/api/v1/dispatches/{pk}/transitions").json() == []
    b = login(world["base_same"])
    assert [x["action"] for x in b.get(f"/api/v1/dispatches/{pk}/transitions").json()] == [
        "approve",
        "refuse",
    ]
    r = b.post(f"/api/v1/dispatches/{pk}/transitions", {"action": "approve"}, content_type="application/json")
    assert r.status_code == 200
    r = b.post(f"/api/v1/dispatches/{pk}/transitions", {"action": "confirm_return"},
               content_type="application/json")  # fmt: skip
    assert r.status_code in (400, 409, 422)
    assert c.post(f"/api/v1/dispatches/{pk}/return", {"returned_on": "2026-03-02"},
                  content_type="application/json").status_code == 403  # fmt: skip
    r = b.post(
        f"/api/v1/dispatches/{pk}/return", {"returned_on": "2026-03-02"}, content_type="application/json"
    )
    assert (r.status_code, r.json()["state"], r.json()["returned_on"]) == (200, "returned", "2026-03-02")
    actions = [e["action"] for e in c.get(f"/api/v1/dispatches/{pk}/history").json()]
    assert actions == ["request", "approve", "confirm_return"] or actions[::-1] == [
        "request",
        "approve",
        "confirm_return",
    ]


def test_api_create_is_refused_for_others(world):
    a = appointment(world)
    c = login(world["station_same"])
    payload = {**FIELDS, "appointment": a.pk, "planned_start": "2026-01-10", "planned_return": "2026-03-01"}
    assert c.post("/api/v1/dispatches", payload, content_type="application/json").status_code == 403
    assert login(world["postdoc_other"]).post("/api/v1/dispatches", payload,
                                              content_type="application/json").status_code == 404  # fmt: skip


def _rows(w, n):
    made = []
    for i in range(n):
        p = make_postdoc(w["b1"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国",
                         name=f"巴雅尔{i}号")  # fmt: skip
        made.append(dispatch(w, a=appointment(w, postdoc=p)))
    return made


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize("url, queries", [("/tenure/dispatches/", 5), ("/api/v1/dispatches", 5)])
def test_dispatch_list_query_count_does_not_grow(world, django_assert_num_queries, rows, url, queries):
    made = _rows(world, rows)
    c = login(world["base_same"])
    c.get(url)
    with django_assert_num_queries(queries):
        response = c.get(url)
        assert response.status_code == 200
    # Every row made is listed: by id in the JSON, by its row, its postdoc and its link on the page.
    names = {o.pk: f"巴雅尔{i}号" for i, o in enumerate(made)}
    if url.startswith("/api/"):
        assert json_ids(response) == set(names)
        assert {(i["id"], i["postdoc_name"]) for i in response.json()["items"]} == set(names.items())
    else:
        shown = re.findall(r'data-dispatch="(\d+)"', response.content.decode())
        assert sorted(map(int, shown)) == sorted(names)
        assert_rows_shown(response, [*names.values(), *(o.get_absolute_url() for o in made)])


@pytest.mark.parametrize("who", sorted(VISIBLE))
@pytest.mark.parametrize("state", [D.APPROVED, D.REQUESTED])
def test_the_return_form_is_shown_exactly_to_whom_the_return_service_allows(world, who, state):
    d = dispatch(world, state=state)
    page = login(world[who]).get(d.get_absolute_url())
    assert page.status_code == 200
    shown = reverse("tenure:dispatch_return", args=[d.pk]) in page.content.decode()
    assert shown is (who in DECIDERS and state == D.APPROVED)
