"""Exit (出基地, Art. 18; destination for Art. 21): the postdoc uploads the research report and the work summary,
asks to exit, the exit assessment is passed, the station completes the exit with its date and destination."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.tenure import AssessmentGrade, AssessmentKind
from postdoc_base.tenure.assessments.models import Assessment
from postdoc_base.tenure.exits import services as exit_services
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.models import Appointment
from postdoc_base.tenure.stay.workflow import appointment_workflow
from tests.factories.exits import (
    ENTRY,
    EXIT,
    ROLES,
    VISIBLE,
    appointment,
    codes,
    login,
    pdf,
    with_materials,
)

pytestmark = pytest.mark.django_db

UPLOADERS = {"postdoc_own", "base_same"}
EXIT_REQUESTERS = {"postdoc_own", "base_same"}
STATIONS = {"station_same"}


def upload(w, a, who="postdoc_own", **files):
    files = files or {"research_report": pdf("report.pdf"), "work_summary": pdf("summary.pdf")}
    return exit_services.exit_materials_upload(actor=w[who], appointment=a, **files)


def complete(w, a, who="station_same", exit_date=EXIT, destination="in_region", employer="内蒙古大学"):
    return exit_services.exit_complete(actor=w[who], appointment=a, exit_date=exit_date,
                                       destination=destination, employer=employer)  # fmt: skip


def assessed(w, **kwargs):
    a = with_materials(appointment(w, S.EXIT_ASSESSED, **kwargs))
    return Appointment.objects.get(pk=a.pk)


# --- materials --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_materials_are_uploaded_by_the_postdoc_or_the_base_only(world, who):
    a = appointment(world)
    if who in UPLOADERS:
        a = upload(world, a, who=who)
        assert (a.research_report_name, a.work_summary_name) == ("report.pdf", "summary.pdf")
        assert a.research_report_type == "application/pdf"
    else:
        with pytest.raises(TransitionRefused) as refused:
            upload(world, a, who=who)
        assert codes(refused) == ["kernel.not_permitted"]
        a.refresh_from_db()
        assert not a.research_report and not a.work_summary


def test_materials_can_be_replaced_before_the_request_and_are_audited_by_name(world):
    a = upload(world, appointment(world))
    a = upload(world, a, research_report=pdf("report-v2.pdf"))
    assert (a.research_report_name, a.work_summary_name) == ("report-v2.pdf", "summary.pdf")
    events = AuditEvent.objects.filter(subject_id=str(a.pk), action="exit_materials_upload").order_by("seq")
    assert [e.diff for e in events] == [
        {"research_report_name": ["", "report.pdf"], "work_summary_name": ["", "summary.pdf"]},
        {"research_report_name": ["report.pdf", "report-v2.pdf"]},
    ]


@pytest.mark.parametrize("state", [S.ENTERED, S.FILING_SUBMITTED, S.EXIT_REQUESTED, S.EXIT_ASSESSED, S.EXITED,
                                   S.WITHDRAWN])  # fmt: skip
def test_materials_are_closed_outside_the_stay_in_base(world, state):
    with pytest.raises(TransitionRefused) as refused:
        upload(world, appointment(world, state))
    assert codes(refused) == ["art18.materials_closed"]


def test_materials_need_a_file_of_an_accepted_type(world):
    a = appointment(world)
    with pytest.raises(ValidationError) as error:
        exit_services.exit_materials_upload(actor=world["postdoc_own"], appointment=a)
    assert "research_report" in error.value.message_dict
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    with pytest.raises(ValidationError) as error:
        upload(world, a, work_summary=bad)
    assert set(error.value.message_dict) == {"work_summary"}
    a.refresh_from_db()
    assert not a.work_summary


# --- request_exit -----------------------------------------------------------------------------------------
def test_request_exit_is_refused_without_both_materials(world):
    a = appointment(world)
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "request_exit", actor=world["postdoc_own"])
    assert codes(refused) == ["art18.no_research_report", "art18.no_work_summary"]
    upload(world, a, research_report=pdf("report.pdf"))
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "request_exit", actor=world["postdoc_own"])
    assert codes(refused) == ["art18.no_work_summary"]
    a.refresh_from_db()
    assert a.state == S.IN_BASE
    assert not Assessment.objects.filter(appointment=a).exists()


@pytest.mark.parametrize("who", ROLES)
def test_request_exit_for_every_role(world, who):
    a = with_materials(appointment(world))
    if who in EXIT_REQUESTERS:
        a = appointment_workflow.apply(a, "request_exit", actor=world[who])
        assert a.state == S.EXIT_REQUESTED
        assert Assessment.objects.filter(appointment=a, kind=AssessmentKind.EXIT).count() == 1
    else:
        with pytest.raises(TransitionRefused) as refused:
            appointment_workflow.apply(a, "request_exit", actor=world[who])
        assert codes(refused) == ["kernel.not_permitted"]
        a.refresh_from_db()
        assert a.state == S.IN_BASE


def test_pass_exit_assessment_needs_a_passing_grade_and_the_batch_path(world):
    a = appointment_workflow.apply(
        with_materials(appointment(world)), "request_exit", actor=world["postdoc_own"]
    )
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "pass_exit_assessment", actor=world["base_same"])
    assert codes(refused) == ["kernel.batch_only"]
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(a, "pass_exit_assessment", actor=world["base_same"], batch=True)
    assert codes(refused) == ["art18.exit_assessment_not_passed"]
    Assessment.objects.filter(appointment=a, kind=AssessmentKind.EXIT).update(grade=AssessmentGrade.FAIL)
    with pytest.raises(TransitionRefused):
        appointment_workflow.apply(a, "pass_exit_assessment", actor=world["base_same"], batch=True)


def test_the_whole_exit_path(world):
    a = appointment(world)
    appointment_workflow.sync_obligations(a, a.state)  # the term-end obligation, as opened at filing
    pc = login(world["postdoc_own"])
    r = pc.post(f"/tenure/appointments/{a.pk}/exit-materials/",
                {"research_report": pdf("研究报告.pdf"), "work_summary": pdf("工作总结.pdf")})  # fmt: skip
    assert r.status_code == 302
    a = appointment_workflow.apply(a, "request_exit", actor=world["postdoc_own"])
    assert a.state == S.EXIT_REQUESTED
    exit_assessment = Assessment.objects.get(appointment=a, kind=AssessmentKind.EXIT)
    assert exit_assessment.due_on == a.term_ends_on
    Assessment.objects.filter(pk=exit_assessment.pk).update(grade=AssessmentGrade.PASS)
    a = appointment_workflow.apply(a, "pass_exit_assessment", actor=world["base_same"], batch=True)
    assert a.state == S.EXIT_ASSESSED
    ob = Obligation.objects.get(kind="exit_completion")
    assert (ob.status, ob.responsible_role, ob.scope_id) == (ObligationStatus.OPEN, Role.STATION_CONTACT,
                                                             world["st1"].pk)  # fmt: skip
    sc = login(world["station_same"])
    page = sc.get(a.get_absolute_url()).content.decode()
    assert f'href="/tenure/appointments/{a.pk}/exit/"' in page
    r = sc.post(f"/tenure/appointments/{a.pk}/exit/", {"exit_date": "2026-11-20", "destination": "base_unit"})
    assert r.status_code == 302
    a.refresh_from_db()
    assert (a.state, a.exit_date, a.destination, a.destination_employer) == (
        S.EXITED, EXIT, "base_unit", world["b1"].unit.name,
    )  # fmt: skip
    ob.refresh_from_db()
    assert ob.status == ObligationStatus.MET
    assert Obligation.objects.get(kind="term_end_exit").status != ObligationStatus.OPEN
    actions = list(AuditEvent.objects.filter(subject_id=str(a.pk), subject_type="tenure.appointment")
                   .order_by("seq").values_list("action", flat=True))  # fmt: skip
    assert actions[-4:] == ["exit_materials_upload", "request_exit", "pass_exit_assessment", "complete_exit"]
    exit_event = AuditEvent.objects.get(
        subject_id=str(a.pk), subject_type="tenure.appointment", action="complete_exit"
    )
    assert set(exit_event.diff) >= {"exit_date", "destination", "destination_employer", "state"}
    page = pc.get(a.get_absolute_url()).content.decode()
    assert "第二十二条 职称申报" in page and "研究报告.pdf" in page and "2026年11月20日" in page


# --- complete_exit ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_complete_exit_for_every_role(world, who):
    a = assessed(world)
    if who in STATIONS:
        a = complete(world, a, who=who)
        assert (a.state, a.exit_date, a.destination, a.destination_employer) == (
            S.EXITED, EXIT, "in_region", "内蒙古大学",
        )  # fmt: skip
    else:
        with pytest.raises(TransitionRefused) as refused:
            complete(world, a, who=who)
        assert codes(refused) == ["kernel.not_permitted"]
        a.refresh_from_db()
        assert (a.state, a.exit_date, a.destination) == (S.EXIT_ASSESSED, None, "")


def test_complete_exit_cannot_go_through_the_generic_transition(world):
    with pytest.raises(TransitionRefused) as refused:
        appointment_workflow.apply(assessed(world), "complete_exit", actor=world["station_same"])
    assert codes(refused) == ["kernel.batch_only"]


@pytest.mark.parametrize("state", [S.IN_BASE, S.EXIT_REQUESTED, S.EXITED, S.WITHDRAWN])
def test_complete_exit_only_after_the_exit_assessment(world, state):
    a = appointment(world, state)
    with pytest.raises(TransitionRefused) as refused:
        complete(world, a)
    assert codes(refused) == ["kernel.wrong_state"]
    a.refresh_from_db()
    assert a.exit_date is None


@pytest.mark.parametrize(
    "exit_date, destination, employer, field",
    [
        (None, "in_region", "内蒙古大学", "exit_date"),
        (ENTRY - timedelta(days=1), "in_region", "内蒙古大学", "exit_date"),
        ("tomorrow", "in_region", "内蒙古大学", "exit_date"),
        (EXIT, "moon", "内蒙古大学", "destination"),
        (EXIT, "", "内蒙古大学", "destination"),
        (EXIT, "outside", "  ", "employer"),
        (EXIT, "in_region", "", "employer"),
    ],
)
def test_complete_exit_validation_leaves_nothing_changed(world, exit_date, destination, employer, field):
    a = assessed(world)
    if exit_date == "tomorrow":
        exit_date = timezone.localdate() + timedelta(days=1)
    with pytest.raises(ValidationError) as error:
        complete(world, a, exit_date=exit_date, destination=destination, employer=employer)
    assert set(error.value.message_dict) == {field}
    a.refresh_from_db()
    assert (a.state, a.exit_date, a.destination, a.destination_employer) == (S.EXIT_ASSESSED, None, "", "")
    assert not AuditEvent.objects.filter(
        subject_id=str(a.pk), action__in=("set_exit_data", "complete_exit")
    ).exists()


def test_complete_exit_on_the_entry_date_and_today_is_accepted(world):
    a = complete(world, assessed(world), exit_date=ENTRY)
    assert a.exit_date == ENTRY
    a2 = complete(world, assessed(world, postdoc=world["p2"]), exit_date=timezone.localdate())
    assert a2.exit_date == timezone.localdate()


def test_staying_at_the_base_unit_defaults_the_employer(world):
    a = complete(world, assessed(world), destination="base_unit", employer="")
    assert a.destination_employer == world["b1"].unit.name
    a2 = complete(world, assessed(world, postdoc=world["p2"]), destination="base_unit", employer="子公司")
    assert a2.destination_employer == "子公司"


def test_exit_form_shows_errors_and_is_hidden_from_others(world):
    a = assessed(world)
    r = login(world["station_same"]).post(f"/tenure/appointments/{a.pk}/exit/",
                                          {"exit_date": "2026-01-01", "destination": "outside"})  # fmt: skip
    assert r.status_code == 200
    body = r.content.decode()
    assert "出基地日期不能早于进基地日期" in body and "请填写去向单位" in body
    for who in ("base_same", "postdoc_own", "region", "station_other"):
        assert login(world[who]).get(f"/tenure/appointments/{a.pk}/exit/").status_code == 404


# --- downloads, scoping, API --------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_material_downloads_are_scoped(world, who):
    a = upload(world, appointment(world))
    c = login(world[who])
    for which in ("research-report", "work-summary"):
        r = c.get(f"/tenure/appointments/{a.pk}/exit-materials/{which}/")
        assert r.status_code == (200 if who in VISIBLE else 404)
    assert c.get(f"/tenure/appointments/{a.pk}/exit-materials/bogus/").status_code == 404


def test_material_upload_page_is_hidden_from_others(world):
    a = appointment(world)
    assert (
        login(world["postdoc_other"]).get(f"/tenure/appointments/{a.pk}/exit-materials/").status_code == 404
    )
    assert login(world["station_same"]).get(f"/tenure/appointments/{a.pk}/exit-materials/").status_code == 404
    assert login(world["postdoc_own"]).get(f"/tenure/appointments/{a.pk}/exit-materials/").status_code == 200


def test_api_materials_and_complete(world):
    a = appointment(world)
    c = login(world["postdoc_own"])
    r = c.post(
        f"/api/v1/exits/{a.pk}/materials", {"research_report": pdf("r.pdf"), "work_summary": pdf("w.pdf")}
    )
    assert r.status_code == 200
    assert (r.json()["research_report_name"], r.json()["work_summary_name"]) == ("r.pdf", "w.pdf")
    assert login(world["postdoc_other"]).post(f"/api/v1/exits/{a.pk}/materials",
                                              {"research_report": pdf("x.pdf")}).status_code == 404  # fmt: skip
    assert login(world["station_same"]).post(f"/api/v1/exits/{a.pk}/materials",
                                             {"research_report": pdf("x.pdf")}).status_code == 403  # fmt: skip
    b = assessed(world, postdoc=world["p2"])
    payload = {"exit_date": "2026-11-20", "destination": "outside", "employer": "北京某研究院"}
    assert login(world["base_same"]).post(f"/api/v1/exits/{b.pk}/complete", payload,
                                          content_type="application/json").status_code == 403  # fmt: skip
    assert login(world["station_other"]).post(f"/api/v1/exits/{b.pk}/complete", payload,
                                              content_type="application/json").status_code == 404  # fmt: skip
    r = login(world["station_same"]).post(f"/api/v1/exits/{b.pk}/complete", {**payload, "employer": ""},
                                          content_type="application/json")  # fmt: skip
    assert r.status_code == 422 or r.status_code == 400
    assert "employer" in r.json()["errors"]
    r = login(world["station_same"]).post(f"/api/v1/exits/{b.pk}/complete", payload,
                                          content_type="application/json")  # fmt: skip
    assert r.status_code == 200
    assert (r.json()["state"], r.json()["destination_label"], r.json()["exit_date"]) == (
        "exited", "到自治区外", "2026-11-20",
    )  # fmt: skip


def test_exit_date_is_shown_as_the_page_shows_dates(world):
    a = complete(world, assessed(world))
    page = login(world["region"]).get(a.get_absolute_url()).content.decode()
    assert 'data-testid="exit-date">2026年11月20日' in page
    assert date(2026, 11, 20) == a.exit_date


@pytest.mark.parametrize("who", ["postdoc_own", "base_same"])
def test_asking_to_exit_meets_the_base_term_end_item_whoever_asks(world, who):
    """The base's "合同期满办理出基地" is done when the postdoc or the base asks to exit: met, not cancelled."""
    a = with_materials(appointment(world))
    appointment_workflow.sync_obligations(a, a.state)
    item = Obligation.objects.get(kind="term_end_exit", status=ObligationStatus.OPEN)
    appointment_workflow.apply(a, "request_exit", actor=world[who])
    item.refresh_from_db()
    assert item.status == ObligationStatus.MET
