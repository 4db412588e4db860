"""Postdoc and supervisor scoping (issue 4, "Done means"): one postdoc cannot see another's record through any
page, endpoint or export.

Postdoc A and postdoc B are both in the same base with the same partner station, so neither the bureau nor
the base nor the station tells them apart: only the postdoc's own assignment and a supervisor's own
appointments do. Every tenure URL and /api/v1 route that takes an id of A's records is walked as postdoc B,
as B's station supervisor and as B's base supervisor: each answers 404 and changes nothing. A control user
who may see the object gets the given non-404 answer from the same URL, so a 404 is never a typo. Every
list and export is then read as the same intruders and must not name A.
"""

import json
from datetime import date
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.test import Client
from openpyxl import load_workbook

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.policy.tenure import AssessmentGrade, AssessmentKind
from postdoc_base.tenure.assessments.enums import AssessmentState
from postdoc_base.tenure.assessments.models import Assessment
from postdoc_base.tenure.dispatches.enums import DispatchState
from postdoc_base.tenure.dispatches.models import Dispatch
from postdoc_base.tenure.outputs.enums import OutputKind, OutputState
from postdoc_base.tenure.outputs.models import Output, PayRecord
from postdoc_base.tenure.people.models import Postdoc, Supervisor
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.enums import ExtensionState
from postdoc_base.tenure.stay.models import Appointment, TermExtension
from postdoc_base.tenure.withdrawals.enums import WithdrawalState
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from tests.factories import PDF_BYTES, StationFactory, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.assessments import make_assessment
from tests.factories.outputs import make_output, make_pay
from tests.factories.people import ID_1988, ID_1990, make_postdoc, postdoc_user, supervisor_user
from tests.factories.shared import fresh_copy, once_per_module
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = pytest.mark.django_db

NAME_A = "张晓明"
MASKED_A = "15***************7"
INTRUDERS = ["postdoc_b", "supervisor_b", "base_supervisor_b"]


def _pdf(name: str) -> ContentFile:
    return ContentFile(PDF_BYTES, name=name)


def _build_w():
    """Base 1 with station 1; postdoc A exited (with every kind of record), postdoc B in the base, each with
    their own two supervisors."""
    b1 = make_base("草原乳业", "呼和浩特市")
    st1 = StationFactory()
    partner(b1, st1)
    pa, pb = make_postdoc(b1, ID_1990, name=NAME_A), make_postdoc(b1, ID_1988, name="巴特尔·朝鲁")
    sa_station, sa_base = station_supervisor(b1, st1, name="李教授"), base_supervisor(b1, name="王工")
    sb_station, sb_base = station_supervisor(b1, st1, name="赵教授"), base_supervisor(b1, name="钱工")
    aa = make_appointment(
        b1, st1, pa, state=S.EXITED, complete=True, station_supervisor=sa_station, base_supervisor=sa_base,
        entry_date=date(2026, 1, 31), exit_date=date(2026, 11, 20), destination="base_unit",
        destination_employer=b1.unit.name, research_report=_pdf("report.pdf"), research_report_name="研究报告.pdf",
        research_report_type="application/pdf", work_summary=_pdf("summary.pdf"), work_summary_name="工作总结.pdf",
        work_summary_type="application/pdf",
    )  # fmt: skip
    ab = make_appointment(b1, st1, pb, state=S.IN_BASE, complete=True, station_supervisor=sb_station,
                          base_supervisor=sb_base)  # fmt: skip
    objects = {
        "postdoc": pa,
        "supervisor": sa_station,
        "appointment": aa,
        "dispatch": Dispatch.objects.create(
            appointment=aa,
            state=DispatchState.APPROVED,
            destination="abroad",
            purpose="exchange",
            place="蒙古国立大学",
            planned_start=date(2026, 3, 1),
            planned_return=date(2026, 3, 20),
        ),  # fmt: skip
        "withdrawal": WithdrawalCase.objects.create(
            appointment=aa,
            reason=7,
            facts="患病",
            proposed_by_role=Role.UNIT_ADMIN,
            state=WithdrawalState.DISMISSED,
            evidence=_pdf("proof.pdf"),
            evidence_name="诊断证明.pdf",
            evidence_type="application/pdf",
        ),  # fmt: skip
        "extension": TermExtension.objects.create(
            appointment=aa,
            months=6,
            reason="项目需要",
            requested_by_role=Role.POSTDOC,
            state=ExtensionState.REQUESTED,
        ),  # fmt: skip
        "output": make_output(aa, OutputKind.NATIONAL_FUNDED, OutputState.CONFIRMED),
        "pay": make_pay(aa),
        "assessment": make_assessment(
            aa,
            kind=AssessmentKind.EXIT,
            state=AssessmentState.GRADED,
            grade=AssessmentGrade.PASS,
            result="合格。",
        ),  # fmt: skip
    }
    make_output(ab, OutputKind.PAPER)
    make_pay(ab)
    make_assessment(ab)
    return {
        "objects": objects, "ab": ab, "pb": pb,
        "postdoc_a": postdoc_user(pa), "supervisor_a": supervisor_user(sa_station),
        "postdoc_b": postdoc_user(pb), "supervisor_b": supervisor_user(sb_station),
        "base_supervisor_b": supervisor_user(sb_base),
        "base": base_admin(b1), "station": station_contact(st1), "region": user_with_role(Role.REGION_ADMIN),
    }  # fmt: skip


