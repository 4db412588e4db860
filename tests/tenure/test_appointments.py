"""Appointments (进基地): tripartite agreement, entry, entry filing and "in the base" (Arts. 8, 13, 14, 15)."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.tenure import AgreementClause, Party
from postdoc_base.tenure.assessments.models import Assessment
from postdoc_base.tenure.people.selectors import postdocs_visible_to
from postdoc_base.tenure.stay import services
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.models import Appointment, TermExtension
from postdoc_base.tenure.stay.selectors import appointments_visible_to
from postdoc_base.tenure.stay.workflow import appointment_workflow
from tests.factories import ExpertFactory, StationFactory, bureau, user_with_role
from tests.factories.appointments import (
    base_supervisor,
    make_appointment,
    partner,
    pdf,
    station_supervisor,
)
from tests.factories.pages import assert_rows_shown, json_ids
from tests.factories.people import ID_1988, make_postdoc, postdoc_user, supervisor_user
from tests.factories.shared import once_per_module
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = pytest.mark.django_db


def _build_world():
    """Base 1 (Hohhot) partners station 1; base 2 (Baotou) partners station 2; one complete appointment."""
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    st1, st2 = StationFactory(), StationFactory()
    partner(b1, st1), partner(b2, st2)
    p1, p2 = make_postdoc(b1), make_postdoc(b1, ID_1988, name="巴特尔·朝鲁")
    ssup, bsup = station_supervisor(b1, st1), base_supervisor(b1)
    other_sup = base_supervisor(b1, name="赵工")
    return {
        "b1": b1, "b2": b2, "st1": st1, "st2": st2, "p1": p1, "p2": p2, "ssup": ssup, "bsup": bsup,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2),
        "station_same": station_contact(st1), "station_other": station_contact(st2),
        "postdoc_own": postdoc_user(p1), "postdoc_other": postdoc_user(p2),
        "supervisor_own": supervisor_user(ssup), "supervisor_other": supervisor_user(other_sup),
        "expert": user_with_role(Role.EXPERT, ExpertFactory()),
    }  # fmt: skip


shared_world = once_per_module(_build_world)


def appointment(w, state=S.DRAFTED, **kwargs) -> Appointment:
    return make_appointment(w["b1"], w["st1"], w["p1"], state=state, complete=True,
                            station_supervisor=w["ssup"], base_supervisor=w["bsup"], **kwargs)  # fmt: skip


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def codes(refused) -> list[str]:
    return [f.code for f in refused.value.findings]


ROLES = ["region", "bureau_same", "bureau_other", "base_same", "base_other", "station_same", "station_other",
         "postdoc_own", "postdoc_other", "supervisor_own", "supervisor_other", "expert"]  # fmt: skip
TRANSITIONS = [
    ("sign", S.DRAFTED, S.SIGNED, {"base_same"}),
    ("complete_entry", S.SIGNED, S.ENTERED, {"station_same"}),
    ("submit_filing", S.ENTERED, S.FILING_SUBMITTED, {"base_same"}),
    ("accept_filing", S.FILING_SUBMITTED, S.IN_BASE, {"region"}),
    ("return_filing", S.FILING_SUBMITTED, S.ENTERED, {"region"}),
    ("request_exit", S.IN_BASE, S.EXIT_REQUESTED, {"postdoc_own", "base_same"}),
    ("pass_exit_assessment", S.EXIT_REQUESTED, S.EXIT_ASSESSED, {"base_same"}),
    ("complete_exit", S.EXIT_ASSESSED, S.EXITED, {"station_same"}),
    *[
        ("withdraw", source, S.WITHDRAWN, {"region"})
        for source in (S.SIGNED, S.ENTERED, S.FILING_SUBMITTED, S.IN_BASE, S.EXIT_REQUESTED, S.EXIT_ASSESSED)
    ],
]


def _ready_for(action: str, source: str) -> dict:
    """What each step needs recorded before it: entry date, exit documents, a passed exit assessment (set up
    after creation), the exit date and destination."""
    extra = {} if source in (S.DRAFTED,) else {"entry_date": date(2026, 1, 31)}
    if action == "request_exit":
        extra.update(research_report=pdf("report.pdf"), work_summary=pdf("summary.pdf"))
    if action == "complete_exit":
        extra.update(exit_date=date(2028, 1, 30), destination="base_unit", destination_employer="某单位")
    return extra


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("action, source, target, allowed", TRANSITIONS)
def test_each_transition_is_allowed_only_for_its_role_in_scope(world, who, action, source, target, allowed):
    a = appointment(world, source, **_ready_for(action, source))
    if action == "pass_exit_assessment":
        Assessment.objects.create(appointment=a, kind="exit", due_on=date(2028, 1, 30), state="graded",
                                  grade="pass")  # fmt: skip
    batch = appointment_workflow.get(action).batch_only
    if who in allowed:
        done = appointment_workflow.apply(a, action, actor=world[who], comment="材料不全", batch=batch)
        assert done.state == target
        assert AuditEvent.objects.filter(action=action, to_state=target).count() == 1
    else:
        with pytest.raises(TransitionRefused) as refused:
            appointment_workflow.apply(a, action, actor=world[who], comment="材料不全", batch=batch)
        assert codes(refused) == ["kernel.not_permitted"]
        a.refresh_from_db()
        assert a.state == source


def test_whole_first_half_from_draft_to_in_the_base(world, monkeypatch):
    a = services.appointment_create(actor=world["base_same"], base=world["b1"], postdoc=world["p1"],
                                    station=world["st1"])  # fmt: skip
    assert (a.state, a.contract_type, a.term_months) == (S.DRAFTED, "labour_contract", 24)
    a = services.appointment_update_agreement(
        actor=world["base_same"], appointment=a, uploaded=pdf(), clauses_confirmed=list(AgreementClause.values),
        signed_by=["postdoc", "base", "station"], station_supervisor=world["ssup"], base_supervisor=world["bsup"],
    )  # fmt: skip
    assert a.signed_by == ["base", "station", "postdoc"]
    a = appointment_workflow.apply(a, "sign", actor=world["base_same"])
    a = services.entry_complete(actor=world["station_same"], appointment=a, entry_date=date(2026, 1, 31))
    assert (a.state, a.entry_date) == (S.ENTERED, date(2026, 1, 31))
    # One event for the step, carrying the date it recorded.
    entry = AuditEvent.objects.get(action="complete_entry")
    assert (entry.diff["entry_date"], entry.diff["state"]) == ([None, "2026-01-31"], ["signed", "entered"])
    assert not AuditEvent.objects.filter(action="set_entry_date").exists()
    due = Obligation.objects.get(kind="entry_filing", status=ObligationStatus.OPEN)
    assert (due.due_on, due.responsible_role, due.scope_kind, due.scope_id) == (
        date(2026, 4, 30), Role.UNIT_ADMIN, "unit", world["b1"].unit_id,
    )  # fmt: skip
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 4, 30))
    a = appointment_workflow.apply(a, "submit_filing", actor=world["base_same"])
    region_due = Obligation.objects.get(kind="entry_filing_review", status=ObligationStatus.OPEN)
    assert (region_due.due_on, region_due.responsible_role) == (date(2026, 4, 30), Role.REGION_ADMIN)
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 5, 6))
    a = appointment_workflow.apply(a, "accept_filing", actor=world["region"])
    # Reported on the due date: on time, though the region accepted it after (Art. 13(2)).
    assert (a.state, a.entry_filing_submitted_on, a.entry_filed_on, a.entry_filing_late) == (
        S.IN_BASE, date(2026, 4, 30), date(2026, 5, 6), False,
    )  # fmt: skip
    # Filing meets both filing obligations; what stays open is the end of the 24-month term (Art. 18).
    open_kinds = {
        (o.kind, o.due_on)
        for o in Obligation.objects.filter(status=ObligationStatus.OPEN, kind__startswith="entry_filing")
    }
    assert open_kinds == set()
    term_end = Obligation.objects.get(kind="term_end_exit", status=ObligationStatus.OPEN)
    assert (term_end.due_on, term_end.scope_id) == (date(2028, 1, 30), world["b1"].unit_id)
    midterm = a.assessments.get()
    assert (midterm.kind, midterm.due_on, midterm.state) == ("midterm", date(2027, 1, 31), "scheduled")


@pytest.mark.parametrize("submitted_on, late", [(date(2026, 4, 29), False), (date(2026, 4, 30), False),
                                                 (date(2026, 5, 1), True)])  # fmt: skip
def test_filing_submitted_after_the_three_month_due_date_is_accepted_but_marked_late(
    world, monkeypatch, submitted_on, late
):
    a = appointment(
        world, S.FILING_SUBMITTED, entry_date=date(2026, 1, 31), entry_filing_submitted_on=submitted_on
    )
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 5, 20))
    a = appointment_workflow.apply(a, "accept_filing", actor=world["region"])
    assert (a.state, a.entry_filed_on, a.entry_filing_late) == (S.IN_BASE, date(2026, 5, 20), late)
    assert a.entry_filing_due == date(2026, 4, 30)


def test_region_returns_a_filing_only_with_a_comment(world):
    a = appointment(world, S.FILING_SUBMITTED)
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "return_filing", actor=world["region"])
    assert codes(refused) == ["kernel.comment_required"]
    assert (
        appointment_workflow.apply(a, "return_filing", actor=world["region"], comment="导师信息有误").state
        == S.ENTERED
    )


@pytest.mark.parametrize("clause", AgreementClause.values)
def test_sign_is_refused_for_each_missing_clause(world, clause):
    a = appointment(world, clauses_confirmed=[c for c in AgreementClause.values if c != clause])
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "sign", actor=world["base_same"])
    assert codes(refused) == [f"art13.1.{clause}.missing"]


@pytest.mark.parametrize("party", Party.values)
def test_sign_is_refused_for_each_missing_signature(world, party):
    a = appointment(world, signed_by=[p for p in Party.values if p != party])
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "sign", actor=world["base_same"])
    assert codes(refused) == [f"art13.1.{party}_signature.missing"]


def test_sign_is_refused_without_the_signed_document(world):
    a = appointment(world, document="")
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "sign", actor=world["base_same"])
    assert codes(refused) == ["art13.1.document.missing"]
    a.refresh_from_db()
    assert a.state == S.DRAFTED


@pytest.mark.parametrize(
    "months, project, expected",
    [
        (23, False, ["art14.term_below_two_years"]),
        (49, False, ["art14.over_four_years_without_project"]),
        (73, True, ["art14.over_six_years"]),
        (73, False, ["art14.over_four_years_without_project", "art14.over_six_years"]),
    ],
)
def test_sign_is_refused_by_the_term_rule(world, months, project, expected):
    a = appointment(world, term_months=months, has_major_project=project)
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "sign", actor=world["base_same"])
    assert codes(refused) == expected


@pytest.mark.parametrize("months, project", [(24, False), (48, False), (49, True), (72, True)])
def test_sign_allows_terms_within_the_rule(world, months, project):
    a = appointment(world, term_months=months, has_major_project=project)
    assert appointment_workflow.apply(a, "sign", actor=world["base_same"]).state == S.SIGNED


@pytest.mark.parametrize(
    "missing, expected", [("station_supervisor", ["art15.station_supervisor.missing"]),
                          ("base_supervisor", ["art15.base_supervisor.missing"])],
)  # fmt: skip
def test_submit_filing_is_refused_without_both_supervisors(world, missing, expected):
    a = appointment(world, S.ENTERED)
    setattr(a, missing, None)
    a.save()
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "submit_filing", actor=world["base_same"])
    assert codes(refused) == expected


def test_complete_entry_is_refused_without_an_entry_date(world):
    a = appointment(world, S.SIGNED)
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "complete_entry", actor=world["station_same"], batch=True)
    assert codes(refused) == ["art13.2.no_entry_date"]


def test_entry_goes_through_the_entry_date_form_not_the_generic_action(world):
    """The action panel offers no date-less "办理进基地" next to the station's entry form."""
    a = appointment(world, S.SIGNED)
    assert appointment_workflow.available_actions(a, world["station_same"]) == []
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "complete_entry", actor=world["station_same"])
    assert codes(refused) == ["kernel.batch_only"]


