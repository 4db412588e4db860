"""Issue 4 "Done means" gaps left by the per-feature tests.

- Art. 23: each of the ten items proposed through the API by each proposer (base, station, region) and
  decided by the region; the rule-opened items (1), (3), (8), (9) decided the same way; the last paragraph
  (a withdrawn postdoc has no exit policies, so no Art. 22 title route).
- The 30-day boundary of Art. 23(8) in the sweep on the day before, of and after day 30; the 3-month entry
  filing boundary of Art. 13(2) on the appointment page and on the to-do item on the same three days.
- The ID number (with check character X) masked in every page, API answer, export, history endpoint and
  audit diff, also when created and changed through the API.
- The assessment export costs the same queries at 1 and 20 rows.
"""

import json
from datetime import date, timedelta
from io import BytesIO

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Obligation
from postdoc_base.policy.tenure import AssessmentGrade, AssessmentKind, WithdrawalReason
from postdoc_base.tenure.assessments import services as assessment_services
from postdoc_base.tenure.assessments.models import Assessment
from postdoc_base.tenure.dispatches import services as dispatch_services
from postdoc_base.tenure.dispatches.enums import DispatchState
from postdoc_base.tenure.dispatches.models import Dispatch
from postdoc_base.tenure.outputs.enums import OutputKind, OutputState
from postdoc_base.tenure.stay import services as stay_services
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.models import Appointment
from postdoc_base.tenure.withdrawals import services as withdrawal_services
from postdoc_base.tenure.withdrawals.enums import WithdrawalState as W
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from postdoc_base.tenure.withdrawals.sweeps import withdrawal_rules_sweep
from postdoc_base.tenure.withdrawals.workflow import withdrawal_workflow
from tests.factories import StationFactory, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.assessments import formed, joint_experts, make_assessment, score_all
from tests.factories.outputs import make_output
from tests.factories.pages import xlsx_rows
from tests.factories.people import ID_X, ID_X2, birth_of, make_postdoc, postdoc_fields, postdoc_user
from tests.factories.shared import fresh_copy, once_per_module
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = pytest.mark.django_db

ITEMS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]
ENTRY = date(2026, 1, 31)


def _build_w():
    b1 = make_base("草原乳业", "呼和浩特市")
    st1 = StationFactory()
    partner(b1, st1)
    ssup, bsup = station_supervisor(b1, st1), base_supervisor(b1)
    return {
        "b1": b1, "st1": st1, "ssup": ssup, "bsup": bsup,
        "region": user_with_role(Role.REGION_ADMIN), "base": base_admin(b1), "station": station_contact(st1),
    }  # fmt: skip


shared_w = once_per_module(_build_w)


@pytest.fixture
def w(shared_w, db):
    return fresh_copy(shared_w)


def appointment(w, state=S.IN_BASE, postdoc=None, **kwargs) -> Appointment:
    kwargs.setdefault("entry_date", ENTRY)
    return make_appointment(w["b1"], w["st1"], postdoc, state=state, complete=True, station_supervisor=w["ssup"],
                            base_supervisor=w["bsup"], **kwargs)  # fmt: skip


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def assert_withdrawn_without_exit_policies(w, a: Appointment, item: int) -> None:
    """The last paragraph of Art. 23: withdrawn, not entitled to exit policies, so no Art. 22 route."""
    a.refresh_from_db()
    case = WithdrawalCase.objects.get(appointment=a, state=W.DECIDED_WITHDRAWN)
    assert case.decision_article == f"第二十三条第（{ITEMS[item - 1]}）项"
    assert (a.state, a.exit_policies_entitled) == (S.WITHDRAWN, False)
    route = login(w["region"]).get(f"/api/v1/exits/{a.pk}/title-route").json()
    assert route["eligible"] is False