shared_w = once_per_module(_build_w)


@pytest.fixture
def w(shared_w, db):
    return fresh_copy(shared_w)


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# (name, method, url, body, control user, control status). ``{postdoc}``, ``{appointment}`` ... are the pks
# of A's records. Methods: get, post (form or multipart), json (POST with a JSON body), patch (JSON).
T = "/tenure"
V = "/api/v1"
PAGES = [
    ("postdoc detail", "get", T + "/postdocs/{postdoc}/", None, "postdoc_a", 200),
    ("postdoc edit", "get", T + "/postdocs/{postdoc}/edit/", None, "base", 200),
    ("postdoc edit post", "post", T + "/postdocs/{postdoc}/edit/", {"name": "改名"}, "base", 200),
    ("postdoc reveal-id", "post", T + "/postdocs/{postdoc}/reveal-id/", {}, "base", 200),
    ("postdoc account", "get", T + "/postdocs/{postdoc}/account/", None, "base", 200),
    ("supervisor edit", "get", T + "/supervisors/{supervisor}/edit/", None, "base", 200),
    ("supervisor account", "get", T + "/supervisors/{supervisor}/account/", None, "base", 200),
    ("appointment", "get", T + "/appointments/{appointment}/", None, "postdoc_a", 200),
    ("appointment agreement", "get", T + "/appointments/{appointment}/agreement/", None, "base", 200),
    ("appointment entry", "post", T + "/appointments/{appointment}/entry/", {"entry_date": "2026-02-01"},
     "station", 302),
    ("appointment transition", "post", T + "/appointments/{appointment}/transition/", {"action": "withdraw"},
     "base", 302),
    ("appointment document", "get", T + "/appointments/{appointment}/document/", None, "postdoc_a", 200),
    ("withdrawal form", "get", T + "/appointments/{appointment}/withdrawal/", None, "base", 200),
    ("dispatch form", "get", T + "/appointments/{appointment}/dispatch/", None, "postdoc_a", 200),
    ("output form", "get", T + "/appointments/{appointment}/outputs/new/", None, "postdoc_a", 200),
    ("pay save", "post", T + "/appointments/{appointment}/pay/", {"year": 2026, "annual_pay_yuan": 1},
     "base", 302),
    ("extension form", "get", T + "/appointments/{appointment}/extension/", None, "postdoc_a", 200),
    ("exit materials", "get", T + "/appointments/{appointment}/exit-materials/", None, "postdoc_a", 200),
    ("exit report", "get", T + "/appointments/{appointment}/exit-materials/research-report/", None,
     "postdoc_a", 200),
    ("exit summary", "get", T + "/appointments/{appointment}/exit-materials/work-summary/", None,
     "supervisor_a", 200),
    ("exit complete", "get", T + "/appointments/{appointment}/exit/", None, "station", 200),
    ("exit complete post", "post", T + "/appointments/{appointment}/exit/",
     {"exit_date": "2026-11-21", "destination": "outside"}, "station", 200),
    ("dispatch", "get", T + "/dispatches/{dispatch}/", None, "postdoc_a", 200),
    ("dispatch transition", "post", T + "/dispatches/{dispatch}/transition/", {"action": "refuse"}, "base",
     302),
    ("dispatch return", "post", T + "/dispatches/{dispatch}/return/", {"returned_on": "2026-03-20"}, "base",
     302),
    ("withdrawal", "get", T + "/withdrawals/{withdrawal}/", None, "postdoc_a", 200),
    ("withdrawal transition", "post", T + "/withdrawals/{withdrawal}/transition/", {"action": "dismiss"},
     "region", 302),
    ("withdrawal evidence", "get", T + "/withdrawals/{withdrawal}/evidence/", None, "postdoc_a", 200),
    ("output", "get", T + "/outputs/{output}/", None, "postdoc_a", 200),
    ("output edit", "get", T + "/outputs/{output}/edit/", None, "postdoc_a", 302),
    ("output transition", "post", T + "/outputs/{output}/transition/", {"action": "return"}, "supervisor_a",
     302),
    ("output evidence", "get", T + "/outputs/{output}/evidence/", None, "supervisor_a", 200),
    ("extension", "get", T + "/extensions/{extension}/", None, "postdoc_a", 200),
    ("extension transition", "post", T + "/extensions/{extension}/transition/", {"action": "refuse"}, "base",
     302),
    ("assessment", "get", T + "/assessments/{assessment}/", None, "postdoc_a", 200),
    ("assessment panel", "post", T + "/assessments/{assessment}/panel/", {}, "base", 302),
    ("assessment grade", "post", T + "/assessments/{assessment}/grade/", {"grade": "fail"}, "base", 302),
]  # fmt: skip
API = [
    ("api postdoc", "get", V + "/postdocs/{postdoc}", None, "postdoc_a", 200),
    ("api postdoc patch", "patch", V + "/postdocs/{postdoc}", {"name": "改名"}, "base", 200),
    ("api supervisor", "get", V + "/supervisors/{supervisor}", None, "supervisor_a", 200),
    ("api supervisor patch", "patch", V + "/supervisors/{supervisor}", {"title": "教授"}, "base", 200),
    ("api appointment", "get", V + "/appointments/{appointment}", None, "postdoc_a", 200),
    ("api appointment actions", "get", V + "/appointments/{appointment}/transitions", None, "postdoc_a", 200),
    ("api appointment apply", "json", V + "/appointments/{appointment}/transitions", {"action": "withdraw"},
     "base", 409),
    ("api appointment history", "get", V + "/appointments/{appointment}/history", None, "postdoc_a", 200),
    ("api appointment entry", "json", V + "/appointments/{appointment}/entry", {"entry_date": "2026-02-01"},
     "station", 409),
    ("api dispatch", "get", V + "/dispatches/{dispatch}", None, "postdoc_a", 200),
    ("api dispatch actions", "get", V + "/dispatches/{dispatch}/transitions", None, "postdoc_a", 200),
    ("api dispatch apply", "json", V + "/dispatches/{dispatch}/transitions", {"action": "refuse"}, "base", 409),
    ("api dispatch history", "get", V + "/dispatches/{dispatch}/history", None, "postdoc_a", 200),
    ("api dispatch return", "json", V + "/dispatches/{dispatch}/return", {"returned_on": "2026-03-20"}, "base",
     200),
    ("api dispatch create", "json", V + "/dispatches", {
        "appointment": "{appointment}", "destination": "abroad", "purpose": "exchange", "place": "乌兰巴托",
        "planned_start": "2026-05-01", "planned_return": "2026-05-10"}, "postdoc_a", 409),
    ("api withdrawal", "get", V + "/withdrawals/{withdrawal}", None, "postdoc_a", 200),
    ("api withdrawal actions", "get", V + "/withdrawals/{withdrawal}/transitions", None, "postdoc_a", 200),
    ("api withdrawal apply", "json", V + "/withdrawals/{withdrawal}/transitions", {"action": "dismiss"},
     "region", 409),
    ("api withdrawal history", "get", V + "/withdrawals/{withdrawal}/history", None, "postdoc_a", 200),
    ("api withdrawal create", "post", V + "/withdrawals", {"appointment": "{appointment}", "reason": 7,
     "facts": "患病"}, "base", 409),
    ("api output", "get", V + "/outputs/{output}", None, "postdoc_a", 200),
    ("api output patch", "patch", V + "/outputs/{output}", {"title": "改题"}, "postdoc_a", 409),
    ("api output evidence", "get", V + "/outputs/{output}/evidence", None, "supervisor_a", 200),
    ("api output actions", "get", V + "/outputs/{output}/transitions", None, "postdoc_a", 200),
    ("api output apply", "json", V + "/outputs/{output}/transitions", {"action": "return", "comment": "x"},
     "supervisor_a", 409),
    ("api output history", "get", V + "/outputs/{output}/history", None, "postdoc_a", 200),
    ("api output create", "post", V + "/outputs", {"appointment": "{appointment}", "kind": "paper",
     "title": "论文", "occurred_on": "2026-06-01"}, "postdoc_a", 422),
    ("api pay create", "json", V + "/pay-records", {"appointment": "{appointment}", "year": 2026,
     "annual_pay_yuan": 1}, "base", 200),
    ("api extension", "get", V + "/extensions/{extension}", None, "postdoc_a", 200),
    ("api extension actions", "get", V + "/extensions/{extension}/transitions", None, "postdoc_a", 200),
    ("api extension apply", "json", V + "/extensions/{extension}/transitions", {"action": "refuse"}, "base",
     409),
    ("api extension history", "get", V + "/extensions/{extension}/history", None, "postdoc_a", 200),
    ("api extension create", "json", V + "/extensions", {"appointment": "{appointment}", "months": 6,
     "reason": "项目需要"}, "postdoc_a", 409),
    ("api exit materials", "post", V + "/exits/{appointment}/materials", {}, "postdoc_a", 422),
    ("api exit complete", "json", V + "/exits/{appointment}/complete", {"exit_date": "2026-11-21",
     "destination": "outside"}, "station", 409),
    ("api title route", "get", V + "/exits/{appointment}/title-route", None, "postdoc_a", 200),
    ("api assessment", "get", V + "/assessments/{assessment}", None, "postdoc_a", 200),
    ("api assessment panel", "json", V + "/assessments/{assessment}/panel", {"expert_ids": [], "chair_id": 1,
     "due_on": "2027-01-01"}, "base", 409),
    ("api assessment grade", "json", V + "/assessments/{assessment}/grade", {"grade": "fail", "result": "x"},
     "base", 409),
    ("api assessment actions", "get", V + "/assessments/{assessment}/transitions", None, "postdoc_a", 200),
    ("api assessment apply", "json", V + "/assessments/{assessment}/transitions", {"action": "grade"}, "base",
     409),
    ("api assessment history", "get", V + "/assessments/{assessment}/history", None, "postdoc_a", 200),
]  # fmt: skip
ENDPOINTS = PAGES + API