def test_entry_by_another_station_leaves_the_appointment_unchanged(world):
    a = appointment(world, S.SIGNED)
    with pytest.raises(TransitionRefused) as refused:
        services.entry_complete(actor=world["station_other"], appointment=a, entry_date=date(2026, 1, 31))
    assert codes(refused) == ["kernel.not_permitted"]
    a.refresh_from_db()
    assert (a.state, a.entry_date) == (S.SIGNED, None)


@pytest.mark.parametrize(
    ("who", "state", "shown"),
    [
        ("station_same", S.SIGNED, True),
        ("base_and_other_station", S.SIGNED, False),  # sees the appointment as the base; not its station
        ("base_same", S.SIGNED, False),
        ("station_same", S.DRAFTED, False),
    ],
)
def test_the_entry_form_is_shown_exactly_to_whom_the_entry_service_allows(world, who, state, shown):
    a = appointment(world, state)
    if who == "base_and_other_station":
        user = world["base_same"]
        RoleAssignment.objects.create(user=user, role=Role.STATION_CONTACT, station=world["st2"])
    else:
        user = world[who]
    page = login(user).get(a.get_absolute_url())
    assert page.status_code == 200
    assert (reverse("tenure:appointment_entry", args=[a.pk]) in page.content.decode()) is shown
    if not shown and state == S.SIGNED:
        with pytest.raises(TransitionRefused) as refused:
            services.entry_complete(actor=user, appointment=a, entry_date=date(2026, 1, 31))
        assert codes(refused) == ["kernel.not_permitted"]


