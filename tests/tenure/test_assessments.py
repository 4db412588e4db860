"""Mid-term and exit assessments (Arts. 7, 17, 18) on the review module, and each base's indicator system.

The base's unit administrator forms a joint panel (base academic committee + partner station experts, at
least three, a supervisor may sit but not chair), the experts score on the review pages, and the unit
administrator grades: 不合格 opens an Art. 23(3) withdrawal case, a passed exit assessment moves the
appointment on, 优秀 may be recorded as an award."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.tenure import AssessmentGrade as G
from postdoc_base.policy.tenure import AssessmentKind as K
from postdoc_base.policy.tenure import WithdrawalReason
from postdoc_base.review.enums import AssignmentState, PanelPhase, PanelPurpose
from postdoc_base.review.models import Assignment, Panel
from postdoc_base.review.workflow import assignment_workflow
from postdoc_base.tenure.assessments import services
from postdoc_base.tenure.assessments.enums import AssessmentState as A
from postdoc_base.tenure.assessments.models import Assessment, AssessmentScheme
from postdoc_base.tenure.assessments.selectors import assessments_visible_to
from postdoc_base.tenure.assessments.workflow import assessment_workflow
from postdoc_base.tenure.outputs.enums import OutputKind, OutputState
from postdoc_base.tenure.outputs.models import Output
from postdoc_base.tenure.stay.enums import LIVE_APPOINTMENT_STATES
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.models import Appointment
from postdoc_base.tenure.stay.workflow import appointment_workflow
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from tests.factories import ExpertFactory, StationFactory, bureau, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.assessments import due_in, formed, joint_experts, make_assessment, score_all
from tests.factories.pages import assert_rows_shown, json_ids, xlsx_rows
from tests.factories.people import ID_1988, make_postdoc, postdoc_user, supervisor_user
from tests.factories.review import expert_with_account
from tests.factories.shared import once_per_module
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _build_world():
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    st1, st2 = StationFactory(university="内蒙古大学"), StationFactory(university="内蒙古工业大学")
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


shared_world = once_per_module(_build_world)


ROLES = ["region", "bureau_same", "bureau_other", "base_same", "base_other", "station_same", "station_other",
         "postdoc_own", "postdoc_other", "supervisor_own", "expert"]  # fmt: skip
VISIBLE = {"region", "bureau_same", "base_same", "station_same", "postdoc_own", "supervisor_own"}


def appointment(w, state=S.IN_BASE, postdoc=None):
    return make_appointment(w["b1"], w["st1"], postdoc or w["p1"], state=state, complete=True,
                            station_supervisor=w["ssup"], base_supervisor=w["bsup"])  # fmt: skip


def fresh(user):
    return type(user).objects.get(pk=user.pk)


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def codes(refused) -> list[str]:
    return [f.code for f in refused.value.findings]


def under_review(w, kind=K.MIDTERM, a=None, n_base=2, n_station=1):
    """An assessment with a formed joint panel; returns (assessment, [(expert, user), ...])."""
    assessment = make_assessment(a or appointment(w), kind=kind)
    people = joint_experts(assessment.appointment, n_base, n_station)
    return formed(fresh(w["base_same"]), assessment, people), people


def scored(w, kind=K.MIDTERM, a=None, values=(80, 90, 85)):
    assessment, people = under_review(w, kind, a)
    for (_e, user), value in zip(people, values, strict=True):
        score_all(assessment, fresh(user), value)
    return Assessment.objects.get(pk=assessment.pk), people


# --- the indicator system ------------------------------------------------------------------------------
def test_scheme_defaults_to_the_art17_list_without_writing(world):
    scheme = services.scheme_for(world["b1"])
    assert scheme.pk is None and scheme.midterm_months == 12
    assert [i["weight"] for i in scheme.indicators] == [10] * 10
    assert scheme.indicators[0]["label"] == "专利"
    assert AssessmentScheme.objects.count() == 0


def _weights(**overrides):
    keys = [i["key"] for i in services.default_indicators()]
    return {k: overrides.get(k, 10) for k in keys}


def test_scheme_save_by_the_unit_admin_is_audited(world):
    w = _weights(patents=30, inventions=0, technical_innovation=0)
    scheme = services.scheme_save(actor=world["base_same"], base=world["b1"], weights=w, midterm_months=18)
    assert scheme.midterm_months == 18 and sum(i["weight"] for i in scheme.indicators) == 100
    event = AuditEvent.objects.get(subject_type="tenure.assessmentscheme", subject_id=str(scheme.pk))
    assert event.action == "create" and event.diff["midterm_months"] == [None, 18]
    services.scheme_save(actor=world["base_same"], base=world["b1"], weights=_weights(), midterm_months=12)
    assert AssessmentScheme.objects.get(pk=scheme.pk).indicators[0]["weight"] == 10


@pytest.mark.parametrize(
    "weights, message",
    [
        (_weights(patents=20), "各项指标权重之和须为100，当前为110。"),
        (_weights(patents=-10, inventions=30), "指标“专利”的权重须为不小于0的整数。"),
        (_weights(patents="十"), "指标“专利”的权重须为不小于0的整数。"),
        ({"patents": 100}, "请填写指标“发明”的权重。"),
        ({**_weights(), "magic": 0}, "未知的考核指标“magic”。"),
    ],
)
def test_scheme_weights_must_be_whole_non_negative_and_sum_to_100(world, weights, message):
    with pytest.raises(ValidationError) as error:
        services.scheme_save(actor=world["base_same"], base=world["b1"], weights=weights, midterm_months=12)
    assert message in error.value.message_dict["weights"]
    assert AssessmentScheme.objects.count() == 0


@pytest.mark.parametrize("months", [0, 49, "x"])
def test_scheme_midterm_months_is_bounded(world, months):
    with pytest.raises(ValidationError) as error:
        services.scheme_save(
            actor=world["base_same"], base=world["b1"], weights=_weights(), midterm_months=months
        )
    assert set(error.value.message_dict) == {"midterm_months"}


@pytest.mark.parametrize("who", [r for r in ROLES if r != "base_same"])
def test_scheme_is_saved_by_the_base_only(world, who):
    with pytest.raises(TransitionRefused) as refused:
        services.scheme_save(actor=world[who], base=world["b1"], weights=_weights(), midterm_months=12)
    assert codes(refused) == ["kernel.not_permitted"]


@pytest.mark.parametrize("months, due", [(None, date(2027, 1, 31)), (18, date(2027, 7, 31))])
def test_midterm_due_follows_the_base_scheme_at_filing(world, months, due):
    if months:
        services.scheme_save(
            actor=world["base_same"], base=world["b1"], weights=_weights(), midterm_months=months
        )
    a = appointment(world, state=S.FILING_SUBMITTED)  # entry 2026-01-31
    appointment_workflow.apply(a, "accept_filing", actor=world["region"])
    midterm = Assessment.objects.get(appointment=a, kind=K.MIDTERM)
    assert (midterm.due_on, midterm.state) == (due, A.SCHEDULED)
    obligation = Obligation.objects.get(kind="assessment_organise", status=ObligationStatus.OPEN)
    assert (obligation.due_on, obligation.scope_id, obligation.responsible_role) == (
        due,
        world["b1"].unit_id,
        Role.UNIT_ADMIN,
    )
    # A later change of timing does not move the scheduled assessment.
    services.scheme_save(actor=world["base_same"], base=world["b1"], weights=_weights(), midterm_months=6)
    assert Assessment.objects.get(pk=midterm.pk).due_on == due


def test_scheme_page_unit_admin_edits_region_and_bureau_read(world):
    c = login(world["base_same"])
    page = c.get("/tenure/assessment-scheme/").content.decode()
    assert 'data-testid="scheme-form"' in page and "已安排的考核时间不变" in page
    data = {"base": world["b1"].pk, "midterm_months": 15, **{f"weight_{k}": v for k, v in _weights().items()}}
    r = c.post("/tenure/assessment-scheme/", {**data, "weight_patents": 50})
    assert r.status_code == 200 and "各项指标权重之和须为100，当前为140。" in r.content.decode()
    assert AssessmentScheme.objects.count() == 0
    assert c.post("/tenure/assessment-scheme/", data).status_code == 302
    assert AssessmentScheme.objects.get(base=world["b1"]).midterm_months == 15
    for who in ("region", "bureau_same"):
        page = login(world[who]).get(f"/tenure/assessment-scheme/?base={world['b1'].pk}").content.decode()
        assert 'data-testid="scheme-form"' not in page and world["b1"].name in page
        assert login(world[who]).post("/tenure/assessment-scheme/", data).status_code == 403
    page = (
        login(world["bureau_other"]).get(f"/tenure/assessment-scheme/?base={world['b1'].pk}").content.decode()
    )
    assert world["b1"].name not in page
    assert login(world["postdoc_own"]).get("/tenure/assessment-scheme/").status_code == 403


def test_scheme_api_get_and_put(world):
    c = login(world["base_same"])
    url = f"/api/v1/assessment-schemes/{world['b1'].pk}"
    body = c.get(url).json()
    assert body["stored"] is False and len(body["indicators"]) == 10
    r = c.put(url, {"weights": _weights(patents=5), "midterm_months": 12}, content_type="application/json")
    assert r.status_code == 422 and AssessmentScheme.objects.count() == 0
    r = c.put(url, {"weights": _weights(), "midterm_months": 18}, content_type="application/json")
    assert r.status_code == 200 and r.json()["midterm_months"] == 18 and r.json()["stored"] is True
    assert login(world["region"]).get(url).status_code == 200
    r = login(world["region"]).put(
        url, {"weights": _weights(), "midterm_months": 12}, content_type="application/json"
    )
    assert r.status_code == 403
    assert login(world["bureau_other"]).get(url).status_code == 404


# --- forming the panel ---------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_form_panel_is_for_the_base_unit_admin_only(world, who):
    assessment = make_assessment(appointment(world))
    people = joint_experts(assessment.appointment)
    if who == "base_same":
        done = formed(world[who], assessment, people)
        assert done.state == A.UNDER_REVIEW and done.panel.purpose == PanelPurpose.ASSESSMENT
        assert done.panel.context == done and not done.panel.blind
        assert Assignment.objects.filter(panel=done.panel).count() == 3
    else:
        with pytest.raises(TransitionRefused) as refused:
            formed(world[who], assessment, people)
        assert codes(refused) == ["kernel.not_permitted"]
        assert Panel.objects.count() == 0 and Assessment.objects.get(pk=assessment.pk).state == A.SCHEDULED


@pytest.mark.parametrize("action", ["form_panel", "grade"])
@pytest.mark.parametrize("who", ROLES)
def test_generic_transitions_are_refused_to_everyone(world, who, action):
    assessment = make_assessment(appointment(world))
    with pytest.raises(TransitionRefused) as refused:
        assessment_workflow.apply(assessment, action, actor=world[who], comment="意见")
    assert codes(refused) == ["kernel.batch_only"]


def test_form_panel_builds_the_rubric_from_the_scheme_skipping_zero_weights(world):
    weights = _weights(patents=20, inventions=0)
    services.scheme_save(actor=world["base_same"], base=world["b1"], weights=weights, midterm_months=12)
    assessment, _people = under_review(world)
    items = list(assessment.panel.rubric.items.values_list("label", "weight"))
    assert (
        len(items) == 9 and items[0] == ("专利", Decimal(20)) and "发明" not in [label for label, _w in items]
    )
    assert assessment.panel.members.get(is_chair=True).expert.name == "基地专家1"
    assert [m.alias for m in assessment.panel.members.all()] == ["专家A", "专家B", "专家C"]
    # Later edits of the scheme do not change the panel's rubric (a snapshot).
    services.scheme_save(actor=world["base_same"], base=world["b1"], weights=_weights(), midterm_months=12)
    assert assessment.panel.rubric.items.count() == 9
    # The grading obligation replaces the organising one, due with the panel.
    open_kinds = set(Obligation.objects.filter(status=ObligationStatus.OPEN).values_list("kind", flat=True))
    assert "assessment_grade" in open_kinds and "assessment_organise" not in open_kinds
    assert {o.kind for o in Obligation.objects.filter(kind="review_score")} == {"review_score"}


def _refused_panel(w, people, chair=None):
    # The appointment the test's experts were chosen for: a postdoc has one live appointment (Art. 13).
    live = Appointment.objects.filter(postdoc=w["p1"], state__in=LIVE_APPOINTMENT_STATES).first()
    assessment = make_assessment(live or appointment(w))
    with pytest.raises(TransitionRefused) as refused:
        formed(fresh(w["base_same"]), assessment, people, chair=chair)
    assert Panel.objects.count() == 0 and Assessment.objects.get(pk=assessment.pk).state == A.SCHEDULED
    return codes(refused)


def test_panel_needs_at_least_three_members(world):
    a = appointment(world)
    assert _refused_panel(world, joint_experts(a, 1, 1)) == ["art17.panel_size.too_small"]


def test_panel_needs_a_base_academic_committee_member(world):
    a = appointment(world)
    assert _refused_panel(world, joint_experts(a, 0, 3)) == ["art17.base_member.missing"]


def test_panel_needs_a_station_expert(world):
    a = appointment(world)
    assert _refused_panel(world, joint_experts(a, 3, 0)) == ["art17.station_member.missing"]


def _supervisor_as_expert(w):
    expert, user = expert_with_account("李教授", employer=w["st1"].university)
    w["ssup"].expert = expert
    w["ssup"].save(update_fields=["expert"])
    return expert, user


def test_a_supervisor_may_not_chair(world):
    sup = _supervisor_as_expert(world)
    people = [sup, *joint_experts(appointment(world), 2, 0)]
    assert _refused_panel(world, people, chair=sup[0].pk) == ["art17.chair.supervisor"]


def test_a_supervisor_may_sit_as_a_plain_member(world):
    sup = _supervisor_as_expert(world)
    a = appointment(world)
    people = [*joint_experts(a, 2, 0), sup]
    done = formed(fresh(world["base_same"]), make_assessment(a), people)
    assert done.state == A.UNDER_REVIEW
    assert done.panel.members.get(expert=sup[0]).is_chair is False


def test_the_postdoc_may_not_assess_themself(world):
    a = appointment(world)
    expert = ExpertFactory(employer=world["b1"].unit.name)
    from postdoc_base.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=world["postdoc_own"], role=Role.EXPERT, expert=expert)
    people = [*joint_experts(a, 1, 2), (expert, world["postdoc_own"])]
    assert _refused_panel(world, people) == ["art17.self_review.postdoc"]


def test_the_chair_must_be_a_member_and_the_date_not_past(world):
    assessment = make_assessment(appointment(world))
    ids = [e.pk for e, _u in joint_experts(assessment.appointment)]
    with pytest.raises(ValidationError) as error:
        services.form_panel(actor=world["base_same"], assessment=assessment, expert_ids=ids,
                            chair_id=ExpertFactory().pk, due_on=date(2020, 1, 1))  # fmt: skip
    assert set(error.value.message_dict) == {"chair_id", "due_on"}
    assert Panel.objects.count() == 0


def test_a_formed_panel_cannot_be_formed_again(world):
    assessment, people = under_review(world)
    with pytest.raises(TransitionRefused) as refused:
        formed(fresh(world["base_same"]), assessment, people)
    assert codes(refused) == ["kernel.wrong_state"]
    assert Panel.objects.count() == 1


# --- grading -------------------------------------------------------------------------------------------
def test_grade_is_refused_before_the_scores_are_in(world):
    assessment, people = under_review(world)
    score_all(assessment, fresh(people[0][1]), 80)
    with pytest.raises(TransitionRefused) as refused:
        services.grade(actor=world["base_same"], assessment=assessment, grade=G.PASS, result="合格。")
    assert codes(refused) == ["art17.scores_pending"]
    assert Assessment.objects.get(pk=assessment.pk).state == A.UNDER_REVIEW


def test_grade_counts_submitted_scores_when_the_rest_are_withdrawn(world):
    assessment, people = under_review(world)
    pending = list(Assignment.objects.filter(panel=assessment.panel).order_by("id"))
    for a in pending:
        assignment_workflow.apply(a, "withdraw", actor=fresh(world["base_same"]), comment="专家回避。")
    with pytest.raises(TransitionRefused) as refused:
        services.grade(actor=world["base_same"], assessment=assessment, grade=G.PASS, result="合格。")
    assert codes(refused) == ["art17.no_scores"]


@pytest.mark.parametrize("who", ROLES)
def test_grade_is_for_the_base_unit_admin_only(world, who):
    assessment, _people = scored(world)
    if who == "base_same":
        graded = services.grade(
            actor=world[who], assessment=assessment, grade=G.PASS, result="完成预期任务。"
        )
        assert (graded.state, graded.grade, graded.score, graded.result) == (A.GRADED, G.PASS, Decimal("85.00"),
                                                                             "完成预期任务。")  # fmt: skip
        assert graded.panel.phase == PanelPhase.CLOSED
    else:
        with pytest.raises(TransitionRefused) as refused:
            services.grade(actor=world[who], assessment=assessment, grade=G.PASS, result="完成预期任务。")
        assert codes(refused) == ["kernel.not_permitted"]
        assert Assessment.objects.get(pk=assessment.pk).state == A.UNDER_REVIEW


def test_grade_needs_a_valid_grade_and_a_written_result(world):
    assessment, _people = scored(world)
    with pytest.raises(ValidationError) as error:
        services.grade(actor=world["base_same"], assessment=assessment, grade="great", result=" ")
    assert set(error.value.message_dict) == {"grade", "result"}


def test_fail_opens_one_art23_3_withdrawal_case(world):
    a = appointment(world)
    midterm, _p = scored(world, a=a)
    services.grade(actor=world["base_same"], assessment=midterm, grade=G.FAIL, result="未完成研究计划。")
    case = WithdrawalCase.objects.get(appointment=a)
    assert case.reason == WithdrawalReason.ASSESSMENT_FAILED and case.proposed_by_role == "system"
    assert "中期考核" in case.facts and "未完成研究计划。" in case.facts
    # A second failed assessment while the case is open does not open another.
    a.state = S.EXIT_REQUESTED
    a.save(update_fields=["state"])
    exit_assessment, _p = scored(world, kind=K.EXIT, a=a)
    graded = services.grade(
        actor=world["base_same"], assessment=exit_assessment, grade=G.FAIL, result="不合格。"
    )
    assert graded.state == A.GRADED and WithdrawalCase.objects.filter(appointment=a).count() == 1
    assert a.__class__.objects.get(pk=a.pk).state == S.EXIT_REQUESTED


def test_excellent_with_record_award_creates_a_confirmed_award(world):
    a = appointment(world)
    assessment, _p = scored(world, a=a)
    graded = services.grade(actor=world["base_same"], assessment=assessment, grade=G.EXCELLENT,
                            result="成果突出。", record_award=True)  # fmt: skip
    output = Output.objects.get(appointment=a)
    assert (output.kind, output.state, output.title, output.occurred_on, output.description) == (
        OutputKind.AWARD, OutputState.CONFIRMED, "中期考核优秀", graded.graded_on, "成果突出。"
    )  # fmt: skip
    assert graded.award_recorded is True
    assert AuditEvent.objects.filter(subject_type="tenure.output", subject_id=str(output.pk)).exists()
    assert WithdrawalCase.objects.count() == 0


@pytest.mark.parametrize("grade", [G.PASS, G.FAIL])
def test_record_award_is_refused_unless_excellent(world, grade):
    assessment, _p = scored(world)
    with pytest.raises(ValidationError) as error:
        services.grade(actor=world["base_same"], assessment=assessment, grade=grade, result="意见。",
                       record_award=True)  # fmt: skip
    assert set(error.value.message_dict) == {"record_award"}
    assert Assessment.objects.get(pk=assessment.pk).state == A.UNDER_REVIEW and Output.objects.count() == 0


@pytest.mark.parametrize("grade", [G.PASS, G.EXCELLENT])
def test_passed_exit_assessment_moves_the_appointment_to_exit_assessed(world, grade):
    a = appointment(world, state=S.EXIT_REQUESTED)
    exit_assessment, _p = scored(world, kind=K.EXIT, a=a)
    services.grade(actor=world["base_same"], assessment=exit_assessment, grade=grade, result="准予出站。")
    assert a.__class__.objects.get(pk=a.pk).state == S.EXIT_ASSESSED


def test_passed_midterm_leaves_the_appointment_in_the_base(world):
    a = appointment(world)
    midterm, _p = scored(world, a=a)
    services.grade(actor=world["base_same"], assessment=midterm, grade=G.PASS, result="合格。")
    assert a.__class__.objects.get(pk=a.pk).state == S.IN_BASE


# --- through the pages: experts score on the review module, the base grades ------------------------------
def test_experts_score_on_review_pages_and_the_base_grades_on_the_assessment_page(world):
    a = appointment(world)
    assessment = make_assessment(a)
    people = joint_experts(a)
    admin = login(world["base_same"])
    page = admin.get(assessment.get_absolute_url()).content.decode()
    assert 'data-testid="panel-form"' in page
    r = admin.post(f"/tenure/assessments/{assessment.pk}/panel/", {
        "expert_ids": [e.pk for e, _u in people], "chair_id": people[0][0].pk, "due_on": due_in().isoformat()})  # fmt: skip
    assert r.status_code == 302
    assessment.refresh_from_db()
    assert assessment.state == A.UNDER_REVIEW
    page = admin.get(assessment.get_absolute_url()).content.decode()
    assert (
        'data-testid="chair"' in page and 'data-testid="grade-form"' in page and "3名专家未提交评分" in page
    )
    for (expert, user), value in zip(people, (70, 80, 90), strict=True):
        c = login(user)
        tasks = c.get("/review/assignments/").content.decode()
        assert "张晓明：中期考核" in tasks
        assignment = Assignment.objects.get(panel=assessment.panel, member__expert=expert)
        page = c.get(assignment.get_absolute_url()).content.decode()
        assert assessment.get_absolute_url() in page
        assert (
            c.get(assessment.get_absolute_url()).status_code == 200
        )  # the subject link opens for the expert
        items = assessment.panel.rubric.items.all()
        r = c.post(assignment.get_absolute_url(), {"op": "submit", "comment": "成果较好。",
                                                   **{f"score_{i.pk}": value for i in items}})  # fmt: skip
        assert r.status_code == 302
        assert Assignment.objects.get(pk=assignment.pk).state == AssignmentState.SUBMITTED
    r = admin.post(f"/tenure/assessments/{assessment.pk}/grade/", {"grade": "excellent", "result": "优秀。",
                                                                  "record_award": "on"})  # fmt: skip
    assert r.status_code == 302
    assessment.refresh_from_db()
    assert (assessment.state, assessment.score, assessment.award_recorded) == (
        A.GRADED,
        Decimal("80.00"),
        True,
    )
    page = login(world["postdoc_own"]).get(assessment.get_absolute_url()).content.decode()
    assert 'data-testid="scores-summary"' in page and "优秀。" in page
    section = login(world["postdoc_own"]).get(a.get_absolute_url()).content.decode()
    assert 'data-testid="appointment-assessments"' in section and assessment.get_absolute_url() in section


def test_unit_admin_manages_its_assessment_panels_in_the_review_module(world):
    assessment, people = under_review(world)
    panel = assessment.panel
    own = login(world["base_same"])
    assert f'data-panel="{panel.pk}"' in own.get("/review/panels/").content.decode()
    page = own.get(panel.get_absolute_url()).content.decode()
    assert 'data-testid="context-link"' in page and f"/review/panels/{panel.pk}/members/" not in page
    r = own.post(f"/review/panels/{panel.pk}/members/", {"expert": ExpertFactory().pk})
    assert r.status_code == 302 and panel.members.count() == 3  # formed on the assessment page only
    assignment = Assignment.objects.filter(panel=panel).first()
    assert own.get(assignment.get_absolute_url()).status_code == 200
    other = login(world["base_other"])
    assert f'data-panel="{panel.pk}"' not in other.get("/review/panels/").content.decode()
    assert other.get(panel.get_absolute_url()).status_code == 404
    assert other.get(assignment.get_absolute_url()).status_code == 404
    assert login(people[0][1]).get(panel.get_absolute_url()).status_code == 403


def test_expert_not_on_the_panel_cannot_see_the_assessment(world):
    assessment, _people = under_review(world)
    c = login(world["expert"])
    assert c.get(assessment.get_absolute_url()).status_code == 404
    assert c.get(f"/api/v1/assessments/{assessment.pk}").status_code == 404


# --- scoping -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_assessments_are_scoped_through_pages_api_and_export(world, who):
    mine = make_assessment(appointment(world))
    theirs = make_assessment(appointment(world, postdoc=world["p2"]))
    p3 = make_postdoc(world["b2"], id_type="passport", id_number="E99999999", nationality="蒙古国")
    a3 = make_appointment(world["b2"], world["st2"], p3, state=S.IN_BASE, complete=True)
    elsewhere = make_assessment(a3)
    expected = {
        "region": {mine, theirs, elsewhere}, "bureau_same": {mine, theirs}, "bureau_other": {elsewhere},
        "base_same": {mine, theirs}, "base_other": {elsewhere}, "station_same": {mine, theirs},
        "station_other": {elsewhere}, "postdoc_own": {mine}, "postdoc_other": {theirs},
        "supervisor_own": {mine, theirs}, "expert": set(),
    }[who]  # fmt: skip
    user = world[who]
    assert set(assessments_visible_to(user)) == expected
    c = login(user)
    page = c.get("/tenure/assessments/").content.decode()
    assert {x for x in (mine, theirs, elsewhere) if f'data-assessment="{x.pk}"' in page} == expected
    api = {i["id"] for i in c.get("/api/v1/assessments").json()["items"]}
    assert api == {x.pk for x in expected}
    for x in (mine, theirs, elsewhere):
        assert c.get(x.get_absolute_url()).status_code == (200 if x in expected else 404)
        assert c.get(f"/api/v1/assessments/{x.pk}").status_code == (200 if x in expected else 404)
    names = [row[1] for row in xlsx_rows(c.get("/tenure/assessments/?export=xlsx"))[1:]]
    assert sorted(names) == sorted(x.appointment.base.name for x in expected)


def test_postdoc_a_does_not_see_postdoc_b_assessment_in_the_export(world):
    make_assessment(appointment(world))
    make_assessment(appointment(world, postdoc=world["p2"]))
    c = login(world["postdoc_own"])
    rows = xlsx_rows(c.get("/tenure/assessments/?export=xlsx"))[1:]
    assert [r[0] for r in rows] == ["张晓明"]


def test_list_filters_by_kind_and_state(world):
    a = appointment(world, state=S.EXIT_REQUESTED)
    midterm = make_assessment(a, state=A.GRADED, grade=G.PASS)
    exit_assessment = make_assessment(a, kind=K.EXIT)
    c = login(world["base_same"])
    page = c.get("/tenure/assessments/?kind=exit").content.decode()
    assert f'data-assessment="{exit_assessment.pk}"' in page and f'data-assessment="{midterm.pk}"' not in page
    page = c.get("/tenure/assessments/?state=graded").content.decode()
    assert f'data-assessment="{midterm.pk}"' in page and f'data-assessment="{exit_assessment.pk}"' not in page
    items = c.get("/api/v1/assessments?kind=midterm").json()["items"]
    assert [i["id"] for i in items] == [midterm.pk] and items[0]["grade_label"] == "合格"


# --- API -----------------------------------------------------------------------------------------------
def test_api_forms_the_panel_and_grades(world):
    a = appointment(world, state=S.EXIT_REQUESTED)
    assessment = make_assessment(a, kind=K.EXIT)
    people = joint_experts(a)
    c = login(world["base_same"])
    body = {
        "expert_ids": [e.pk for e, _u in people],
        "chair_id": people[0][0].pk,
        "due_on": due_in().isoformat(),
    }
    r = login(world["station_same"]).post(f"/api/v1/assessments/{assessment.pk}/panel", body,
                                          content_type="application/json")  # fmt: skip
    assert r.status_code == 403
    r = c.post(f"/api/v1/assessments/{assessment.pk}/panel", {**body, "expert_ids": body["expert_ids"][:2]},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 409 and r.json()["findings"][0]["code"] == "art17.panel_size.too_small"
    r = c.post(f"/api/v1/assessments/{assessment.pk}/panel", body, content_type="application/json")
    assert r.status_code == 200 and r.json()["state"] == "under_review"
    assert [m["is_chair"] for m in r.json()["members"]] == [True, False, False]
    grade = {"grade": "pass", "result": "准予出站。"}
    r = c.post(f"/api/v1/assessments/{assessment.pk}/grade", grade, content_type="application/json")
    assert r.status_code == 409 and r.json()["findings"][0]["code"] == "art17.scores_pending"
    for (_e, user), value in zip(people, (60, 70, 80), strict=True):
        score_all(Assessment.objects.get(pk=assessment.pk), fresh(user), value)
    r = c.post(f"/api/v1/assessments/{assessment.pk}/grade", grade, content_type="application/json")
    assert r.status_code == 200 and r.json()["grade"] == "pass" and r.json()["score"] in ("70.00", 70.0)
    assert a.__class__.objects.get(pk=a.pk).state == S.EXIT_ASSESSED
    actions = c.get(f"/api/v1/assessments/{assessment.pk}/transitions").json()
    assert actions == []
    history = [e["action"] for e in c.get(f"/api/v1/assessments/{assessment.pk}/history").json()]
    assert history == ["form_panel", "grade"]


# --- query counts --------------------------------------------------------------------------------------
def _rows(w, n):
    made = []
    for i in range(n):
        p = make_postdoc(
            w["b1"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国", name=f"巴图{i}"
        )
        made.append(make_assessment(appointment(w, postdoc=p)))
    return made


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize("url, queries", [("/tenure/assessments/", 5), ("/api/v1/assessments", 5)])
def test_assessment_list_query_count_does_not_grow(world, django_assert_num_queries, rows, url, queries):
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


def test_a_formed_assessment_panel_is_fixed_in_the_review_api(world):
    assessment, _people = under_review(world)
    c = login(world["base_same"])
    r = c.post(f"/api/v1/panels/{assessment.panel_id}/members", {"expert": ExpertFactory().pk},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 409 and r.json()["findings"][0]["code"] == "review.panel_fixed"
    r = c.post(f"/api/v1/panels/{assessment.panel_id}/assign", {"subjects": [assessment.pk]},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 403
    assert assessment.panel.members.count() == 3


@pytest.mark.parametrize("who, allowed", [("base_same", True), ("region", True), ("base_other", False),
                                          ("station_same", False), ("supervisor_own", False)])  # fmt: skip
def test_withdrawing_an_assessment_assignment_is_for_the_organisers(world, who, allowed):
    assessment, _people = under_review(world)
    assignment = Assignment.objects.filter(panel=assessment.panel).first()
    if allowed:
        done = assignment_workflow.apply(
            assignment, "withdraw", actor=fresh(world[who]), comment="专家回避。"
        )
        assert done.state == AssignmentState.WITHDRAWN
    else:
        with pytest.raises(TransitionRefused) as refused:
            assignment_workflow.apply(assignment, "withdraw", actor=fresh(world[who]), comment="专家回避。")
        assert codes(refused) == ["kernel.not_permitted"]


@pytest.mark.parametrize("kind, article", [(K.MIDTERM, "第十七条"), (K.EXIT, "第十八条")])
def test_review_steps_on_an_assessment_panel_cite_the_assessment_article(world, kind, article):
    """The experts' scoring to-do items, actions and page cite Art. 17 (mid-term) or Art. 18 (exit), not the
    establishment review's Art. 11(3)."""
    from django.urls import reverse

    from postdoc_base.kernel.models import Obligation
    from postdoc_base.review.models import Assignment
    from postdoc_base.review.workflow import assignment_workflow

    assessment, people = under_review(world, kind)
    assert set(Obligation.objects.filter(kind="review_score").values_list("article", flat=True)) == {article}
    expert_user = fresh(people[0][1])
    assignment = Assignment.objects.get(panel=assessment.panel, member__expert=people[0][0])
    options = assignment_workflow.available_actions(assignment, expert_user)
    assert [(o.action, o.article) for o in options] == [("submit", article)]
    page = login(expert_user).get(reverse("review:assignment_detail", args=[assignment.pk]))
    assert f'<span class="article">{article}</span>' in page.content.decode()


@pytest.mark.parametrize("running", [False, True])
def test_withdrawal_cancels_open_assessments_and_clears_every_todo(world, running):
    """Art. 23: a withdrawn postdoc is no longer assessed; the base's and the experts' items go away."""
    if running:
        assessment, _people = under_review(world)
    else:
        assessment = make_assessment(appointment(world))
        assessment_workflow.sync_obligations(assessment, assessment.state)
    a = assessment.appointment
    assert Obligation.objects.filter(status=ObligationStatus.OPEN).exists()
    appointment_workflow.apply(a, "withdraw", actor=world["region"], comment="决定退出基地", batch=True)
    assessment.refresh_from_db()
    assert assessment.state == A.CANCELLED
    assert AuditEvent.objects.get(action="cancel").role == "system"
    if running:
        assert set(Assignment.objects.values_list("state", flat=True)) == {"withdrawn"}
        assessment.panel.refresh_from_db()
        assert assessment.panel.phase == "closed"
    assert (
        not Obligation.objects.filter(status=ObligationStatus.OPEN)
        .exclude(subject_type="tenure.appointment")
        .exists()
    )