def _fill(value, pks: dict):
    if isinstance(value, str):
        return value.format(**pks)
    if isinstance(value, dict):
        return {k: int(_fill(v, pks)) if v == "{appointment}" else _fill(v, pks) for k, v in value.items()}
    return value


def _call(client: Client, method: str, url: str, body):
    if method == "get":
        return client.get(url)
    if method == "post":
        return client.post(url, body or {})
    if method == "json":
        return client.post(url, body, content_type="application/json")
    return client.patch(url, body, content_type="application/json")


def _snapshot() -> tuple:
    """Everything an intruder's request could change."""
    return (
        AuditEvent.objects.count(),
        list(Postdoc.objects.values_list("pk", "name").order_by("pk")),
        list(Supervisor.objects.values_list("pk", "title").order_by("pk")),
        list(Appointment.objects.values_list("pk", "state", "entry_date", "exit_date", "destination")
             .order_by("pk")),
        list(Dispatch.objects.values_list("pk", "state", "returned_on").order_by("pk")),
        list(WithdrawalCase.objects.values_list("pk", "state").order_by("pk")),
        list(TermExtension.objects.values_list("pk", "state").order_by("pk")),
        list(Output.objects.values_list("pk", "state", "title").order_by("pk")),
        list(PayRecord.objects.values_list("pk", "annual_pay_yuan").order_by("pk")),
        list(Assessment.objects.values_list("pk", "state", "grade").order_by("pk")),
    )  # fmt: skip