# --- services ------------------------------------------------------------------------------------------
def test_create_requires_an_active_agreement_with_the_station(world):
    with pytest.raises(TransitionRefused) as refused:
        services.appointment_create(actor=world["base_same"], base=world["b1"], postdoc=world["p1"],
                                    station=world["st2"])  # fmt: skip
    assert codes(refused) == ["art8.no_active_agreement"]
    assert not Appointment.objects.exists()


def test_create_requires_a_postdoc_recorded_by_this_base(world):
    other = make_postdoc(world["b2"], "15010219910615107X")
    partner(world["b2"], world["st1"])
    with pytest.raises(TransitionRefused) as refused:
        services.appointment_create(
            actor=world["base_same"], base=world["b1"], postdoc=other, station=world["st1"]
        )
    assert codes(refused) == ["appointment.postdoc_not_recorded"]


def test_create_is_refused_to_another_bases_admin(world):
    with pytest.raises(TransitionRefused) as refused:
        services.appointment_create(actor=world["base_other"], base=world["b1"], postdoc=world["p1"],
                                    station=world["st1"])  # fmt: skip
    assert codes(refused) == ["kernel.not_permitted"]
    assert not AuditEvent.objects.filter(action="create").exists()


@pytest.mark.parametrize("nature, contract", [("enterprise", "labour_contract"),
                                              ("institution", "employment_contract"), ("other", "work_agreement")])  # fmt: skip
