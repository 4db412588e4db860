"""Term extensions (延期, Art. 14): requested by the postdoc or the base, approved by the base, acknowledged
by the region; the whole stay never over 6 years, over 4 only with a recorded major project."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.tenure.exits import services as exit_services
from postdoc_base.tenure.stay import services as stay_services
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.enums import ExtensionState as E
from postdoc_base.tenure.stay.models import TermExtension
from postdoc_base.tenure.stay.selectors import extensions_visible_to
from postdoc_base.tenure.stay.workflow import appointment_workflow, extension_workflow
from tests.factories.appointments import pdf
from tests.factories.exits import ROLES, VISIBLE, appointment, codes, extension, login
from tests.factories.pages import assert_rows_shown, json_ids
from tests.factories.people import make_postdoc

pytestmark = pytest.mark.django_db

REQUESTERS = {"base_same", "postdoc_own"}
NOTE = "国家重点研发计划项目，资助期至2031年，负责子课题。"


def request(w, a, months=12, who="postdoc_own", **kwargs):
    return stay_services.extension_request(actor=w[who], appointment=a, months=months, reason="项目需要",
                                           **kwargs)  # fmt: skip


def through(w, ext):
    """Base approval and region acknowledgement."""
    ext = extension_workflow.apply(ext, "approve", actor=w["base_same"])
    return extension_workflow.apply(ext, "acknowledge", actor=w["region"])


def extend(w, a, months, **kwargs):
    ext = through(w, request(w, a, months, **kwargs))
    a.refresh_from_db()
    return ext


# --- requesting ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_request_is_for_the_postdoc_and_the_base_only(world, who):
    a = appointment(world)
    if who in REQUESTERS:
        ext = request(world, a, who=who)
        assert (ext.state, ext.months, ext.requested_by_role) == (
            E.REQUESTED, 12, Role.POSTDOC if who == "postdoc_own" else Role.UNIT_ADMIN,
        )  # fmt: skip
        assert AuditEvent.objects.filter(subject_id=str(ext.pk), action="request").count() == 1
    else:
        with pytest.raises(TransitionRefused) as refused:
            request(world, a, who=who)
        assert codes(refused) == ["kernel.not_permitted"]
        assert TermExtension.objects.count() == 0


@pytest.mark.parametrize("state", [S.DRAFTED, S.SIGNED, S.ENTERED, S.FILING_SUBMITTED, S.EXIT_REQUESTED,
                                   S.EXIT_ASSESSED, S.EXITED, S.WITHDRAWN])  # fmt: skip
def test_request_is_refused_unless_in_the_base(world, state):
    with pytest.raises(TransitionRefused) as refused:
        request(world, appointment(world, state=state))
    assert codes(refused) == ["art14.not_in_base"]
    assert TermExtension.objects.count() == 0


def test_request_checks_its_fields(world):
    a = appointment(world)
    with pytest.raises(ValidationError) as error:
        stay_services.extension_request(actor=world["postdoc_own"], appointment=a, months=0, reason=" ",
                                        has_major_project=True, major_project_note=" ")  # fmt: skip
    assert set(error.value.message_dict) == {"months", "reason", "major_project_note"}
    assert TermExtension.objects.count() == 0


def test_one_open_request_at_a_time(world):
    a = appointment(world)
    first = request(world, a)
    with pytest.raises(TransitionRefused) as refused:
        request(world, a, who="base_same")
    assert codes(refused) == ["art14.extension_open"]
    extension_workflow.apply(first, "approve", actor=world["base_same"])
    with pytest.raises(TransitionRefused):
        request(world, a)
    extension_workflow.apply(first, "refuse_region", actor=world["region"], comment="项目已结题")
    assert request(world, a).state == E.REQUESTED


def test_request_opens_the_base_review_obligation(world):
    ext = request(world, appointment(world))
    ob = Obligation.objects.get(kind="extension_review")
    assert (ob.status, ob.title, ob.responsible_role, ob.scope_id, ob.article) == (
        ObligationStatus.OPEN, "审核延期申请", Role.UNIT_ADMIN, world["b1"].unit_id, "第十四条",
    )  # fmt: skip
    extension_workflow.apply(ext, "approve", actor=world["base_same"])
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.MET
    ob = Obligation.objects.get(kind="extension_acknowledge")
    assert (ob.status, ob.title, ob.responsible_role) == (
        ObligationStatus.OPEN,
        "确认延期",
        Role.REGION_ADMIN,
    )
    extension_workflow.apply(ext, "acknowledge", actor=world["region"])
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.MET


# --- the workflow matrix ----------------------------------------------------------------------------------
MATRIX = [
    ("approve", E.REQUESTED, "", E.BASE_APPROVED, {"base_same"}),
    ("refuse", E.REQUESTED, "理由不充分", E.REFUSED, {"base_same"}),
    ("acknowledge", E.BASE_APPROVED, "", E.ACKNOWLEDGED, {"region"}),
    ("refuse_region", E.BASE_APPROVED, "不符合项目期限", E.REFUSED, {"region"}),
]


@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize("action, source, comment, target, allowed", MATRIX)
def test_every_action_for_every_role(world, who, action, source, comment, target, allowed):
    ext = extension(world, state=source)
    if who in allowed:
        ext = extension_workflow.apply(ext, action, actor=world[who], comment=comment)
        assert ext.state == target
        if target in (E.ACKNOWLEDGED, E.REFUSED):
            assert ext.decided_on is not None
    else:
        with pytest.raises(TransitionRefused) as refused:
            extension_workflow.apply(ext, action, actor=world[who], comment=comment)
        assert codes(refused) == ["kernel.not_permitted"]
        ext.refresh_from_db()
        assert ext.state == source


@pytest.mark.parametrize("action, who", [("refuse", "base_same"), ("refuse_region", "region")])
def test_refusals_need_a_comment(world, action, who):
    ext = extension(world, state=E.REQUESTED if action == "refuse" else E.BASE_APPROVED)
    with pytest.raises(TransitionRefused) as refused:
        extension_workflow.apply(ext, action, actor=world[who])
    assert codes(refused) == ["kernel.comment_required"]


@pytest.mark.parametrize("state", [E.ACKNOWLEDGED, E.REFUSED])
@pytest.mark.parametrize("action, who", [("approve", "base_same"), ("acknowledge", "region")])
def test_decided_extensions_cannot_move(world, state, action, who):
    with pytest.raises(TransitionRefused) as refused:
        extension_workflow.apply(extension(world, state=state), action, actor=world[who])
    assert codes(refused) == ["kernel.wrong_state"]


@pytest.mark.parametrize("action, state, who", [("approve", E.REQUESTED, "base_same"),
                                                ("acknowledge", E.BASE_APPROVED, "region")])  # fmt: skip
def test_no_approval_once_the_postdoc_has_left_the_base(world, action, state, who):
    ext = extension(world, a=appointment(world, state=S.WITHDRAWN), state=state)
    with pytest.raises(TransitionRefused) as refused:
        extension_workflow.apply(ext, action, actor=world[who])
    assert codes(refused) == ["art14.not_in_base"]


# --- the Art. 14 limits across extensions -----------------------------------------------------------------
def test_48_months_without_a_project_allowed_49_refused(world):
    a = appointment(world, term_months=36)
    extend(world, a, 12)
    assert a.total_months == 48
    with pytest.raises(TransitionRefused) as refused:
        request(world, a, 1)
    assert codes(refused) == ["art14.over_four_years_without_project"]
    ext = extend(world, a, 1, has_major_project=True, major_project_note=NOTE)
    assert (ext.state, a.total_months) == (E.ACKNOWLEDGED, 49)


def test_two_extensions_exactly_72_months_allowed_73_refused(world):
    a = appointment(world, term_months=36)
    extend(world, a, 12)
    extend(world, a, 24, has_major_project=True, major_project_note=NOTE)
    assert a.total_months == 72
    with pytest.raises(TransitionRefused) as refused:
        request(world, a, 1, has_major_project=True, major_project_note=NOTE)
    assert codes(refused) == ["art14.over_six_years"]


def test_three_extensions_exactly_72_months_allowed_73_refused(world):
    a = appointment(world, term_months=24, has_major_project=True, major_project_note=NOTE)
    for months in (24, 12, 12):
        extend(world, a, months)  # the appointment's recorded major project covers every extension
    assert (a.extended_months, a.total_months) == (48, 72)
    with pytest.raises(TransitionRefused) as refused:
        request(world, a, 1)
    assert codes(refused) == ["art14.over_six_years"]
    a2 = appointment(world, term_months=24, postdoc=world["p2"])
    extend(world, a2, 24, who="base_same")
    extend(world, a2, 12, who="base_same", has_major_project=True, major_project_note=NOTE)
    with pytest.raises(TransitionRefused) as refused:
        request(world, a2, 13, who="base_same", has_major_project=True, major_project_note=NOTE)
    assert codes(refused) == ["art14.over_six_years"]
    extend(world, a2, 12, who="base_same", has_major_project=True, major_project_note=NOTE)
    assert a2.total_months == 72


def test_approve_and_acknowledge_recheck_the_limits(world):
    """A request placed directly (e.g. before another extension was acknowledged) is still refused."""
    a = appointment(world, term_months=48)
    ext = extension(world, a=a, months=1)
    with pytest.raises(TransitionRefused) as refused:
        extension_workflow.apply(ext, "approve", actor=world["base_same"])
    assert codes(refused) == ["art14.over_four_years_without_project"]
    ext2 = extension(world, a=appointment(world, term_months=48, postdoc=world["p2"]), months=25,
                     state=E.BASE_APPROVED, has_major_project=True, major_project_note=NOTE)  # fmt: skip
    with pytest.raises(TransitionRefused) as refused:
        extension_workflow.apply(ext2, "acknowledge", actor=world["region"])
    assert codes(refused) == ["art14.over_six_years"]
    ext2.refresh_from_db()
    ext2.appointment.refresh_from_db()
    assert (ext2.state, ext2.appointment.extended_months) == (E.BASE_APPROVED, 0)


def test_acknowledgement_moves_the_term_end_and_its_obligation(world):
    a = appointment(world)
    appointment_workflow.sync_obligations(a, a.state)  # as when the filing was accepted
    assert a.term_ends_on == date(2028, 1, 30)
    ob = Obligation.objects.get(kind="term_end_exit")
    assert ob.due_on == date(2028, 1, 30)
    ext = request(world, a, 12)
    extension_workflow.apply(ext, "approve", actor=world["base_same"])
    a.refresh_from_db()
    assert a.extended_months == 0  # the base's approval alone does not extend
    extension_workflow.apply(ext, "acknowledge", actor=world["region"])
    a.refresh_from_db()
    assert (a.extended_months, a.total_months, a.term_ends_on) == (12, 36, date(2029, 1, 30))
    ob.refresh_from_db()
    assert (ob.status, ob.due_on) == (ObligationStatus.OPEN, date(2029, 1, 30))
    assert Obligation.objects.filter(kind="term_end_exit").count() == 1
    event = AuditEvent.objects.get(subject_type="tenure.appointment", subject_id=str(a.pk), action="extend")
    assert (event.role, event.diff) == (Role.REGION_ADMIN, {"extended_months": [0, 12]})


# --- pages and API -----------------------------------------------------------------------------------------
def test_postdoc_requests_base_approves_region_acknowledges_on_pages(world):
    a = appointment(world)
    pc = login(world["postdoc_own"])
    page = pc.get(a.get_absolute_url()).content.decode()
    assert "在基地期限与延期" in page and "申请延期" in page
    r = pc.post(f"/tenure/appointments/{a.pk}/extension/", {"months": "12", "reason": "项目需要"})
    ext = TermExtension.objects.get()
    assert r.status_code == 302 and r.url == ext.get_absolute_url()
    assert (
        f'href="/tenure/appointments/{a.pk}/extension/"' not in pc.get(a.get_absolute_url()).content.decode()
    )
    bc = login(world["base_same"])
    page = bc.get(ext.get_absolute_url()).content.decode()
    assert "基地同意延期" in page and "符合第十四条" in page
    bc.post(f"/tenure/extensions/{ext.pk}/transition/", {"action": "approve"})
    login(world["region"]).post(f"/tenure/extensions/{ext.pk}/transition/", {"action": "acknowledge"})
    ext.refresh_from_db()
    assert ext.state == E.ACKNOWLEDGED
    page = pc.get(a.get_absolute_url()).content.decode()
    assert "2029年1月30日" in page and "自治区已确认" in page


def test_request_form_shows_the_limit_refusal(world):
    a = appointment(world, term_months=48)
    r = login(world["base_same"]).post(
        f"/tenure/appointments/{a.pk}/extension/", {"months": "1", "reason": "x"}
    )
    assert r.status_code == 200 and "超过4年" in r.content.decode()
    r = login(world["base_same"]).post(f"/tenure/appointments/{a.pk}/extension/",
                                       {"months": "1", "reason": "x", "has_major_project": "on"})  # fmt: skip
    assert "请说明项目名称" in r.content.decode()
    assert TermExtension.objects.count() == 0


def test_request_form_is_hidden_from_others(world):
    a = appointment(world)
    for who in ("station_same", "region", "supervisor_own"):
        c = login(world[who])
        assert c.get(f"/tenure/appointments/{a.pk}/extension/").status_code == 404
    assert login(world["postdoc_other"]).get(f"/tenure/appointments/{a.pk}/extension/").status_code == 404


def test_list_filters_by_state(world):
    extension(world, state=E.REQUESTED)
    extension(world, a=appointment(world, postdoc=world["p2"]), state=E.REFUSED)
    c = login(world["region"])
    assert c.get("/tenure/extensions/").content.decode().count("data-extension=") == 2
    assert c.get("/tenure/extensions/?state=refused").content.decode().count("data-extension=") == 1
    assert c.get("/tenure/extensions/?state=bogus").content.decode().count("data-extension=") == 2


@pytest.mark.parametrize("who", ROLES)
def test_extensions_are_scoped_like_appointments(world, who):
    ext = extension(world)
    other = extension(world, a=appointment(world, postdoc=world["p2"]))
    visible = set(extensions_visible_to(world[who]).values_list("pk", flat=True))
    both = {"region", "bureau_same", "base_same", "station_same", "supervisor_own"}
    expected = {"postdoc_own": {ext.pk}, "postdoc_other": {other.pk}}.get(
        who, {ext.pk, other.pk} if who in both else set()
    )
    assert visible == expected
    c = login(world[who])
    assert c.get(f"/tenure/extensions/{ext.pk}/").status_code == (200 if who in VISIBLE else 404)
    assert c.get(f"/api/v1/extensions/{ext.pk}").status_code == (200 if who in VISIBLE else 404)
    assert c.get(f"/api/v1/extensions/{ext.pk}/history").status_code == (200 if who in VISIBLE else 404)


def test_api_create_transition_and_history(world):
    a = appointment(world)
    c = login(world["postdoc_own"])
    r = c.post("/api/v1/extensions", {"appointment": a.pk, "months": 12, "reason": "项目需要"},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 201
    body = r.json()
    pk = body["id"]
    assert (body["state"], body["state_label"], body["months"]) == ("requested", "已申请", 12)
    assert {f["code"] for f in body["term_findings"]} >= {"art14.within_four_years", "art14.within_six_years"}
    b = login(world["base_same"])
    assert [x["action"] for x in b.get(f"/api/v1/extensions/{pk}/transitions").json()] == [
        "approve",
        "refuse",
    ]
    assert b.post(f"/api/v1/extensions/{pk}/transitions", {"action": "approve"},
                  content_type="application/json").status_code == 200  # fmt: skip
    assert b.post(f"/api/v1/extensions/{pk}/transitions", {"action": "acknowledge"},
                  content_type="application/json").status_code == 403  # fmt: skip
    r = login(world["region"]).post(f"/api/v1/extensions/{pk}/transitions", {"action": "acknowledge"},
                                    content_type="application/json")  # fmt: skip
    assert r.json()["state"] == "acknowledged"
    actions = [e["action"] for e in c.get(f"/api/v1/extensions/{pk}/history").json()]
    assert sorted(actions) == ["acknowledge", "approve", "request"]
    a.refresh_from_db()
    assert a.extended_months == 12


def test_api_create_is_refused_for_others_and_over_the_limit(world):
    a = appointment(world, term_months=48)
    payload = {"appointment": a.pk, "months": 1, "reason": "项目需要"}
    assert login(world["station_same"]).post("/api/v1/extensions", payload,
                                             content_type="application/json").status_code == 403  # fmt: skip
    assert login(world["postdoc_other"]).post("/api/v1/extensions", payload,
                                              content_type="application/json").status_code == 404  # fmt: skip
    r = login(world["postdoc_own"]).post("/api/v1/extensions", payload, content_type="application/json")
    assert r.status_code == 409
    assert [f["code"] for f in r.json()["findings"]] == ["art14.over_four_years_without_project"]
    r = login(world["postdoc_own"]).post("/api/v1/extensions", {**payload, "months": 0},
                                         content_type="application/json")  # fmt: skip
    assert r.status_code in (400, 422)


def _rows(w, n, start=0):
    made = []
    for i in range(start, start + n):
        p = make_postdoc(w["b1"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国")
        made.append(extension(w, a=appointment(w, postdoc=p)))
    return made


@pytest.mark.parametrize("url", ["/tenure/extensions/", "/api/v1/extensions"])
def test_extension_list_query_count_does_not_grow(world, url):
    c = login(world["base_same"])
    counts, made = [], []
    for start, rows in ((0, 1), (1, 19)):  # 1 row, then 20
        made += _rows(world, rows, start)
        c.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = c.get(url)
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
        if url.startswith("/api/"):
            assert json_ids(response) == {e.pk for e in made}
        else:
            assert_rows_shown(response, [e.get_absolute_url() for e in made])
    assert counts[0] == counts[1] <= 6, counts


@pytest.mark.parametrize("step", ["request_exit", "withdraw"])
@pytest.mark.parametrize("open_state", [E.REQUESTED, E.BASE_APPROVED])
def test_an_open_extension_lapses_when_the_postdoc_asks_to_exit_or_is_withdrawn(world, step, open_state):
    """Nothing is left to extend: the extension lapses as a system step and its to-do items close as
    cancelled (nobody owing them did them)."""
    a = appointment(world)
    ext = request(world, a)
    if open_state == E.BASE_APPROVED:
        ext = extension_workflow.apply(ext, "approve", actor=world["base_same"])
    if step == "request_exit":
        exit_services.exit_materials_upload(actor=world["postdoc_own"], appointment=a,
                                            research_report=pdf("r.pdf"), work_summary=pdf("s.pdf"))  # fmt: skip
        appointment_workflow.apply(a, "request_exit", actor=world["postdoc_own"])
    else:
        appointment_workflow.apply(a, "withdraw", actor=world["region"], comment="决定退出", batch=True)
    ext.refresh_from_db()
    assert (ext.state, ext.decided_on is not None) == (E.LAPSED, True)
    event = AuditEvent.objects.get(action="lapse")
    assert (event.role, event.from_state, event.to_state) == ("system", open_state, E.LAPSED)
    rows = Obligation.objects.filter(subject_type="tenure.termextension", subject_id=str(ext.pk))
    assert not rows.filter(status=ObligationStatus.OPEN).exists()
    cancelled = rows.get(status=ObligationStatus.CANCELLED)  # the one open at the lapse
    assert cancelled.responsible_role == (Role.UNIT_ADMIN if open_state == E.REQUESTED else Role.REGION_ADMIN)
    a.refresh_from_db()
    assert a.extended_months == 0


def test_decided_extensions_do_not_lapse(world):
    a = appointment(world)
    ext = extend(world, a, 6)
    appointment_workflow.apply(a, "withdraw", actor=world["region"], comment="决定退出", batch=True)
    ext.refresh_from_db()
    assert ext.state == E.ACKNOWLEDGED
    assert not AuditEvent.objects.filter(action="lapse").exists()