@pytest.mark.parametrize("name, method, url, body, control, status", ENDPOINTS, ids=[e[0] for e in ENDPOINTS])
def test_another_postdoc_and_their_supervisors_get_404_for_each_of_as_records(
    w, name, method, url, body, control, status
):
    pks = {key: obj.pk for key, obj in w["objects"].items()}
    url, body = _fill(url, pks), _fill(body, pks)
    before = _snapshot()
    for who in INTRUDERS:
        r = _call(login(w[who]), method, url, body)
        assert r.status_code == 404, (name, who, r.status_code)
        text = _text(r)
        assert NAME_A not in text and MASKED_A not in text, (name, who)
        assert _snapshot() == before, (name, who)
    # The same URL answers someone who may see A's record: the 404 above is the scope, not a typo.
    r = _call(login(w[control]), method, url, body)
    assert r.status_code == status, (name, control, r.status_code)


# --- lists and exports -----------------------------------------------------------------------------------
LISTS = [
    T + "/postdocs/", T + "/postdocs/?q=张", T + "/supervisors/", T + "/appointments/", T + "/dispatches/",
    T + "/withdrawals/", T + "/outputs/", T + "/extensions/", T + "/title-route/", T + "/assessments/",
    "/inbox/", T + "/me/",
    V + "/postdocs", V + "/postdocs?q=张", V + "/supervisors", V + "/appointments", V + "/dispatches",
    V + "/withdrawals", V + "/outputs", V + "/extensions", V + "/exits/title-route", V + "/assessments",
    V + "/pay-records", V + "/pay-records?appointment={appointment}",
]  # fmt: skip
EXPORTS = [
    T + "/postdocs/export/", T + "/supervisors/export/", T + "/appointments/export/", T + "/dispatches/export/",
    T + "/withdrawals/export/", T + "/outputs/export/", T + "/title-route/export/", T + "/assessments/?export=xlsx",
]  # fmt: skip