def test_contract_type_follows_the_units_nature(world, nature, contract):
    unit = world["b1"].unit
    unit.nature = nature
    unit.save()
    a = services.appointment_create(actor=world["base_same"], base=world["b1"], postdoc=world["p1"],
                                    station=world["st1"])  # fmt: skip
    assert a.contract_type == contract


def test_agreement_can_only_be_edited_while_drafted(world):
    a = appointment(world, S.SIGNED)
    with pytest.raises(TransitionRefused) as refused:
        services.appointment_update_agreement(actor=world["base_same"], appointment=a, term_months=36)
    assert codes(refused) == ["appointment.not_drafted"]
    a.refresh_from_db()
    assert a.term_months == 24


def test_agreement_edit_rejects_unknown_clauses_and_wrong_side_supervisors(world):
    a = appointment(world)
    with pytest.raises(ValidationError) as error:
        services.appointment_update_agreement(actor=world["base_same"], appointment=a, clauses_confirmed=["x"],
                                              station_supervisor=world["bsup"])  # fmt: skip
    assert set(error.value.message_dict) == {"clauses_confirmed", "station_supervisor"}


# --- scoping -------------------------------------------------------------------------------------------
VISIBLE = {"region", "bureau_same", "base_same", "station_same", "postdoc_own", "supervisor_own"}


@pytest.mark.parametrize("who", ROLES)
def test_appointment_visibility_by_role(world, who):
    a = appointment(world)
    assert list(appointments_visible_to(world[who])) == ([a] if who in VISIBLE else [])
    page = login(world[who]).get(f"/tenure/appointments/{a.pk}/")
    api = login(world[who]).get(f"/api/v1/appointments/{a.pk}")
    expected = 200 if who in VISIBLE else 404
    assert (page.status_code, api.status_code) == (expected, expected)


def test_one_postdoc_cannot_see_anothers_appointment_in_lists(world):
    mine = appointment(world)
    make_appointment(world["b1"], world["st1"], world["p2"])
    c = login(world["postdoc_own"])
    assert [row["id"] for row in c.get("/api/v1/appointments").json()["items"]] == [mine.pk]
    assert c.get("/tenure/appointments/").context["page"].object_list == [mine]