# --- Art. 23: every item proposed and decided ------------------------------------------------------------
@pytest.mark.parametrize("proposer", ["base", "station", "region"])
@pytest.mark.parametrize("reason", list(WithdrawalReason))
def test_each_art23_item_is_proposed_through_the_api_by_each_proposer_and_decided(w, reason, proposer):
    a = appointment(w)
    r = login(w[proposer]).post("/api/v1/withdrawals", {"appointment": a.pk, "reason": int(reason),
                                                       "facts": "经核实的事实。"})  # fmt: skip
    assert r.status_code == 201, r.content
    assert (r.json()["reason"], r.json()["state"]) == (int(reason), W.PROPOSED)
    assert r.json()["article"] == f"第二十三条第（{ITEMS[reason - 1]}）项"
    r = login(w["region"]).post(f"/api/v1/withdrawals/{r.json()['id']}/transitions",
                                {"action": "decide_withdraw", "comment": "予以退出"},
                                content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["state"] == W.DECIDED_WITHDRAWN
    assert_withdrawn_without_exit_policies(w, a, reason)


def _open_item_1(w) -> Appointment:
    postdoc = make_postdoc(w["b1"], degree_date=None, degree_certificate_number="")
    a = appointment(w, postdoc=postdoc)
    withdrawal_rules_sweep(date(2026, 8, 1))  # six months after entry, no certificate
    return a


def _open_item_3(w) -> Appointment:
    a = appointment(w)
    assessment = make_assessment(a)
    people = joint_experts(a)
    formed(fresh(w["base"]), assessment, people)
    for _expert, user in people:
        score_all(Assessment.objects.get(pk=assessment.pk), fresh(user), 40)
    assessment_services.grade(actor=fresh(w["base"]), assessment=Assessment.objects.get(pk=assessment.pk),
                              grade=AssessmentGrade.FAIL, result="未完成研究计划。")  # fmt: skip
    return a


def _open_item_8(w) -> Appointment:
    a = appointment(w)
    Dispatch.objects.create(appointment=a, state=DispatchState.APPROVED, destination="abroad", purpose="exchange",
                            place="乌兰巴托", planned_start=date(2026, 2, 1), planned_return=date(2026, 3, 1))  # fmt: skip
    dispatch_services.dispatch_overdue_sweep(date(2026, 4, 1))
    return a


def _open_item_9(w) -> Appointment:
    a = appointment(w)
    withdrawal_rules_sweep(date(2028, 1, 31))  # the 24-month term ended 2028-01-30
    return a


@pytest.mark.parametrize("item, opener", [(1, _open_item_1), (3, _open_item_3), (8, _open_item_8),
                                          (9, _open_item_9)])  # fmt: skip
def test_rule_opened_cases_are_decided_by_the_region_and_end_exit_policies(w, item, opener):
    a = opener(w)
    case = WithdrawalCase.objects.get(appointment=a)
    assert (case.reason, case.state, case.proposed_by_role) == (item, W.PROPOSED, "system")
    withdrawal_workflow.apply(case, "decide_withdraw", actor=w["region"], comment="予以退出")
    assert_withdrawn_without_exit_policies(w, a, item)


def test_a_withdrawn_postdocs_confirmed_title_route_outputs_do_not_count(w):
    """Art. 23 last paragraph against Art. 22: even with a national funded programme during the stay."""
    a = appointment(w)
    make_output(a, OutputKind.NATIONAL_FUNDED, OutputState.CONFIRMED)
    case = withdrawal_services.withdrawal_propose(actor=w["base"], appointment=a, reason=WithdrawalReason.ILLNESS,
                                       facts="长期病假。")  # fmt: skip
    withdrawal_workflow.apply(case, "decide_withdraw", actor=w["region"], comment="予以退出")
    assert_withdrawn_without_exit_policies(w, a, WithdrawalReason.ILLNESS)
    assert "张晓明" not in login(w["region"]).get("/tenure/title-route/?eligible=yes").content.decode()


# --- boundaries ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("days, opens", [(29, False), (30, False), (31, True)])
def test_art23_8_sweep_on_the_day_before_of_and_after_day_30(w, days, opens):
    a = appointment(w)
    Dispatch.objects.create(appointment=a, state=DispatchState.APPROVED, destination="abroad", purpose="exchange",
                            place="乌兰巴托", planned_start=date(2026, 2, 1), planned_return=date(2026, 3, 1))  # fmt: skip
    opened = dispatch_services.dispatch_overdue_sweep(date(2026, 3, 1) + timedelta(days=days))
    assert len(opened) == int(opens)
    assert (
        WithdrawalCase.objects.filter(appointment=a, reason=WithdrawalReason.ABROAD_OVERDUE).exists() is opens
    )


@pytest.mark.parametrize("today, overdue", [(date(2026, 4, 29), False), (date(2026, 4, 30), False),
                                            (date(2026, 5, 1), True)])  # fmt: skip
def test_art13_2_entry_filing_due_on_the_page_and_the_to_do_item_around_the_due_day(w, monkeypatch, today,
                                                                                     overdue):  # fmt: skip
    a = appointment(w, S.SIGNED, entry_date=None)
    monkeypatch.setattr(timezone, "localdate", lambda *args: ENTRY)
    stay_services.entry_complete(actor=fresh(w["station"]), appointment=a, entry_date=ENTRY)
    item = Obligation.objects.get(kind="entry_filing", status="open")
    assert item.due_on == date(2026, 4, 30)
    monkeypatch.setattr(timezone, "localdate", lambda *args: today)
    html = login(w["base"]).get(f"/tenure/appointments/{a.pk}/").content.decode()
    assert "2026年4月30日" in html
    assert ("逾期" in html.split('data-testid="filing-due"')[1].split("</dd>")[0]) is overdue
    assert (item.due_on < today) is overdue


# --- the ID number masked everywhere ----------------------------------------------------------------------
def _readable(response) -> str:
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(raw), ensure_ascii=False)
    if raw[:2] == b"PK":
        sheet = load_workbook(BytesIO(raw)).active
        cells = " ".join(str(v) for row in sheet.iter_rows(values_only=True) for v in row if v is not None)
        return cells + raw.decode("latin-1")
    return raw.decode()