def _text(response) -> str:
    """The response as text a person would read: JSON with its non-ASCII unescaped, a workbook's cells."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/json"):
        return json.dumps(json.loads(raw), ensure_ascii=False)
    if raw[:2] != b"PK":
        return raw.decode()
    sheet = load_workbook(BytesIO(raw)).active
    return "\n".join(
        " ".join(str(v) for v in row if v is not None) for row in sheet.iter_rows(values_only=True)
    )


@pytest.mark.parametrize("url", LISTS + EXPORTS)
def test_no_list_or_export_names_another_postdoc(w, url):
    url = url.format(appointment=w["objects"]["appointment"].pk)
    for who in INTRUDERS:
        r = login(w[who]).get(url)
        assert r.status_code == 200, (url, who, r.status_code)
        text = _text(r)
        assert NAME_A not in text and MASKED_A not in text, (url, who)
        if url.startswith(V) and "supervisors" not in url:
            items = r.json()["items"]
            assert w["objects"]["appointment"].pk not in {i.get("appointment_id") for i in items}, (url, who)


@pytest.mark.parametrize("url", [u for u in LISTS + EXPORTS if "/me/" not in u and "inbox" not in u])
def test_the_base_sees_postdoc_a_in_every_list_and_export(w, url):
    """The control: the same lists name A to the base, so the absence above is the scope at work."""
    url = url.format(appointment=w["objects"]["appointment"].pk)
    if "supervisors" in url:
        assert "李教授" in _text(login(w["base"]).get(url))
    else:
        assert NAME_A in _text(login(w["base"]).get(url)), url


def test_postdoc_b_and_their_supervisors_still_see_b(w):
    """The intruders are real viewers of their own records (the empty answers are not an empty world)."""
    for who in INTRUDERS:
        c = login(w[who])
        assert [a["id"] for a in c.get(V + "/appointments").json()["items"]] == [w["ab"].pk], who
        assert [p["id"] for p in c.get(V + "/postdocs").json()["items"]] == [w["pb"].pk], who
        assert c.get(w["ab"].get_absolute_url()).status_code == 200, who