def test_supervisor_sees_the_postdocs_of_their_appointments_only(world):
    assert list(postdocs_visible_to(world["supervisor_own"])) == []
    appointment(world)
    assert list(postdocs_visible_to(world["supervisor_own"])) == [world["p1"]]
    assert list(postdocs_visible_to(world["supervisor_other"])) == []


# --- pages and API -------------------------------------------------------------------------------------
def test_detail_page_shows_contract_type_due_date_and_overdue(world, monkeypatch):
    a = appointment(world, S.ENTERED, entry_date=date(2026, 1, 31))
    monkeypatch.setattr(timezone, "localdate", lambda *args: date(2026, 5, 1))
    html = login(world["base_same"]).get(f"/tenure/appointments/{a.pk}/").content.decode()
    assert "劳动合同" in html and "2026年4月30日" in html and "逾期" in html


@pytest.mark.parametrize("who, linked", [("base_same", True), ("station_same", False), ("postdoc_own", False),
                                         ("supervisor_own", False), ("region", True)])  # fmt: skip
def test_detail_page_names_the_postdoc_with_the_masked_id_only(world, who, linked):
    a = appointment(world, S.IN_BASE)
    html = login(world[who]).get(f"/tenure/appointments/{a.pk}/").content.decode()
    assert f'<span data-testid="masked-id">{world["p1"].masked_id}</span>' in html
    assert world["p1"].id_number not in html
    assert (world["p1"].get_absolute_url() in html) is linked


def test_station_completes_entry_through_the_page(world):
    a = appointment(world, S.SIGNED)
    c = login(world["station_same"])
    assert c.post(f"/tenure/appointments/{a.pk}/entry/", {"entry_date": "2026-01-31"}).status_code == 302
    a.refresh_from_db()
    assert (a.state, a.entry_date) == (S.ENTERED, date(2026, 1, 31))


def test_entry_date_field_on_the_page_has_a_label(world):
    """The station's entry form names its date field, so it can be found by its label (e2e journey)."""
    a = appointment(world, S.SIGNED)
    html = login(world["station_same"]).get(f"/tenure/appointments/{a.pk}/").content.decode()
    assert '<label class="form-label small" for="id_entry_date">进基地日期</label>' in html
    assert 'id="id_entry_date"' in html


def test_base_drafts_and_edits_the_agreement_through_the_pages(world):
    c = login(world["base_same"])
    r = c.post("/tenure/appointments/new/", {"base": world["b1"].pk, "postdoc": world["p1"].pk,
                                             "station": world["st1"].pk})  # fmt: skip
    a = Appointment.objects.get()
    assert r.status_code == 302
    r = c.post(f"/tenure/appointments/{a.pk}/agreement/", {
        "clauses_confirmed": AgreementClause.values, "signed_by": Party.values, "document": pdf(),
        "term_months": 36, "station_supervisor": world["ssup"].pk, "base_supervisor": world["bsup"].pk,
    })  # fmt: skip
    assert r.status_code == 302
    a.refresh_from_db()
    assert (a.term_months, len(a.clauses_confirmed), bool(a.document)) == (36, 6, True)
    c.post(f"/tenure/appointments/{a.pk}/transition/", {"action": "sign"})
    a.refresh_from_db()
    assert a.state == S.SIGNED


def test_api_creates_and_moves_an_appointment(world):
    c = login(world["base_same"])
    r = c.post("/api/v1/appointments", {"base": world["b1"].pk, "postdoc": world["p1"].pk,
                                        "station": world["st1"].pk}, content_type="application/json")  # fmt: skip
    assert r.status_code == 201
    body = r.json()
    assert (body["state"], body["contract_type"], body["term_months"]) == ("drafted", "labour_contract", 24)
    actions = c.get(f"/api/v1/appointments/{body['id']}/transitions").json()
    assert [(x["action"], x["allowed"]) for x in actions] == [("sign", False)]
    assert c.get(f"/api/v1/appointments/{body['id']}/history").status_code == 200


