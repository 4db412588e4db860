"""Art. 24 first sentence: the daily sweep opens a revocation case for a base with no postdoc in it for 2
consecutive years, once per empty span; the base and its bureau hear of it; the region revokes (date and
document number) or keeps the base (reasons). Scope: a case is read by the region, the base's bureau and the
base, never by another bureau or base."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Notification, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.revocations import services
from postdoc_base.oversight.revocations.enums import RevocationState
from postdoc_base.oversight.revocations.models import RevocationCase
from postdoc_base.oversight.revocations.sweeps import empty_base_sweep
from postdoc_base.policy.establishment import check_reapplication_ban
from postdoc_base.tenure.recruitment.enums import AgreementState, TopicState
from postdoc_base.tenure.stay.enums import AppointmentState
from tests.factories import StationFactory, user_with_role
from tests.factories.appointments import make_appointment
from tests.factories.pages import assert_rows_shown, json_ids, xlsx_cells
from tests.factories.tenure import base_admin, make_agreement, make_base, make_topic

pytestmark = pytest.mark.django_db

FILED = date(2024, 1, 10)
DUE = date(2026, 1, 10)  # the second anniversary of the first empty day (the filing date)


@pytest.fixture
def people():
    base = make_base("草原乳业", "呼和浩特市", filed_on=FILED)
    other = make_base("稀土新材料", "包头市", filed_on=FILED)
    return {
        "base": base,
        "other": other,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau": user_with_role(Role.BUREAU_OFFICER, base.unit.bureau),
        "unit": base_admin(base),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, other.unit.bureau),
        "unit_other": base_admin(other),
    }


def opened(on: date) -> list[RevocationCase]:
    return empty_base_sweep(on)


def case_for(base, on: date = DUE) -> RevocationCase:
    [case] = [c for c in opened(on) if c.base_id == base.pk]
    return case


# --- the sweep ----------------------------------------------------------------------------------------
def test_nothing_the_day_before_the_second_anniversary_and_a_case_on_it(people):
    assert opened(DUE - timedelta(days=1)) == []
    cases = opened(DUE)
    assert sorted(c.base.name for c in cases) == [people["other"].name, people["base"].name]
    case = next(c for c in cases if c.base_id == people["base"].pk)
    assert (case.state, case.empty_since, case.due_on) == (RevocationState.OPEN, FILED, DUE)
    assert "2024年1月10日" in case.facts and "第二十四条" in case.facts


def test_the_sweep_is_idempotent_and_audits_each_case_as_the_system(people):
    first = opened(DUE)
    assert opened(DUE) == [] and opened(DUE + timedelta(days=30)) == []
    assert RevocationCase.objects.count() == len(first) == 2
    event = AuditEvent.objects.get(subject_type="oversight.revocationcase", subject_id=str(first[0].pk))
    assert (event.action, event.role, event.to_state) == ("open", "system", RevocationState.OPEN)


def test_the_region_owes_the_decision(people):
    case = case_for(people["base"])
    obligation = Obligation.objects.get(subject_type="oversight.revocationcase", subject_id=str(case.pk))
    assert (obligation.kind, obligation.responsible_role, obligation.status) == (
        "revocation_decision", Role.REGION_ADMIN, ObligationStatus.OPEN,
    )  # fmt: skip


def test_the_base_and_its_bureau_are_told_and_no_one_else(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        opened(DUE)
    told = set(
        Notification.objects.filter(title__contains="草原乳业").values_list("recipient__username", flat=True)
    )
    assert told == {people["unit"].username, people["bureau"].username}


def test_a_postdoc_in_the_base_keeps_it_off_the_sweep(people):
    make_appointment(
        people["base"], StationFactory(), state=AppointmentState.IN_BASE, entry_date=date(2025, 12, 1)
    )
    assert [c.base_id for c in opened(DUE)] == [people["other"].pk]


def test_after_an_exit_the_two_years_run_from_the_day_after_it(people):
    make_appointment(people["base"], StationFactory(), state=AppointmentState.EXITED,
                     entry_date=date(2024, 3, 1), exit_date=date(2024, 6, 30))  # fmt: skip
    assert people["base"].pk not in [c.base_id for c in opened(date(2026, 6, 30))]
    case = case_for(people["base"], date(2026, 7, 1))
    assert (case.empty_since, case.due_on) == (date(2024, 7, 1), date(2026, 7, 1))


def test_a_withdrawn_postdoc_counts_to_the_day_the_region_decided(people):
    from postdoc_base.tenure.withdrawals.models import WithdrawalCase

    appointment = make_appointment(people["base"], StationFactory(), state=AppointmentState.WITHDRAWN,
                                   entry_date=date(2024, 3, 1))  # fmt: skip
    WithdrawalCase.objects.create(appointment=appointment, reason=9, facts="期满", proposed_by_role="system",
                                  state="decided_withdrawn", decided_on=date(2024, 9, 30))  # fmt: skip
    assert people["base"].pk not in [c.base_id for c in opened(date(2026, 9, 30))]
    assert case_for(people["base"], date(2026, 10, 1)).empty_since == date(2024, 10, 1)


def test_bases_filed_under_two_years_ago_or_no_longer_filed_are_not_swept(people):
    make_base("新设基地", "呼和浩特市", filed_on=date(2024, 6, 1))
    make_base("已注销", "呼和浩特市", filed_on=FILED, state=BaseState.CANCELLED)
    assert {c.base.name for c in opened(DUE)} == {people["base"].name, people["other"].name}


def test_a_kept_base_is_not_proposed_again_for_the_same_span(people):
    case = case_for(people["base"])
    services_keep(case, people["region"])
    assert people["base"].pk not in [c.base_id for c in opened(DUE + timedelta(days=400))]


# --- the decision -------------------------------------------------------------------------------------
def services_keep(case, actor, comment="基地已签订进站协议，即将招收。"):
    from postdoc_base.oversight.revocations.workflow import revocation_workflow

    return revocation_workflow.apply(case, "keep", actor=actor, comment=comment)


def revoke(case, actor, on=None, number="内人社发〔2026〕12号"):
    return services.revocation_decide(actor=actor, case=case, revoked_on=on or timezone.localdate(),
                                      document_number=number)  # fmt: skip


def test_the_region_revokes_the_base_leaves_the_register_and_its_open_items_end(people, client):
    base = people["base"]
    topic = make_topic(base, state=TopicState.PUBLISHED)
    agreement = make_agreement(base, state=AgreementState.ACTIVE)
    case = case_for(base)
    today = timezone.localdate()
    revoke(case, people["region"])
    case.refresh_from_db(), base.refresh_from_db(), topic.refresh_from_db(), agreement.refresh_from_db()
    assert (case.state, case.revoked_on, case.document_number, case.decided_on) == (
        RevocationState.REVOKED, today, "内人社发〔2026〕12号", today,
    )  # fmt: skip
    assert base.state == BaseState.REVOKED and base.unit.base_revoked_on == today
    assert (topic.state, agreement.state) == (TopicState.CLOSED, AgreementState.ENDED)
    assert (
        Obligation.objects.get(subject_id=str(case.pk), kind="revocation_decision").status
        == ObligationStatus.MET
    )
    event = AuditEvent.objects.get(
        subject_type="oversight.revocationcase", subject_id=str(case.pk), action="revoke"
    )
    assert event.diff["document_number"] == ["", "内人社发〔2026〕12号"]
    assert AuditEvent.objects.filter(subject_type="oversight.practicebase", subject_id=str(base.pk), action="revoke",
                                     to_state=BaseState.REVOKED).count() == 1  # fmt: skip
    assert client.get(reverse("establishment:public_base_detail", args=[base.pk])).status_code == 404
    assert base.name not in client.get(reverse("establishment:public_base_list")).content.decode()


def test_the_unit_may_reapply_from_the_third_anniversary_of_the_revocation(people):
    case = case_for(people["base"])
    revoke(case, people["region"], on=date(2026, 2, 1))
    unit = people["base"].unit
    unit.refresh_from_db()
    from postdoc_base.policy.establishment.facts import UnitFacts

    facts = UnitFacts(independent_legal_person=True, registered_in_region=True, operating_well=True,
                      has_mobile_station=False, has_workstation=False, base_revoked_on=unit.base_revoked_on)  # fmt: skip
    assert check_reapplication_ban(facts, date(2029, 1, 31)).ok is False
    assert check_reapplication_ban(facts, date(2029, 2, 1)).ok is True


@pytest.mark.parametrize(
    "on, number, code",
    [
        (None, "内人社发〔2026〕12号", "art24.no_revocation_date"),
        ("tomorrow", "内人社发〔2026〕12号", "art24.revocation_in_future"),
        (DUE - timedelta(days=1), "内人社发〔2026〕12号", "art24.revocation_before_due"),
        (DUE, "12号", "art24.bad_document_number"),
        (DUE, "", "art24.bad_document_number"),
    ],
)
def test_a_decision_without_a_good_date_or_number_is_refused_and_changes_nothing(people, on, number, code):
    case = case_for(people["base"])
    on = timezone.localdate() + timedelta(days=1) if on == "tomorrow" else on
    with pytest.raises(TransitionRefused) as refused:
        services.revocation_decide(actor=people["region"], case=case, revoked_on=on, document_number=number)
    assert code in [f.code for f in refused.value.findings]
    case.refresh_from_db(), people["base"].refresh_from_db()
    assert (case.state, people["base"].state, case.document_number) == (
        RevocationState.OPEN,
        BaseState.ACTIVE,
        "",
    )


def test_a_postdoc_who_entered_since_stops_the_revocation(people):
    case = case_for(people["base"])
    make_appointment(people["base"], StationFactory(), state=AppointmentState.IN_BASE, entry_date=DUE)
    with pytest.raises(TransitionRefused) as refused:
        revoke(case, people["region"])
    assert [f.code for f in refused.value.findings] == ["art24.postdoc_in_base_now"]


@pytest.mark.parametrize("who", ["bureau", "unit", "bureau_other", "unit_other"])
def test_only_the_region_revokes_or_keeps(people, who):
    case = case_for(people["base"])
    with pytest.raises(TransitionRefused) as refused:
        revoke(case, people[who])
    assert [f.code for f in refused.value.findings] == ["kernel.not_permitted"]
    with pytest.raises(TransitionRefused):
        services_keep(case, people[who])
    case.refresh_from_db()
    assert case.state == RevocationState.OPEN


def test_keeping_needs_reasons_and_records_them(people):
    case = case_for(people["base"])
    with pytest.raises(TransitionRefused) as refused:
        services_keep(case, people["region"], comment="  ")
    assert [f.code for f in refused.value.findings] == ["kernel.comment_required"]
    services_keep(case, people["region"])
    case.refresh_from_db(), people["base"].refresh_from_db()
    assert (case.state, people["base"].state) == (RevocationState.KEPT, BaseState.ACTIVE)
    event = AuditEvent.objects.get(
        subject_type="oversight.revocationcase", subject_id=str(case.pk), action="keep"
    )
    assert event.comment == "基地已签订进站协议，即将招收。"


def test_a_decided_case_takes_no_second_decision(people):
    case = case_for(people["base"])
    revoke(case, people["region"])
    with pytest.raises(TransitionRefused) as refused:
        services_keep(case, people["region"])
    assert [f.code for f in refused.value.findings] == ["kernel.wrong_state"]


# --- pages and API ------------------------------------------------------------------------------------
def test_the_region_revokes_through_the_page(people, client):
    case = case_for(people["base"])
    client.force_login(people["region"])
    url = reverse("oversight:revocation_detail", args=[case.pk])
    bad = client.post(url, {"revoked_on": DUE.isoformat(), "document_number": "十二号"})
    assert bad.status_code == 200 and "请按“机关代字〔年份〕序号号”填写文号" in bad.content.decode()
    ok = client.post(url, {"revoked_on": DUE.isoformat(), "document_number": "内人社发〔2026〕12号"})
    assert ok.status_code == 302
    case.refresh_from_db()
    assert (case.state, case.revoked_on) == (RevocationState.REVOKED, DUE)


def test_the_region_keeps_through_the_action_panel(people, client):
    case = case_for(people["base"])
    client.force_login(people["region"])
    url = reverse("oversight:revocation_transition", args=[case.pk])
    client.post(url, {"action": "keep", "comment": "已有进站人选"})
    case.refresh_from_db()
    assert case.state == RevocationState.KEPT


@pytest.mark.parametrize("who, sees_form", [("region", True), ("bureau", False), ("unit", False)])
def test_the_case_page_shows_the_decision_form_only_to_the_region(people, client, who, sees_form):
    case = case_for(people["base"])
    client.force_login(people[who])
    html = client.get(reverse("oversight:revocation_detail", args=[case.pk])).content.decode()
    assert people["base"].name in html
    assert ('data-testid="revoke-form"' in html) is sees_form


@pytest.mark.parametrize("intruder, control", [("bureau_other", "bureau"), ("unit_other", "unit")])
def test_another_bureau_or_base_gets_404_on_pages_and_api(people, client, intruder, control):
    case = case_for(people["base"])
    urls = [reverse("oversight:revocation_detail", args=[case.pk]), f"/api/v1/revocations/{case.pk}",
            f"/api/v1/revocations/{case.pk}/history"]  # fmt: skip
    client.force_login(people[intruder])
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]
    assert client.post(f"/api/v1/revocations/{case.pk}/revoke", {"revoked_on": DUE.isoformat(),
                       "document_number": "内人社发〔2026〕12号"}, content_type="application/json").status_code == 404  # fmt: skip
    assert json_ids(client.get("/api/v1/revocations")) == {
        c.pk for c in RevocationCase.objects.filter(base=people["other"])
    }
    client.force_login(people[control])
    assert [client.get(u).status_code for u in urls] == [200, 200, 200]


def test_the_api_revokes_and_refuses_with_findings(people, client):
    case = case_for(people["base"])
    client.force_login(people["region"])
    url = f"/api/v1/revocations/{case.pk}/revoke"
    bad = client.post(
        url, {"revoked_on": DUE.isoformat(), "document_number": "x"}, content_type="application/json"
    )
    assert bad.status_code in (400, 409, 422)
    assert "art24.bad_document_number" in [f["code"] for f in bad.json()["findings"]]
    too_long = client.post(url, {"revoked_on": DUE.isoformat(), "document_number": "号" * 61},
                           content_type="application/json")  # fmt: skip
    assert too_long.status_code == 422
    ok = client.post(url, {"revoked_on": DUE.isoformat(), "document_number": "内人社发〔2026〕12号"},
                     content_type="application/json")  # fmt: skip
    assert ok.status_code == 200 and ok.json()["state"] == RevocationState.REVOKED


def test_the_unit_admin_is_refused_by_the_api(people, client):
    case = case_for(people["base"])
    client.force_login(people["unit"])
    response = client.post(f"/api/v1/revocations/{case.pk}/revoke", {"revoked_on": DUE.isoformat(),
                           "document_number": "内人社发〔2026〕12号"}, content_type="application/json")  # fmt: skip
    assert response.status_code == 403
    assert [f["code"] for f in response.json()["findings"]] == ["kernel.not_permitted"]


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_and_its_api_run_a_fixed_number_of_queries(
    people, client, django_assert_max_num_queries, rows
):
    for i in range(rows - 1):
        make_base(f"空置基地{i}", "呼和浩特市", filed_on=FILED)
    opened(DUE)
    names = [
        c.base.name for c in RevocationCase.objects.filter(base__unit__bureau=people["base"].unit.bureau)
    ]
    assert len(names) == rows
    client.force_login(people["bureau"])
    with django_assert_max_num_queries(8):
        page = client.get(reverse("oversight:revocation_list"))
    assert_rows_shown(page, names)
    with django_assert_max_num_queries(8):
        api = client.get("/api/v1/revocations", {"page_size": 50})
    assert_rows_shown(api, names)


def test_the_export_holds_the_bureaus_cases_only(people, client):
    opened(DUE)
    client.force_login(people["bureau"])
    cells = xlsx_cells(client.get(reverse("oversight:revocation_export")))
    assert people["base"].name in cells and people["other"].name not in cells
    assert "蒙博基备〔2026〕001号" in cells or people["base"].filing_number in cells


# --- the base file ------------------------------------------------------------------------------------
@pytest.mark.parametrize("who, status", [("region", 200), ("bureau", 200), ("unit", 200), ("bureau_other", 404),
                                         ("unit_other", 404)])  # fmt: skip
def test_the_base_file_is_read_by_the_region_its_bureau_and_the_base(people, client, who, status):
    client.force_login(people[who])
    response = client.get(reverse("oversight:base_file", args=[people["base"].pk]))
    assert response.status_code == status
    if status == 200:
        html = response.content.decode()
        assert people["base"].filing_number in html and 'data-section="revocation"' in html


def test_the_base_file_needs_an_account(people, client):
    response = client.get(reverse("oversight:base_file", args=[people["base"].pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_base_file_shows_art24_and_the_cases(people, client):
    case = case_for(people["base"])
    client.force_login(people["bureau"])
    html = client.get(reverse("oversight:base_file", args=[people["base"].pk])).content.decode()
    assert 'data-code="art24.empty_two_years"' in html and case.get_absolute_url() in html


def test_an_open_self_inspection_ends_with_the_base_and_nothing_stays_owed(people):
    from postdoc_base.oversight.inspections import services as inspections
    from postdoc_base.oversight.inspections.enums import InspectionState

    inspection = inspections.inspection_open(
        actor=people["unit"], base=people["base"], year=2025, summary="年度自查"
    )
    inspections.issue_add(actor=people["unit"], inspection=inspection, description="台账不全", action="补齐台账",
                          deadline=timezone.localdate() + timedelta(days=30))  # fmt: skip
    revoke(case_for(people["base"]), people["region"])
    inspection.refresh_from_db()
    assert inspection.state == InspectionState.ENDED
    assert not Obligation.objects.filter(
        subject_type="oversight.selfinspection", status=ObligationStatus.OPEN
    ).exists()
