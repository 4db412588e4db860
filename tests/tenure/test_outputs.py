"""Outputs (在站成果, Art. 17; transfer income share, Art. 20): entered by the postdoc with evidence, confirmed
or returned by either of the appointment's two supervisors; scoped like appointments."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Notification, Obligation, ObligationStatus
from postdoc_base.kernel.selectors import obligations_for
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.tenure.outputs import services
from postdoc_base.tenure.outputs.enums import OutputKind as K
from postdoc_base.tenure.outputs.enums import OutputState as O
from postdoc_base.tenure.outputs.models import Output
from postdoc_base.tenure.outputs.selectors import outputs_visible_to
from postdoc_base.tenure.outputs.workflow import output_workflow
from postdoc_base.tenure.stay.enums import LIVE_APPOINTMENT_STATES
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.models import Appointment
from tests.factories import PDF_BYTES, ExpertFactory, StationFactory, bureau, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.outputs import make_output, output_fields
from tests.factories.pages import assert_rows_shown, json_ids, xlsx_cells, xlsx_rows
from tests.factories.people import ID_1988, ID_X, make_postdoc, postdoc_user, supervisor_user
from tests.factories.shared import once_per_module
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = pytest.mark.django_db


def _build_world():
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    st1, st2 = StationFactory(), StationFactory()
    partner(b1, st1), partner(b2, st2)
    p1, p2 = make_postdoc(b1), make_postdoc(b1, ID_1988, name="巴特尔·朝鲁")
    ssup, bsup = station_supervisor(b1, st1), base_supervisor(b1)
    osup = base_supervisor(b1, name="赵研究员")
    return {
        "b1": b1, "b2": b2, "st1": st1, "st2": st2, "p1": p1, "p2": p2, "ssup": ssup, "bsup": bsup, "osup": osup,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2),
        "station_same": station_contact(st1), "station_other": station_contact(st2),
        "postdoc_own": postdoc_user(p1), "postdoc_other": postdoc_user(p2),
        "sup_station": supervisor_user(ssup), "sup_base": supervisor_user(bsup),
        "sup_other": supervisor_user(osup), "expert": user_with_role(Role.EXPERT, ExpertFactory()),
    }  # fmt: skip


shared_world = once_per_module(_build_world)


ROLES = ["region", "bureau_same", "bureau_other", "base_same", "base_other", "station_same", "station_other",
         "postdoc_own", "postdoc_other", "sup_station", "sup_base", "sup_other", "expert"]  # fmt: skip
SUPERVISORS = {"sup_station", "sup_base"}
VISIBLE = {"region", "bureau_same", "base_same", "station_same", "postdoc_own", "sup_station", "sup_base"}


def appointment(w, state=S.IN_BASE, postdoc=None, **kwargs):
    fields = {"station_supervisor": w["ssup"], "base_supervisor": w["bsup"], **kwargs}
    return make_appointment(w["b1"], w["st1"], postdoc or w["p1"], state=state, complete=True, **fields)


def pdf(name="证明.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def create(w, a=None, who="postdoc_own", kind=K.PAPER, uploaded="default", **kwargs):
    uploaded = pdf() if uploaded == "default" else uploaded
    # Without ``a``: the postdoc's live appointment, made on first use (a postdoc has one at a time, Art. 13).
    a = (
        a
        or Appointment.objects.filter(postdoc=w["p1"], state__in=LIVE_APPOINTMENT_STATES).first()
        or appointment(w)
    )
    return services.output_create(actor=w[who], appointment=a, uploaded=uploaded,
                                  **output_fields(kind, **kwargs))  # fmt: skip


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def codes(refused) -> list[str]:
    return [f.code for f in refused.value.findings]


def errors_of(w, kind=K.PAPER, **kwargs) -> dict:
    with pytest.raises(ValidationError) as error:
        create(w, kind=kind, **kwargs)
    assert Output.objects.count() == 0
    return error.value.message_dict


# --- entering ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_only_the_postdoc_themself_enters_outputs(world, who):
    a = appointment(world)
    if who == "postdoc_own":
        o = create(world, a, who)
        assert (o.state, o.kind, o.appointment_id, o.evidence_name) == (
            O.SUBMITTED,
            K.PAPER,
            a.pk,
            "证明.pdf",
        )
        assert [
            e.action for e in AuditEvent.objects.filter(subject_id=str(o.pk), subject_type="tenure.output")
        ] == ["create"]
    else:
        with pytest.raises(TransitionRefused) as refused:
            create(world, a, who)
        assert codes(refused) == ["kernel.not_permitted"]
        assert Output.objects.count() == 0


@pytest.mark.parametrize(
    "state", [S.ENTERED, S.FILING_SUBMITTED, S.IN_BASE, S.EXIT_REQUESTED, S.EXIT_ASSESSED]
)
def test_outputs_are_entered_during_the_stay(world, state):
    assert create(world, appointment(world, state=state, entry_date=date(2026, 1, 31))).pk


@pytest.mark.parametrize("state", [S.DRAFTED, S.SIGNED, S.EXITED, S.WITHDRAWN])
def test_outputs_are_refused_outside_the_stay(world, state):
    a = appointment(world, state=state, entry_date=date(2026, 1, 31))
    with pytest.raises(TransitionRefused) as refused:
        create(world, a)
    assert codes(refused) == ["art17.not_in_stay"]
    assert refused.value.findings[0].article == "第十七条"
    assert Output.objects.count() == 0


@pytest.mark.parametrize("kind", list(K))
def test_every_kind_with_its_facts_is_accepted(world, kind):
    o = create(world, kind=kind)
    assert o.kind == kind


def test_title_is_required(world):
    assert set(errors_of(world, title="  ")) == {"title"}


def test_kind_must_be_known(world):
    with pytest.raises(ValidationError) as error:
        services.output_create(actor=world["postdoc_own"], appointment=appointment(world), uploaded=pdf(),
                               kind="poem", title="诗", occurred_on=date(2026, 6, 1))  # fmt: skip
    assert set(error.value.message_dict) == {"kind"}


def test_date_is_required(world):
    assert set(errors_of(world, occurred_on=None)) == {"occurred_on"}


def test_date_in_the_future_is_refused_today_is_accepted(world):
    today = timezone.localdate()
    assert "不能晚于今天" in errors_of(world, occurred_on=today + timedelta(days=1))["occurred_on"][0]
    assert create(world, occurred_on=today).occurred_on == today


def test_date_before_entry_is_refused_the_entry_day_is_accepted(world):
    a = appointment(world)  # entered 2026-01-31
    with pytest.raises(ValidationError) as error:
        create(world, a, occurred_on=date(2026, 1, 30))
    assert "2026-01-31" in error.value.message_dict["occurred_on"][0]
    assert create(world, a, occurred_on=date(2026, 1, 31)).pk


def test_evidence_is_required(world):
    assert errors_of(world, uploaded=None) == {"evidence": ["请上传证明材料。"]}


def test_evidence_must_be_a_document(world):
    bad = SimpleUploadedFile("x.exe", b"MZ\x90\x00binary", content_type="application/octet-stream")
    assert set(errors_of(world, uploaded=bad)) == {"evidence"}


def test_all_errors_are_reported_at_once(world):
    assert set(errors_of(world, title="", occurred_on=None, uploaded=None)) == {
        "title",
        "occurred_on",
        "evidence",
    }


@pytest.mark.parametrize("missing", ["level", "role"])
def test_project_needs_level_and_role(world, missing):
    assert set(errors_of(world, K.PROJECT, **{missing: ""})) == {missing}


@pytest.mark.parametrize("kind", [K.AWARD, K.STANDARD])
def test_award_and_standard_need_a_level(world, kind):
    assert set(errors_of(world, kind, level="")) == {"level"}


def test_level_must_be_a_known_level(world):
    assert set(errors_of(world, K.PROJECT, level="galactic")) == {"level"}


def test_tech_transfer_needs_the_income(world):
    assert set(errors_of(world, K.TECH_TRANSFER, amount_yuan=None)) == {"amount_yuan"}


def test_tech_transfer_needs_the_postdocs_share(world):
    assert set(errors_of(world, K.TECH_TRANSFER, postdoc_share_yuan=None)) == {"postdoc_share_yuan"}


def test_tech_transfer_share_above_the_income_is_refused_equal_is_accepted(world):
    message = errors_of(world, K.TECH_TRANSFER, amount_yuan=100000, postdoc_share_yuan=100001)
    assert "第二十条" in message["postdoc_share_yuan"][0]
    o = create(world, kind=K.TECH_TRANSFER, amount_yuan=100000, postdoc_share_yuan=100000)
    assert (o.amount_yuan, o.postdoc_share_yuan) == (100000, 100000)


def test_economic_benefit_needs_the_amount(world):
    assert set(errors_of(world, K.ECONOMIC_BENEFIT, amount_yuan=None)) == {"amount_yuan"}


@pytest.mark.parametrize("kind", [K.NATIONAL_FUNDED, K.CPSF_GRANT])
def test_programme_and_grant_amount_is_optional(world, kind):
    assert create(world, kind=kind, amount_yuan=None).amount_yuan is None


def test_negative_or_non_integer_amounts_are_refused(world):
    assert set(errors_of(world, K.ECONOMIC_BENEFIT, amount_yuan=-1)) == {"amount_yuan"}
    assert set(errors_of(world, K.ECONOMIC_BENEFIT, amount_yuan="12.5")) == {"amount_yuan"}


def test_facts_that_do_not_belong_to_the_kind_are_not_stored(world):
    o = create(world, kind=K.PAPER, level="national", role="led", postdoc_share_yuan=5)
    assert (o.level, o.role, o.postdoc_share_yuan) == ("", "", None)


@pytest.mark.parametrize(
    "kind, extra",
    [(K.NATIONAL_FUNDED, {}), (K.CPSF_GRANT, {}), (K.PROJECT, {"level": "national", "role": "led"}),
     (K.PROJECT, {"level": "provincial", "role": "led"})],
)  # fmt: skip
def test_the_art22_title_route_outputs_can_be_entered_and_confirmed(world, kind, extra):
    o = create(world, kind=kind, **extra)
    o = output_workflow.apply(o, "confirm", actor=world["sup_base"])
    assert (o.state, o.kind, o.level, o.role) == (
        O.CONFIRMED,
        kind,
        extra.get("level", ""),
        extra.get("role", ""),
    )


def test_new_output_notifies_both_supervisors(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        create(world)
    assert set(Notification.objects.values_list("recipient__username", flat=True)) == {
        world["sup_station"].username, world["sup_base"].username,
    }  # fmt: skip


# --- transitions ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(
    "action, comment, target", [("confirm", "", O.CONFIRMED), ("return", "请补充专利号", O.RETURNED)]
)
def test_confirm_and_return_are_for_the_two_supervisors_only(world, who, action, comment, target):
    o = make_output(appointment(world))
    if who in SUPERVISORS:
        o = output_workflow.apply(o, action, actor=world[who], comment=comment)
        assert o.state == target
    else:
        with pytest.raises(TransitionRefused) as refused:
            output_workflow.apply(o, action, actor=world[who], comment=comment)
        assert codes(refused) == ["kernel.not_permitted"]
        o.refresh_from_db()
        assert (o.state, o.confirmed_by_id) == (O.SUBMITTED, None)


@pytest.mark.parametrize("who", ROLES)
def test_resubmit_is_for_the_postdoc_only(world, who):
    o = make_output(appointment(world), state=O.RETURNED)
    if who == "postdoc_own":
        assert output_workflow.apply(o, "resubmit", actor=world[who]).state == O.SUBMITTED
    else:
        with pytest.raises(TransitionRefused) as refused:
            output_workflow.apply(o, "resubmit", actor=world[who])
        assert codes(refused) == ["kernel.not_permitted"]
        o.refresh_from_db()
        assert o.state == O.RETURNED


@pytest.mark.parametrize("who, supervisor", [("sup_station", "ssup"), ("sup_base", "bsup")])
def test_confirm_records_the_supervisor_and_the_day(world, who, supervisor):
    o = output_workflow.apply(make_output(appointment(world)), "confirm", actor=world[who])
    assert (o.confirmed_by, o.confirmed_on) == (world[supervisor], timezone.localdate())
    event = AuditEvent.objects.get(subject_type="tenure.output", subject_id=str(o.pk), action="confirm")
    assert (event.role, event.from_state, event.to_state) == (Role.SUPERVISOR, O.SUBMITTED, O.CONFIRMED)


def test_return_needs_a_comment(world):
    o = make_output(appointment(world))
    with pytest.raises(TransitionRefused) as refused:
        output_workflow.apply(o, "return", actor=world["sup_base"])
    assert codes(refused) == ["kernel.comment_required"]


@pytest.mark.parametrize(
    "state, action, who",
    [(O.CONFIRMED, "confirm", "sup_base"), (O.CONFIRMED, "return", "sup_base"), (O.RETURNED, "confirm", "sup_base"),
     (O.SUBMITTED, "resubmit", "postdoc_own"), (O.CONFIRMED, "resubmit", "postdoc_own")],
)  # fmt: skip
def test_actions_from_the_wrong_state_are_refused(world, state, action, who):
    o = make_output(appointment(world), state=state)
    with pytest.raises(TransitionRefused) as refused:
        output_workflow.apply(o, action, actor=world[who], comment="意见")
    assert codes(refused) == ["kernel.wrong_state"]


def test_a_supervisor_of_another_appointment_cannot_confirm(world):
    a = appointment(world, base_supervisor=world["osup"])
    o = make_output(a)
    with pytest.raises(TransitionRefused):
        output_workflow.apply(o, "confirm", actor=world["sup_base"])
    assert output_workflow.apply(o, "confirm", actor=world["sup_other"]).confirmed_by == world["osup"]


# --- to-do items ---------------------------------------------------------------------------------------
def _open(kind=None):
    qs = Obligation.objects.filter(status=ObligationStatus.OPEN)
    return qs.filter(kind=kind) if kind else qs


def test_each_supervisor_sees_the_confirmation_and_the_postdoc_the_revision(world):
    o = create(world)
    for who in ("sup_station", "sup_base"):
        assert [ob.title for ob in obligations_for(world[who])] == ["确认在站成果"]
    assert list(obligations_for(world["sup_other"])) == []
    output_workflow.apply(o, "return", actor=world["sup_station"], comment="请补充出处")
    assert not _open("output_confirm_station").exists() and not _open("output_confirm_base").exists()
    assert [ob.title for ob in obligations_for(world["postdoc_own"])] == ["修改在站成果"]
    assert list(obligations_for(world["postdoc_other"])) == []
    output_workflow.apply(o, "resubmit", actor=world["postdoc_own"])
    assert Obligation.objects.get(kind="output_revise").status == ObligationStatus.MET
    assert _open().count() == 2
    output_workflow.apply(o, "confirm", actor=world["sup_base"])
    assert _open().count() == 0


def test_no_orphan_item_when_a_supervisor_is_not_named(world):
    create(world, appointment(world, state=S.ENTERED, station_supervisor=None))
    assert list(_open().values_list("kind", "scope_id")) == [("output_confirm_base", world["bsup"].pk)]


# --- correcting ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("state", [O.SUBMITTED, O.RETURNED])
def test_postdoc_corrects_an_unconfirmed_output_and_it_is_audited(world, state):
    o = make_output(appointment(world), state=state)
    o = services.output_update(actor=world["postdoc_own"], output=o, title="乳酸菌代谢组学研究")
    assert (o.title, o.state) == ("乳酸菌代谢组学研究", state)
    event = AuditEvent.objects.get(subject_type="tenure.output", subject_id=str(o.pk), action="update")
    assert event.diff["title"] == ["乳酸菌代谢研究", "乳酸菌代谢组学研究"]


def test_a_confirmed_output_is_read_only(world):
    o = make_output(appointment(world), state=O.CONFIRMED)
    with pytest.raises(TransitionRefused) as refused:
        services.output_update(actor=world["postdoc_own"], output=o, title="改")
    assert codes(refused) == ["art17.confirmed_read_only"]
    o.refresh_from_db()
    assert o.title == "乳酸菌代谢研究"
    assert not AuditEvent.objects.filter(subject_type="tenure.output").exists()


@pytest.mark.parametrize("who", [r for r in ROLES if r != "postdoc_own"])
def test_only_the_postdoc_corrects(world, who):
    o = make_output(appointment(world))
    with pytest.raises(TransitionRefused) as refused:
        services.output_update(actor=world[who], output=o, title="改")
    assert codes(refused) == ["kernel.not_permitted"]
    o.refresh_from_db()
    assert o.title == "乳酸菌代谢研究"


def test_a_correction_is_validated_and_leaves_the_row_unchanged(world):
    o = make_output(appointment(world), K.TECH_TRANSFER)
    with pytest.raises(ValidationError) as error:
        services.output_update(actor=world["postdoc_own"], output=o, postdoc_share_yuan=600000)
    assert set(error.value.message_dict) == {"postdoc_share_yuan"}
    o.refresh_from_db()
    assert o.postdoc_share_yuan == 100000


def test_a_new_evidence_file_replaces_the_old(world):
    o = make_output(appointment(world))
    o = services.output_update(actor=world["postdoc_own"], output=o, uploaded=pdf("新证明.pdf"))
    assert o.evidence_name == "新证明.pdf"


# --- scoping -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_outputs_are_scoped_like_appointments(world, who):
    mine = make_output(appointment(world))
    other = make_output(
        appointment(world, postdoc=world["p2"], station_supervisor=None, base_supervisor=world["osup"])
    )
    visible = set(outputs_visible_to(world[who]).values_list("pk", flat=True))
    both = {"region", "bureau_same", "base_same", "station_same"}
    expected = {"postdoc_own": {mine.pk}, "postdoc_other": {other.pk}, "sup_station": {mine.pk},
                "sup_base": {mine.pk}, "sup_other": {other.pk}}.get(who, {mine.pk, other.pk} if who in both
                                                                     else set())  # fmt: skip
    assert visible == expected
    c = login(world[who])
    code = 200 if who in VISIBLE else 404
    assert c.get(f"/tenure/outputs/{mine.pk}/").status_code == code
    assert c.get(f"/tenure/outputs/{mine.pk}/evidence/").status_code == code
    assert c.get(f"/api/v1/outputs/{mine.pk}").status_code == code
    assert c.get(f"/api/v1/outputs/{mine.pk}/evidence").status_code == code


def test_one_postdoc_cannot_see_anothers_output_through_any_page_endpoint_or_export(world):
    make_output(appointment(world), title="甲的论文")
    theirs = make_output(appointment(world, postdoc=world["p2"]), title="乙的论文")
    c = login(world["postdoc_own"])
    assert "乙的论文" not in c.get("/tenure/outputs/").content.decode()
    assert "甲的论文" in c.get("/tenure/outputs/").content.decode()
    assert c.get(f"/tenure/outputs/{theirs.pk}/").status_code == 404
    assert c.get(f"/tenure/outputs/{theirs.pk}/evidence/").status_code == 404
    assert c.get(f"/tenure/outputs/{theirs.pk}/edit/").status_code == 404
    assert c.post(f"/tenure/outputs/{theirs.pk}/transition/", {"action": "resubmit"}).status_code == 404
    titles = [i["title"] for i in c.get("/api/v1/outputs").json()["items"]]
    assert titles == ["甲的论文"]
    assert c.get(f"/api/v1/outputs/{theirs.pk}").status_code == 404
    assert c.get(f"/api/v1/outputs/{theirs.pk}/history").status_code == 404
    assert [row[3] for row in xlsx_rows(c.get("/tenure/outputs/export/"))[1:]] == ["甲的论文"]


def test_two_bureaus_do_not_leak(world):
    b2_appointment = make_appointment(world["b2"], world["st2"], make_postdoc(world["b2"], ID_X, name="乌云"), state=S.IN_BASE,
                                      complete=True)  # fmt: skip
    theirs = make_output(b2_appointment, title="包头的成果")
    make_output(appointment(world), title="呼和浩特的成果")
    for who, sees in (("bureau_same", "呼和浩特的成果"), ("bureau_other", "包头的成果")):
        c = login(world[who])
        assert [i["title"] for i in c.get("/api/v1/outputs").json()["items"]] == [sees]
        assert sees in c.get("/tenure/outputs/").content.decode()
    assert login(world["bureau_same"]).get(f"/tenure/outputs/{theirs.pk}/").status_code == 404


# --- pages ---------------------------------------------------------------------------------------------
def test_postdoc_enters_from_the_appointment_page_and_a_supervisor_confirms(world):
    a = appointment(world)
    pc = login(world["postdoc_own"])
    assert "登记成果" in pc.get(a.get_absolute_url()).content.decode()
    form = {"kind": "project", "title": "乳业关键技术攻关", "occurred_on": "2026-06-01", "level": "provincial",
            "role": "led", "reference": "2026ZD01", "evidence": pdf()}  # fmt: skip
    r = pc.post(f"/tenure/appointments/{a.pk}/outputs/new/", form)
    o = Output.objects.get()
    assert r.status_code == 302 and r.url == o.get_absolute_url()
    assert (o.level, o.role, o.evidence_name) == ("provincial", "led", "证明.pdf")
    sc = login(world["sup_station"])
    page = sc.get(o.get_absolute_url()).content.decode()
    assert "确认成果" in page and "退回修改" in page and 'data-testid="output-edit"' not in page
    sc.post(f"/tenure/outputs/{o.pk}/transition/", {"action": "confirm"})
    o.refresh_from_db()
    assert (o.state, o.confirmed_by) == (O.CONFIRMED, world["ssup"])
    page = pc.get(o.get_absolute_url()).content.decode()
    assert "导师已确认" in page and "李教授" in page and 'data-testid="output-edit"' not in page


def test_page_form_shows_each_field_error(world):
    a = appointment(world)
    r = login(world["postdoc_own"]).post(f"/tenure/appointments/{a.pk}/outputs/new/",
                                         {"kind": "tech_transfer", "title": "转让", "occurred_on": "2026-06-01",
                                          "amount_yuan": "100", "postdoc_share_yuan": "200"})  # fmt: skip
    page = r.content.decode()
    assert r.status_code == 200 and "本人所得不能超过成果转化收益" in page and "请上传证明材料" in page
    assert Output.objects.count() == 0


def test_returned_output_is_edited_and_resubmitted_on_the_page(world):
    o = make_output(appointment(world), state=O.RETURNED)
    c = login(world["postdoc_own"])
    assert 'data-testid="output-edit"' in c.get(o.get_absolute_url()).content.decode()
    r = c.post(
        f"/tenure/outputs/{o.pk}/edit/", {"kind": "paper", "title": "新题目", "occurred_on": "2026-06-02"}
    )
    assert r.status_code == 302
    c.post(f"/tenure/outputs/{o.pk}/transition/", {"action": "resubmit"})
    o.refresh_from_db()
    assert (o.title, o.occurred_on, o.state, o.evidence_name) == (
        "新题目",
        date(2026, 6, 2),
        O.SUBMITTED,
        "证明.pdf",
    )


def test_create_page_is_hidden_from_others(world):
    a = appointment(world)
    for who in ("base_same", "sup_base", "postdoc_other"):
        c = login(world[who])
        assert 'data-testid="output-add"' not in c.get(a.get_absolute_url()).content.decode()
        assert c.get(f"/tenure/appointments/{a.pk}/outputs/new/").status_code == 404


def test_list_filters_by_state_and_kind_and_the_export_follows(world):
    a = appointment(world)
    make_output(a, K.PAPER, title="论文甲")
    make_output(a, K.PATENT, title="专利乙", state=O.CONFIRMED)
    c = login(world["base_same"])
    page = c.get("/tenure/outputs/?kind=patent").content.decode()
    assert "专利乙" in page and "论文甲" not in page
    page = c.get("/tenure/outputs/?state=submitted").content.decode()
    assert "论文甲" in page and "专利乙" not in page
    assert "?kind=patent" in c.get("/tenure/outputs/?kind=patent").content.decode()
    r = c.get("/tenure/outputs/export/?kind=patent")
    rows = xlsx_rows(r)
    assert rows[0][:4] == ("博士后研究人员", "基地", "成果类型", "名称")
    assert [r[3] for r in rows[1:]] == ["专利乙"]


# --- API -----------------------------------------------------------------------------------------------
def test_api_create_update_transitions_and_history(world):
    a = appointment(world)
    c = login(world["postdoc_own"])
    data = {"appointment": a.pk, "kind": "tech_transfer", "title": "技术转让", "occurred_on": "2026-06-01",
            "amount_yuan": "500000", "postdoc_share_yuan": "100000", "evidence": pdf()}  # fmt: skip
    r = c.post("/api/v1/outputs", data)
    assert r.status_code == 201, r.content
    body = r.json()
    pk = body["id"]
    assert (body["state"], body["kind_label"], body["postdoc_share_yuan"], body["has_evidence"]) == (
        "submitted", "科技成果转化", 100000, True,
    )  # fmt: skip
    r = c.patch(f"/api/v1/outputs/{pk}", {"title": "技术许可"}, content_type="application/json")
    assert (r.status_code, r.json()["title"], r.json()["amount_yuan"]) == (200, "技术许可", 500000)
    r = c.patch(f"/api/v1/outputs/{pk}", {"postdoc_share_yuan": 900000}, content_type="application/json")
    assert r.status_code == 422 and "postdoc_share_yuan" in r.json()["errors"]
    assert c.get(f"/api/v1/outputs/{pk}/transitions").json() == []
    s = login(world["sup_base"])
    assert [x["action"] for x in s.get(f"/api/v1/outputs/{pk}/transitions").json()] == ["confirm", "return"]
    r = s.post(f"/api/v1/outputs/{pk}/transitions", {"action": "confirm"}, content_type="application/json")
    assert r.json()["state"] == "confirmed"
    r = c.patch(f"/api/v1/outputs/{pk}", {"title": "改"}, content_type="application/json")
    assert r.status_code == 409
    assert [e["action"] for e in c.get(f"/api/v1/outputs/{pk}/history").json()] == [
        "create",
        "update",
        "confirm",
    ]
    detail = c.get(f"/api/v1/outputs/{pk}").json()
    assert (detail["confirmed_by_name"], detail["confirmed_on"]) == ("王工", timezone.localdate().isoformat())


def test_api_create_refusals(world):
    a = appointment(world)
    data = {"appointment": a.pk, "kind": "paper", "title": "论文", "occurred_on": "2026-06-01"}
    assert login(world["base_same"]).post("/api/v1/outputs", {**data, "evidence": pdf()}).status_code == 403
    assert (
        login(world["postdoc_other"]).post("/api/v1/outputs", {**data, "evidence": pdf()}).status_code == 404
    )
    r = login(world["postdoc_own"]).post("/api/v1/outputs", data)
    assert r.status_code == 422 and "evidence" in r.json()["errors"]
    assert Output.objects.count() == 0


def test_api_list_filters(world):
    a = appointment(world)
    make_output(a, K.PAPER)
    make_output(a, K.PATENT, state=O.CONFIRMED)
    c = login(world["region"])
    assert [i["kind"] for i in c.get("/api/v1/outputs?kind=patent").json()["items"]] == ["patent"]
    assert [i["state"] for i in c.get("/api/v1/outputs?state=submitted").json()["items"]] == ["submitted"]
    assert c.get("/api/v1/outputs?page_size=1").json()["count"] == 2


# --- query counts --------------------------------------------------------------------------------------
def _rows(w, n):
    made = []
    for i in range(n):
        p = make_postdoc(
            w["b1"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国", name=f"巴图{i}"
        )
        made.append(
            make_output(
                appointment(w, postdoc=p),
                title=f"成果{i}号",
                state=O.CONFIRMED,
                confirmed_by=w["bsup"],
                confirmed_on=date(2026, 7, 1),
            )
        )
    return made


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize("url", ["/tenure/outputs/", "/api/v1/outputs", "/tenure/outputs/export/"])
def test_output_list_query_count_does_not_grow(world, django_assert_max_num_queries, rows, url):
    made = _rows(world, rows)
    c = login(world["base_same"])
    c.get(url)
    with django_assert_max_num_queries(6):
        response = c.get(url)
        assert response.status_code == 200
        cells = xlsx_cells(response) if url.endswith("export/") else None  # a streamed sheet queries as read
    titles = {o.title for o in made}
    if cells is not None:
        assert titles <= cells
    elif url.startswith("/api/"):
        assert json_ids(response) == {o.pk for o in made}
        assert {i["title"] for i in response.json()["items"]} == titles
    else:
        assert_rows_shown(response, sorted(titles) + [o.get_absolute_url() for o in made])


@pytest.mark.parametrize("rows", [1, 20])
def test_appointment_section_query_count_does_not_grow(world, django_assert_max_num_queries, rows):
    from tests.factories.outputs import make_pay

    a = appointment(world)
    for i in range(rows):
        make_output(
            a, title=f"论文{i}", confirmed_by=world["bsup"], confirmed_on=date(2026, 7, 1), state=O.CONFIRMED
        )
    make_pay(a, 2026)
    c = login(world["base_same"])
    c.get(a.get_absolute_url())
    with django_assert_max_num_queries(30):
        page = c.get(a.get_absolute_url()).content.decode()
    assert page.count('data-output="') == rows and 'data-pay="2026"' in page
    assert all(f"论文{i}" in page for i in range(rows))


@pytest.mark.parametrize("rows", [1, 20])
def test_appointment_section_alone_has_a_fixed_query_count(world, rows, rf):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from postdoc_base.accounts.models import User
    from postdoc_base.tenure.outputs.views import appointment_section
    from postdoc_base.tenure.stay.selectors import appointments_visible_to
    from tests.factories.outputs import make_pay

    a = appointment(world)
    for i in range(rows):
        make_output(
            a, title=f"论文{i}", confirmed_by=world["bsup"], confirmed_on=date(2026, 7, 1), state=O.CONFIRMED
        )
        make_pay(a, 2026 - i) if i < 2 else None
    request = rf.get("/")
    request.user = User.objects.get(pk=world["base_same"].pk)
    request.user.assignments  # noqa: B018 - loaded once per request, as the middleware does
    a = appointments_visible_to(request.user).get(pk=a.pk)
    with CaptureQueriesContext(connection) as ctx:
        section = appointment_section(request, a)
        for o in section["outputs"]:
            str(o.confirmed_by), o.get_absolute_url()
    assert len(ctx) == 4
    assert len(section["outputs"]) == rows and section["pay_visible"] and section["pay_form"] is not None
    assert sorted(o.title for o in section["outputs"]) == sorted(f"论文{i}" for i in range(rows))