def _rows(w, n):
    made = []
    for i in range(n):
        p = make_postdoc(
            w["b1"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国", name=f"巴图{i}"
        )
        made.append(
            make_appointment(w["b1"], w["st1"], p, station_supervisor=w["ssup"], base_supervisor=w["bsup"])
        )
    return made


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize("url, queries", [("/tenure/appointments/", 6), ("/api/v1/appointments", 5)])
def test_appointment_list_query_count_does_not_grow(world, django_assert_num_queries, rows, url, queries):
    made = _rows(world, rows)
    c = login(world["base_same"])
    c.get(url)
    with django_assert_num_queries(queries):
        response = c.get(url)
    assert response.status_code == 200
    if url.startswith("/api/"):
        assert json_ids(response) == {a.pk for a in made}
    else:
        assert_rows_shown(response, [f"巴图{i}" for i in range(rows)] + [a.get_absolute_url() for a in made])


def test_list_filters_by_state_and_base(world):
    a = appointment(world, S.ENTERED)
    make_appointment(world["b1"], world["st1"], world["p2"])
    c = login(world["region"])
    assert [x["id"] for x in c.get("/api/v1/appointments?state=entered").json()["items"]] == [a.pk]
    assert c.get(f"/api/v1/appointments?base={world['b2'].pk}").json()["count"] == 0
    assert list(c.get("/tenure/appointments/?state=entered").context["page"].object_list) == [a]


def test_api_station_completes_the_entry_with_its_date(world):
    a = make_appointment(world["b1"], world["st1"], world["p1"], state=S.SIGNED, complete=True)
    refused = login(world["station_other"]).post(
        f"/api/v1/appointments/{a.pk}/entry", {"entry_date": "2026-01-31"}, content_type="application/json"
    )
    assert refused.status_code == 404
    r = login(world["station_same"]).post(
        f"/api/v1/appointments/{a.pk}/entry", {"entry_date": "2026-01-31"}, content_type="application/json"
    )
    assert r.status_code == 200, r.content
    a.refresh_from_db()
    assert (a.state, a.entry_date) == (S.ENTERED, date(2026, 1, 31))


def test_withdraw_is_only_applied_through_a_withdrawal_decision(world):
    a = appointment(world, S.IN_BASE)
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "withdraw", actor=world["region"], comment="退出")
    assert codes(refused) == ["kernel.batch_only"]
    done = appointment_workflow.apply(a, "withdraw", actor=world["region"], comment="退出", batch=True)
    assert (done.state, done.exit_policies_entitled) == (S.WITHDRAWN, False)


def _stay_rows(w, a, n):
    """``n`` of everything the appointment page lists: outputs, pay years, extensions, dispatches, cases."""
    from postdoc_base.tenure.dispatches.models import Dispatch
    from postdoc_base.tenure.stay.models import TermExtension
    from postdoc_base.tenure.withdrawals.models import WithdrawalCase
    from tests.factories.outputs import make_output, make_pay

    for i in range(n):
        make_output(a, title=f"成果{i}")
        make_pay(a, year=2000 + i)
        TermExtension.objects.create(appointment=a, months=1, reason="r", requested_by_role="postdoc",
                                     state="refused")  # fmt: skip
        Dispatch.objects.create(appointment=a, destination="domestic", purpose="conference", place=f"地{i}",
                                planned_start=date(2026, 3, 1), planned_return=date(2026, 3, 5), state="returned",
                                returned_on=date(2026, 3, 5))  # fmt: skip
        WithdrawalCase.objects.create(appointment=a, reason=10, facts="f", proposed_by_role="region",
                                      state="dismissed")  # fmt: skip
    Assessment.objects.get_or_create(appointment=a, kind="midterm", defaults={"due_on": date(2027, 1, 31)})


@pytest.mark.parametrize("who", ["base_same", "postdoc_own", "region"])
def test_appointment_page_query_count_does_not_grow_with_the_stay(world, who):
    """The whole page — every section of the stay — costs the same at 1 and at 20 of each row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for n, postdoc in ((1, world["p1"]), (20, world["p2"])):
        a = make_appointment(world["b1"], world["st1"], postdoc, state=S.IN_BASE, complete=True,
                             station_supervisor=world["ssup"], base_supervisor=world["bsup"],
                             entry_date=date(2026, 1, 31))  # fmt: skip
        _stay_rows(world, a, n)
        viewer = world[who] if who != "postdoc_own" else postdoc_user(postdoc)
        c = login(viewer)
        assert c.get(a.get_absolute_url()).status_code == 200
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(a.get_absolute_url())
        assert response.status_code == 200
        counts.append(len(ctx))
        # The rows of the page's sections are on it: outputs by title, extensions by their links.
        extensions = [e.get_absolute_url() for e in TermExtension.objects.filter(appointment=a)]
        assert_rows_shown(response, [f"成果{i}" for i in range(n)] + extensions)
    assert counts[0] == counts[1]