def test_an_id_with_check_character_x_is_masked_in_every_page_api_export_history_and_audit_diff(w):
    """Created and changed through the API (lower-case x typed), then read everywhere by everyone who may."""
    admin = w["base"]
    body = {"base": w["b1"].pk, **postdoc_fields(ID_X.lower(), name="刘芳", degree_date="2025-06-30",
            birth_date=birth_of(ID_X).isoformat())}  # fmt: skip
    r = login(admin).post("/api/v1/postdocs", body, content_type="application/json")
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    r = login(admin).patch(f"/api/v1/postdocs/{pk}", {"id_number": ID_X2, "birth_date": birth_of(ID_X2).isoformat()},
                           content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and r.json()["id_number_masked"] == "15***************X"
    from postdoc_base.tenure.people.models import Postdoc

    postdoc = Postdoc.objects.get(pk=pk)
    a = appointment(w, postdoc=postdoc)
    out = make_output(a, OutputKind.PAPER)
    case = withdrawal_services.withdrawal_propose(
        actor=admin, appointment=a, reason=WithdrawalReason.ILLNESS, facts="病假。"
    )
    assessment = make_assessment(a, kind=AssessmentKind.MIDTERM)
    urls = [
        f"/tenure/postdocs/{pk}/", f"/tenure/postdocs/{pk}/edit/", "/tenure/postdocs/", f"/tenure/appointments/{a.pk}/",
        "/tenure/appointments/", f"/tenure/withdrawals/{case.pk}/", f"/tenure/outputs/{out.pk}/",
        f"/tenure/assessments/{assessment.pk}/",
        f"/api/v1/postdocs/{pk}", "/api/v1/postdocs", f"/api/v1/appointments/{a.pk}", "/api/v1/appointments",
        f"/api/v1/appointments/{a.pk}/history", f"/api/v1/withdrawals/{case.pk}/history",
        f"/api/v1/outputs/{out.pk}/history", f"/api/v1/assessments/{assessment.pk}/history",
        "/api/v1/withdrawals", "/api/v1/outputs", "/api/v1/assessments",
        "/tenure/postdocs/export/", "/tenure/appointments/export/", "/tenure/withdrawals/export/",
        "/tenure/dispatches/export/", "/tenure/outputs/export/", "/tenure/title-route/export/",
        "/tenure/assessments/?export=xlsx",
    ]  # fmt: skip
    plain = (ID_X, ID_X.lower(), ID_X2, ID_X2.lower())
    for who in ("base", "region"):
        c = login(w[who])
        for url in urls:
            if who == "region" and url.endswith("/edit/"):
                continue  # the record is edited by its base only
            r = c.get(url)
            assert r.status_code == 200, (who, url, r.status_code)
            text = _readable(r)
            assert not [p for p in plain if p in text], (who, url)
    own = login(postdoc_user(postdoc))
    for url in ("/tenure/me/", f"/api/v1/postdocs/{pk}", "/tenure/postdocs/export/"):
        text = _readable(own.get(url))
        assert "15***************X" in text or url.endswith("export/"), url
        assert not [p for p in plain if p in text], url
    # Audit: every diff of the person and every event at all; the ciphertext and keyed hash never equal the
    # number either.
    events = AuditEvent.objects.filter(subject_type="tenure.postdoc", subject_id=str(pk))
    assert {e.action for e in events} >= {"create", "update"}
    every = "\n".join(json.dumps(e.diff, ensure_ascii=False) + e.comment for e in AuditEvent.objects.all())
    assert not [p for p in plain if p in every]


# --- query counts ----------------------------------------------------------------------------------------
def test_the_assessment_export_costs_the_same_queries_for_1_and_20_rows(w):
    def grow(start, n):
        for i in range(start, start + n):
            p = make_postdoc(
                w["b1"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国", name=f"巴图{i}"
            )
            make_assessment(appointment(w, postdoc=p))

    c = login(w["base"])
    counts = []
    for start, n in ((0, 1), (1, 19)):
        grow(start, n)
        c.get("/tenure/assessments/?export=xlsx")
        with CaptureQueriesContext(connection) as ctx:
            r = c.get("/tenure/assessments/?export=xlsx")
            raw = b"".join(r.streaming_content) if r.streaming else r.content
        counts.append(len(ctx.captured_queries))
        rows = xlsx_rows(raw)[1:]  # the data rows, below the title rows and the header
        assert len(rows) == start + n
        cells = {str(v) for row in rows for v in row}
        assert {f"巴图{i}" for i in range(start + n)} <= cells
    assert counts[0] == counts[1], counts
