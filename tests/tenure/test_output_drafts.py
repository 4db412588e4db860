"""Imported outputs (在站成果, Art. 17) start as drafts (待补证明材料): the postdoc attaches the evidence and submits
them to the supervisors; a draft without evidence cannot be submitted, only the postdoc submits, a draft is
edited like any unconfirmed output, and a draft counts nowhere a confirmed output counts."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Notification, Obligation
from postdoc_base.kernel.selectors import obligations_for
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.stats.selectors import base_ledger_appointments
from postdoc_base.tenure.basefile import outputs_context
from postdoc_base.tenure.exits.selectors import with_title_route_facts
from postdoc_base.tenure.outputs import services
from postdoc_base.tenure.outputs.enums import OutputKind as K
from postdoc_base.tenure.outputs.enums import OutputState as O
from postdoc_base.tenure.outputs.models import Output
from postdoc_base.tenure.outputs.workflow import output_workflow
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.models import Appointment
from tests.factories import PDF_BYTES, StationFactory, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.outputs import make_output, output_fields
from tests.factories.people import ID_1988, make_postdoc, postdoc_user, supervisor_user
from tests.factories.shared import once_per_module
from tests.factories.tenure import base_admin, make_base

pytestmark = pytest.mark.django_db

NO_EVIDENCE = "请先上传证明材料，再提交导师确认。"


def _build_world():
    b1 = make_base("草原乳业", "呼和浩特市")
    st1 = StationFactory()
    partner(b1, st1)
    p1, p2 = make_postdoc(b1), make_postdoc(b1, ID_1988, name="巴特尔·朝鲁")
    ssup, bsup = station_supervisor(b1, st1), base_supervisor(b1)
    return {
        "b1": b1, "st1": st1, "p1": p1, "p2": p2, "ssup": ssup, "bsup": bsup,
        "region": user_with_role(Role.REGION_ADMIN), "base_same": base_admin(b1),
        "postdoc_own": postdoc_user(p1), "postdoc_other": postdoc_user(p2),
        "sup_station": supervisor_user(ssup), "sup_base": supervisor_user(bsup),
    }  # fmt: skip


shared_world = once_per_module(_build_world)


def stay(w, postdoc=None, state=S.IN_BASE) -> Appointment:
    return make_appointment(w["b1"], w["st1"], postdoc or w["p1"], state=state, complete=True,
                            station_supervisor=w["ssup"], base_supervisor=w["bsup"])  # fmt: skip


def pdf(name="证明.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def imported(w, a=None, kind=K.PAPER, **kwargs) -> Output:
    return services.output_import(
        actor=w["postdoc_own"], appointment=a or stay(w), **output_fields(kind, **kwargs)
    )


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def events(o) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="tenure.output", subject_id=str(o.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


# --- the import row ------------------------------------------------------------------------------------
def test_an_imported_row_is_a_draft_without_evidence_audited_once_and_told_to_no_supervisor(
    world, django_capture_on_commit_callbacks
):
    a = stay(world)
    with django_capture_on_commit_callbacks(execute=True):
        o = imported(world, a)
    o.refresh_from_db()
    assert (o.state, o.appointment_id, o.title, o.evidence.name, o.confirmed_by_id) == (
        O.DRAFT, a.pk, "乳酸菌代谢研究", "", None,
    )  # fmt: skip
    (event,) = AuditEvent.objects.filter(subject_type="tenure.output", subject_id=str(o.pk))
    assert (event.action, event.role, event.from_state, event.to_state, event.actor_id) == (
        "import", Role.POSTDOC, "", O.DRAFT, world["postdoc_own"].pk,
    )  # fmt: skip
    assert not Notification.objects.exists()
    assert list(obligations_for(world["postdoc_own"])) == list(obligations_for(world["sup_base"])) == []


def test_the_import_is_checked_as_the_page_checks_an_entry(world):
    a = stay(world)
    with pytest.raises(ValidationError) as error:
        imported(world, a, K.TECH_TRANSFER, amount_yuan=100, postdoc_share_yuan=200)
    assert "本人所得不能超过成果转化收益" in str(error.value.message_dict["postdoc_share_yuan"][0])
    with pytest.raises(ValidationError) as error:
        imported(world, a, occurred_on=date(2026, 1, 30))  # before the entry (2026-01-31)
    assert "2026-01-31" in error.value.message_dict["occurred_on"][0]
    assert (
        not Output.objects.exists() and not AuditEvent.objects.filter(subject_type="tenure.output").exists()
    )


@pytest.mark.parametrize("who", ["postdoc_other", "sup_base", "base_same", "region"])
def test_only_the_postdoc_themself_imports(world, who):
    with pytest.raises(TransitionRefused) as refused:
        services.output_import(actor=world[who], appointment=stay(world), **output_fields())
    assert [f.code for f in refused.value.findings] == ["kernel.not_permitted"]
    assert not Output.objects.exists()


@pytest.mark.parametrize("state", [S.SIGNED, S.EXITED, S.WITHDRAWN])
def test_nothing_is_imported_outside_the_stay(world, state):
    with pytest.raises(TransitionRefused) as refused:
        imported(world, stay(world, state=state))
    assert [(f.code, str(f.message)) for f in refused.value.findings] == [
        ("art17.not_in_stay", "只有在基地期间可以登记在站成果。")
    ]
    assert not Output.objects.exists()


# --- submitting ----------------------------------------------------------------------------------------
def test_a_draft_without_evidence_cannot_be_submitted_and_nothing_changes(world):
    o = imported(world)
    with pytest.raises(TransitionRefused) as refused:
        output_workflow.apply(o, "submit", actor=world["postdoc_own"])
    assert [(f.code, f.article, str(f.message)) for f in refused.value.findings] == [
        ("art17.evidence_required", "第十七条", NO_EVIDENCE)
    ]
    o.refresh_from_db()
    assert o.state == O.DRAFT and events(o) == ["import"]
    assert not Notification.objects.exists() and not Obligation.objects.exists()


def test_the_page_shows_the_refused_button_with_its_reason_and_the_refusal_says_the_same(world):
    o = imported(world)
    c = login(world["postdoc_own"])
    page = c.get(o.get_absolute_url()).content.decode()
    assert 'data-action="submit" data-refused="1"' in page and NO_EVIDENCE in page
    assert (
        "待补证明材料" in page and 'data-testid="draft-hint"' in page and 'data-testid="output-edit"' in page
    )
    response = c.post(f"/tenure/outputs/{o.pk}/transition/", {"action": "submit"}, follow=True)
    assert NO_EVIDENCE in response.content.decode()
    api = c.post(f"/api/v1/outputs/{o.pk}/transitions", {"action": "submit"}, content_type="application/json")
    assert api.status_code == 409 and api.json()["findings"][0]["message"] == NO_EVIDENCE
    (option,) = c.get(f"/api/v1/outputs/{o.pk}/transitions").json()
    assert (option["action"], option["allowed"], option["reasons"][0]["message"]) == (
        "submit",
        False,
        NO_EVIDENCE,
    )
    o.refresh_from_db()
    assert o.state == O.DRAFT


def test_with_evidence_the_draft_goes_to_the_supervisors_who_are_notified(
    world, django_capture_on_commit_callbacks
):
    o = imported(world)
    o = services.output_update(actor=world["postdoc_own"], output=o, uploaded=pdf())
    assert (o.state, o.evidence_name) == (O.DRAFT, "证明.pdf")
    with django_capture_on_commit_callbacks(execute=True):
        o = output_workflow.apply(o, "submit", actor=world["postdoc_own"])
    o.refresh_from_db()
    assert o.state == O.SUBMITTED
    assert events(o) == ["import", "update", "submit"]
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        world["sup_station"].username, world["sup_base"].username,
    }  # fmt: skip
    for who in ("sup_station", "sup_base"):
        assert [ob.title for ob in obligations_for(world[who])] == ["确认在站成果"]
    assert output_workflow.apply(o, "confirm", actor=world["sup_base"]).state == O.CONFIRMED


def test_the_postdoc_uploads_the_evidence_and_submits_on_the_page(world):
    o = imported(world)
    c = login(world["postdoc_own"])
    form = {
        "kind": "paper",
        "title": "乳酸菌代谢研究",
        "occurred_on": "2026-06-01",
        "evidence": pdf("论文.pdf"),
    }
    assert c.post(f"/tenure/outputs/{o.pk}/edit/", form).status_code == 302
    page = c.get(o.get_absolute_url()).content.decode()
    assert 'data-action="submit"' in page and 'data-refused="1"' not in page
    c.post(f"/tenure/outputs/{o.pk}/transition/", {"action": "submit"})
    o.refresh_from_db()
    assert (o.state, o.evidence_name) == (O.SUBMITTED, "论文.pdf")


@pytest.mark.parametrize("who", ["sup_station", "sup_base", "base_same", "region", "postdoc_other"])
def test_only_the_postdoc_submits(world, who):
    o = imported(world)
    o = services.output_update(actor=world["postdoc_own"], output=o, uploaded=pdf())
    with pytest.raises(TransitionRefused) as refused:
        output_workflow.apply(o, "submit", actor=world[who])
    assert [f.code for f in refused.value.findings] == ["kernel.not_permitted"]
    o.refresh_from_db()
    assert o.state == O.DRAFT and events(o) == ["import", "update"]


def test_a_supervisor_cannot_confirm_or_return_a_draft(world):
    o = imported(world)
    for action in ("confirm", "return"):
        with pytest.raises(TransitionRefused) as refused:
            output_workflow.apply(o, action, actor=world["sup_base"], comment="意见")
        assert [f.code for f in refused.value.findings] == ["kernel.wrong_state"]
    assert login(world["sup_base"]).get(f"/api/v1/outputs/{o.pk}/transitions").json() == []


def test_an_import_cannot_be_applied_through_the_transition_route(world):
    o = imported(world)
    c = login(world["postdoc_own"])
    api = c.post(f"/api/v1/outputs/{o.pk}/transitions", {"action": "import"}, content_type="application/json")
    assert api.status_code == 409
    o.refresh_from_db()
    assert o.state == O.DRAFT and events(o) == ["import"]


# --- editing -------------------------------------------------------------------------------------------
def test_a_draft_is_edited_by_the_postdoc_and_audited(world):
    o = imported(world)
    o = services.output_update(actor=world["postdoc_own"], output=o, title="乳酸菌代谢组学研究")
    assert (o.title, o.state) == ("乳酸菌代谢组学研究", O.DRAFT)
    event = AuditEvent.objects.get(subject_type="tenure.output", subject_id=str(o.pk), action="update")
    assert event.diff["title"] == ["乳酸菌代谢研究", "乳酸菌代谢组学研究"]
    with pytest.raises(TransitionRefused):
        services.output_update(actor=world["sup_base"], output=o, title="改")


def test_drafts_show_on_the_lists_with_their_state(world):
    a = stay(world)
    imported(world, a, title="导入的论文")
    make_output(a, title="已提交的论文")
    c = login(world["postdoc_own"])
    page = c.get("/tenure/outputs/?state=draft").content.decode()
    assert "导入的论文" in page and "已提交的论文" not in page and "待补证明材料" in page
    card = c.get(a.get_absolute_url()).content.decode()
    assert "导入的论文" in card and 'data-testid="output-import"' in card
    assert [i["state_label"] for i in c.get("/api/v1/outputs?state=draft").json()["items"]] == [
        "待补证明材料"
    ]
    assert (
        'data-testid="output-import"'
        not in login(world["sup_base"]).get(a.get_absolute_url()).content.decode()
    )


# --- a draft counts nowhere ----------------------------------------------------------------------------
def test_a_draft_does_not_count_where_confirmed_outputs_count(world):
    a = stay(world)
    imported(world, a, K.NATIONAL_FUNDED)
    imported(world, a, K.PATENT)
    region = world["region"]

    def counted():
        (row,) = base_ledger_appointments(region, world["b1"])
        facts = with_title_route_facts(Appointment.objects.filter(pk=a.pk)).values("tr_national_funded").get()
        basefile = outputs_context(world["b1"], region)
        return row.all_outputs, row.patents, facts["tr_national_funded"], basefile["confirmed_total"]

    assert counted() == (0, 0, False, 0)
    make_output(a, K.NATIONAL_FUNDED, state=O.CONFIRMED, title="另一项计划")
    make_output(a, K.PATENT, state=O.CONFIRMED, title="另一项专利")
    assert counted() == (2, 1, True, 2)
