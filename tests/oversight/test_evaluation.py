"""Evaluation of bases (评估, Arts. 5, 6) and rectification (整改, Art. 25): the region opens a campaign (one
evaluation per covered base, opened by the rules); the base self-evaluates; its bureau checks; the region grades;
不合格 opens a rectification the region re-checks. Every action for every role, allowed and refused; bad input
writes nothing; obligations and notifications; experts scoring through the review module."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.models import Unit
from postdoc_base.kernel.models import AuditEvent, Notification, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import SYSTEM_ROLE, TransitionRefused
from postdoc_base.oversight.ending import end_open_items
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.evaluations import services
from postdoc_base.oversight.evaluations.enums import EvaluationState as ES
from postdoc_base.oversight.evaluations.enums import ScoreSource
from postdoc_base.oversight.evaluations.models import (
    Evaluation,
    EvaluationCampaign,
    EvaluationEvidence,
    EvaluationScore,
)
from postdoc_base.oversight.evaluations.review_purpose import panel_form
from postdoc_base.oversight.evaluations.workflow import evaluation_workflow
from postdoc_base.policy.oversight.evaluation import EvaluationGrade as G
from postdoc_base.policy.oversight.evaluation import Indicator, Thresholds
from postdoc_base.review import services as review_services
from postdoc_base.review.workflow import assignment_workflow
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.appointments import pdf
from tests.factories.review import expert_with_account
from tests.factories.tenure import base_admin, make_base, station_contact
from tests.factories.world import events_for

pytestmark = pytest.mark.django_db

ROLES = ["region", "bureau_same", "bureau_other", "base_same", "base_other", "station", "expert"]
FILED = date(2024, 11, 20)


def today():
    return timezone.localdate()


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    b1 = make_base("草原乳业", "呼和浩特市", filed_on=FILED)
    b2 = make_base("稀土新材料", "包头市", filed_on=date(2023, 5, 1))
    recent = make_base("风电装备", "呼和浩特市", filed_on=today() - timedelta(days=300))
    revoked = make_base("煤化工", "包头市", filed_on=FILED, state=BaseState.REVOKED)
    return {
        "b1": b1, "b2": b2, "recent": recent, "revoked": revoked,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2),
        "station": station_contact(StationFactory()),
        "expert": expert_with_account("王专家", employer="内蒙古大学")[1],
    }  # fmt: skip


def open_campaign(w, who="region", **kwargs):
    fields = {
        "name": "2026年度基地评估", "year": 2026, "reference_date": today(),
        "self_due_on": today() + timedelta(days=30), "check_due_on": today() + timedelta(days=60),
        "grade_due_on": today() + timedelta(days=90), **kwargs,
    }  # fmt: skip
    return services.campaign_open(actor=w[who], **fields)


def evaluation_of(campaign, base) -> Evaluation:
    return Evaluation.objects.select_related("campaign", "base__unit").get(campaign=campaign, base=base)


def fill(w, evaluation, score=85, who="base_same", statement="逐项自评。", **kwargs):
    indicators = list(evaluation.campaign.indicators.all())
    scores = {i.pk: score for i in indicators}
    return services.evaluation_fill(
        actor=w[who], evaluation=evaluation, scores=scores, statement=statement, **kwargs
    )


def fresh(evaluation) -> Evaluation:
    return Evaluation.objects.select_related("campaign", "base__unit").get(pk=evaluation.pk)


def codes(refused) -> list[str]:
    return [f.code for f in refused.value.findings]


def drive(w, evaluation, state, score=85):
    """Take the evaluation of b1 to ``state`` through the services."""
    if state in (ES.OPENED,):
        return fresh(evaluation)
    fill(w, evaluation, score=score)
    evaluation_workflow.apply(evaluation, "submit", actor=w["base_same"])
    if state == ES.SUBMITTED:
        return fresh(evaluation)
    if state == ES.RETURNED:
        return services.evaluation_check(
            actor=w["bureau_same"], evaluation=evaluation, forward=False, comment="补充材料"
        )
    services.evaluation_check(actor=w["bureau_same"], evaluation=evaluation, forward=True, comment="同意报送")
    if state == ES.CHECKED:
        return fresh(evaluation)
    services.evaluation_grade(actor=w["region"], evaluation=fresh(evaluation))
    if state in (ES.GRADED, ES.RECTIFYING):
        return fresh(evaluation)
    services.rectification_fill(actor=w["base_same"], evaluation=fresh(evaluation), report="已补建制度。")
    evaluation_workflow.apply(fresh(evaluation), "submit_rectification", actor=w["base_same"])
    return fresh(evaluation)


@pytest.fixture
def campaign(world):
    return open_campaign(world)


@pytest.fixture
def mine(world, campaign):
    return evaluation_of(campaign, world["b1"])


# --- opening a campaign ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_only_the_region_opens_a_campaign(world, who):
    if who == "region":
        campaign = open_campaign(world)
        assert campaign.indicators.count() == 5
    else:
        with pytest.raises(TransitionRefused) as refused:
            open_campaign(world, who)
        assert codes(refused) == ["kernel.not_permitted"]
        assert EvaluationCampaign.objects.count() == Evaluation.objects.count() == 0


def test_a_campaign_opens_one_evaluation_per_active_base_filed_n_years_before_by_the_rules(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        campaign = open_campaign(world)
    evaluations = Evaluation.objects.filter(campaign=campaign)
    assert {e.base_id for e in evaluations} == {world["b1"].pk, world["b2"].pk}
    assert {e.state for e in evaluations} == {ES.OPENED}
    mine = evaluation_of(campaign, world["b1"])
    event = events_for(mine)[0]
    assert (event.action, event.role, event.to_state) == ("open", SYSTEM_ROLE, ES.OPENED)
    assert events_for(campaign)[0].action == "open"
    due = Obligation.objects.get(subject_id=str(mine.pk), kind="evaluation_self")
    assert (due.due_on, due.scope_id, due.article) == (
        campaign.self_due_on,
        world["b1"].unit_id,
        "第二十五条",
    )
    note = Notification.objects.get(recipient=world["base_same"])
    assert note.title == "2026年度基地评估：请完成基地自评" and note.url == mine.get_absolute_url()
    assert Notification.objects.filter(recipient=world["base_other"]).count() == 1
    assert not Notification.objects.filter(recipient=world["bureau_same"]).exists()


def test_n_years_is_a_campaign_parameter(world):
    campaign = open_campaign(world, min_filed_years=3)
    assert set(campaign.evaluations.values_list("base_id", flat=True)) == {world["b2"].pk}


def test_a_campaign_sets_its_own_indicators_and_thresholds(world):
    campaign = open_campaign(world, indicators=[Indicator("管理", 40), Indicator("成果", 60)],
                             thresholds=Thresholds(95, 85, 70))  # fmt: skip
    assert [(i.label, i.weight) for i in campaign.indicators.all()] == [("管理", 40), ("成果", 60)]
    assert campaign.thresholds == Thresholds(95, 85, 70)


def test_bad_campaign_input_gets_chinese_errors_and_writes_nothing(world):
    with pytest.raises(ValidationError) as invalid:
        open_campaign(
            world, name=" ", year=1900, min_filed_years=-1,
            indicators=[Indicator("管理", 60), Indicator("成果", 30)], thresholds=Thresholds(80, 90, 60),
            self_due_on=today() - timedelta(days=1), check_due_on=today() - timedelta(days=2),
        )  # fmt: skip
    errors = invalid.value.message_dict
    assert sorted(errors) == [
        "check_due_on", "indicators", "min_filed_years", "name", "self_due_on", "thresholds", "year",
    ]  # fmt: skip
    assert errors["indicators"] == ["评估指标的权重合计须为100，现为90。"]
    assert errors["thresholds"] == ["等次分数线须依次递减：优秀高于良好，良好高于合格。"]
    assert errors["self_due_on"] == ["自评截止日期不能早于今天。"]
    assert EvaluationCampaign.objects.count() == Evaluation.objects.count() == 0
    assert not AuditEvent.objects.filter(subject_type__startswith="oversight.evaluation").exists()


def test_a_campaign_that_covers_no_base_is_refused(world):
    with pytest.raises(ValidationError) as invalid:
        open_campaign(world, min_filed_years=10)
    assert invalid.value.message_dict["reference_date"] == [
        "没有在评估基准日前备案满10年的基地，无需开展本批次评估。"
    ]
    assert EvaluationCampaign.objects.count() == 0


def test_campaign_names_are_unique(world, campaign):
    with pytest.raises(ValidationError) as invalid:
        open_campaign(world)
    assert invalid.value.message_dict["name"] == ["已有同名的评估批次。"]


# --- the base's self-evaluation --------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_only_the_bases_unit_administrator_fills_and_submits(world, mine, who):
    if who == "base_same":
        fill(world, mine, who=who, uploaded=pdf("制度汇编.pdf"))
        assert EvaluationScore.objects.filter(evaluation=mine).count() == 5
        assert EvaluationEvidence.objects.get(evaluation=mine).file_name == "制度汇编.pdf"
        assert events_for(mine)[-1].action == "fill"
        submitted = evaluation_workflow.apply(fresh(mine), "submit", actor=world[who])
        assert (submitted.state, submitted.submitted_on) == (ES.SUBMITTED, today())
    else:
        with pytest.raises(TransitionRefused) as refused:
            fill(world, mine, who=who)
        assert codes(refused) == ["kernel.not_permitted"]
        with pytest.raises(TransitionRefused):
            evaluation_workflow.apply(mine, "submit", actor=world[who])
        assert EvaluationScore.objects.count() == 0


def test_bad_scores_get_chinese_errors_and_write_nothing(world, mine):
    first, second = list(mine.campaign.indicators.all())[:2]
    with pytest.raises(ValidationError) as invalid:
        services.evaluation_fill(actor=world["base_same"], evaluation=mine,
                                 scores={first.pk: "120", second.pk: "abc", 999999: 50}, statement="x")  # fmt: skip
    assert invalid.value.message_dict["scores"] == [
        "“管理与制度建设”：评分须为0至100之间的数字。",
        "“招收及与流动站合作”：评分须为0至100之间的数字。",
        "评估指标不属于本批次。",
    ]
    assert EvaluationScore.objects.count() == 0 and fresh(mine).statement == ""


def test_submitting_needs_every_indicator_scored_and_a_statement(world, mine):
    first = mine.campaign.indicators.first()
    services.evaluation_fill(actor=world["base_same"], evaluation=mine, scores={first.pk: 80}, statement=" ")
    with pytest.raises(TransitionRefused) as refused:
        evaluation_workflow.apply(mine, "submit", actor=world["base_same"])
    assert codes(refused) == ["art25.self_scores_missing", "art25.statement_missing"]
    assert "还有4项评估指标未自评打分" in str(refused.value.findings[0].message)


def test_the_base_refills_a_returned_self_evaluation(world, mine):
    returned = drive(world, mine, ES.RETURNED)
    assert (returned.state, returned.check_comment) == (ES.RETURNED, "补充材料")
    fill(world, returned, score=90)
    assert (
        evaluation_workflow.apply(fresh(returned), "submit", actor=world["base_same"]).state == ES.SUBMITTED
    )


def test_the_base_cannot_change_its_self_evaluation_once_submitted(world, mine):
    submitted = drive(world, mine, ES.SUBMITTED)
    with pytest.raises(TransitionRefused) as refused:
        fill(world, submitted, score=99)
    assert codes(refused) == ["kernel.wrong_state"]


# --- the bureau's check ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("forward", [True, False])
@pytest.mark.parametrize("who", ROLES)
def test_only_the_bases_bureau_checks(world, mine, who, forward):
    submitted = drive(world, mine, ES.SUBMITTED)
    if who == "bureau_same":
        checked = services.evaluation_check(
            actor=world[who], evaluation=submitted, forward=forward, comment="意见"
        )
        assert checked.state == (ES.CHECKED if forward else ES.RETURNED)
        assert (checked.check_comment, checked.checked_on) == ("意见", today())
        event = events_for(checked)[-1]
        assert (event.role, event.comment) == (Role.BUREAU_OFFICER, "意见")
    else:
        with pytest.raises(TransitionRefused) as refused:
            services.evaluation_check(actor=world[who], evaluation=submitted, forward=forward, comment="意见")
        assert codes(refused) == (["art6.bureau_checks"] if who == "region" else ["kernel.not_permitted"])
        assert fresh(submitted).state == ES.SUBMITTED


def test_the_check_needs_an_opinion(world, mine):
    submitted = drive(world, mine, ES.SUBMITTED)
    with pytest.raises(TransitionRefused) as refused:
        services.evaluation_check(actor=world["bureau_same"], evaluation=submitted, forward=True, comment=" ")
    assert codes(refused) == ["kernel.comment_required"]


def test_the_region_checks_for_a_base_without_a_league_city_bureau(world, campaign):
    evaluation = evaluation_of(campaign, world["b2"])
    Unit.objects.filter(pk=world["b2"].unit_id).update(bureau=None)
    evaluation = fresh(evaluation)
    fill(world, evaluation, who="base_other")
    evaluation_workflow.apply(evaluation, "submit", actor=world["base_other"])
    assert not Obligation.objects.filter(subject_id=str(evaluation.pk), kind="evaluation_check").exists()
    checked = services.evaluation_check(
        actor=world["region"], evaluation=fresh(evaluation), forward=True, comment="同意"
    )
    assert checked.state == ES.CHECKED


def test_the_check_and_grade_obligations_follow_the_states(world, mine):
    submitted = drive(world, mine, ES.SUBMITTED)
    self_due = Obligation.objects.get(subject_id=str(mine.pk), kind="evaluation_self")
    assert self_due.status == ObligationStatus.MET
    check = Obligation.objects.get(subject_id=str(mine.pk), kind="evaluation_check")
    assert (check.status, check.scope_id, check.due_on) == (
        ObligationStatus.OPEN,
        world["b1"].unit.bureau_id,
        submitted.campaign.check_due_on,
    )
    services.evaluation_check(actor=world["bureau_same"], evaluation=submitted, forward=True, comment="同意")
    grade = Obligation.objects.get(subject_id=str(mine.pk), kind="evaluation_grade")
    assert (grade.status, grade.due_on, grade.article) == (
        ObligationStatus.OPEN,
        submitted.campaign.grade_due_on,
        "第五条",
    )


# --- the region's grade ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_only_the_region_grades(world, mine, who):
    checked = drive(world, mine, ES.CHECKED, score=85)
    if who == "region":
        graded = services.evaluation_grade(actor=world[who], evaluation=checked)
        assert (graded.state, graded.score, graded.grade, graded.final_grade) == (
            ES.GRADED,
            Decimal("85.00"),
            G.GOOD,
            G.GOOD,
        )
        assert (graded.score_source, graded.graded_on, graded.closed_on) == (
            ScoreSource.SELF,
            today(),
            today(),
        )
        assert events_for(graded)[-1].diff["grade"] == ["", G.GOOD]
    else:
        with pytest.raises(TransitionRefused) as refused:
            services.evaluation_grade(actor=world[who], evaluation=checked)
        assert codes(refused) == ["kernel.not_permitted"]
        assert fresh(checked).grade == ""


def test_the_generic_transition_cannot_grade(world, mine):
    checked = drive(world, mine, ES.CHECKED)
    with pytest.raises(TransitionRefused) as refused:
        evaluation_workflow.apply(checked, "grade", actor=world["region"])
    assert codes(refused) == ["kernel.batch_only"]


@pytest.mark.parametrize(
    "score, grade, state",
    [
        (90, G.EXCELLENT, ES.GRADED),
        (60, G.QUALIFIED, ES.GRADED),
        (Decimal("59.99"), G.UNQUALIFIED, ES.RECTIFYING),
    ],
)
def test_the_grade_follows_the_campaigns_thresholds(world, mine, score, grade, state):
    graded = drive(world, mine, ES.GRADED, score=score)
    assert (graded.grade, graded.state) == (grade, state)


def test_unqualified_opens_rectification_due_in_90_days_by_default(world, mine):
    graded = drive(world, mine, ES.RECTIFYING, score=50)
    assert (graded.state, graded.rectification_due_on, graded.final_grade) == (
        ES.RECTIFYING,
        today() + timedelta(days=90),
        "",
    )
    due = Obligation.objects.get(subject_id=str(mine.pk), kind="evaluation_rectify")
    assert (due.due_on, due.scope_id, due.status) == (
        graded.rectification_due_on,
        world["b1"].unit_id,
        ObligationStatus.OPEN,
    )


def test_the_region_may_set_the_rectification_deadline_after_today(world, mine):
    checked = drive(world, mine, ES.CHECKED, score=50)
    with pytest.raises(TransitionRefused) as refused:
        services.evaluation_grade(actor=world["region"], evaluation=checked, rectification_due=today())
    assert codes(refused) == ["art25.rectification_due_early"]
    assert fresh(checked).state == ES.CHECKED
    day = today() + timedelta(days=30)
    assert (
        services.evaluation_grade(
            actor=world["region"], evaluation=checked, rectification_due=day
        ).rectification_due_on
        == day
    )


# --- rectification and re-check --------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_only_the_base_reports_its_rectification(world, mine, who):
    rectifying = drive(world, mine, ES.RECTIFYING, score=50)
    if who == "base_same":
        services.rectification_fill(
            actor=world[who], evaluation=rectifying, report="已整改。", uploaded=pdf("整改.pdf")
        )
        submitted = evaluation_workflow.apply(fresh(rectifying), "submit_rectification", actor=world[who])
        assert (submitted.state, submitted.rectification_submitted_on) == (
            ES.RECTIFICATION_SUBMITTED,
            today(),
        )
        assert EvaluationEvidence.objects.get(evaluation=mine).stage == "rectification"
    else:
        with pytest.raises(TransitionRefused) as refused:
            services.rectification_fill(actor=world[who], evaluation=rectifying, report="已整改。")
        assert codes(refused) == ["kernel.not_permitted"]


def test_a_rectification_report_needs_text(world, mine):
    rectifying = drive(world, mine, ES.RECTIFYING, score=50)
    with pytest.raises(ValidationError) as invalid:
        services.rectification_fill(actor=world["base_same"], evaluation=rectifying, report=" ")
    assert invalid.value.message_dict["report"] == ["请填写整改情况。"]
    with pytest.raises(TransitionRefused) as refused:
        evaluation_workflow.apply(rectifying, "submit_rectification", actor=world["base_same"])
    assert codes(refused) == ["art25.report_missing"]


@pytest.mark.parametrize("action", ["pass_recheck", "fail_recheck", "return_rectification"])
@pytest.mark.parametrize("who", ROLES)
def test_only_the_region_rechecks(world, mine, who, action):
    submitted = drive(world, mine, ES.RECTIFICATION_SUBMITTED, score=50)
    if who == "region":
        done = evaluation_workflow.apply(submitted, action, actor=world[who], comment="复核意见")
        expected = {"pass_recheck": (ES.RECTIFIED, G.QUALIFIED), "fail_recheck": (ES.FAILED, G.UNQUALIFIED),
                    "return_rectification": (ES.RECTIFYING, "")}[action]  # fmt: skip
        assert (done.state, done.final_grade) == expected
    else:
        with pytest.raises(TransitionRefused) as refused:
            evaluation_workflow.apply(submitted, action, actor=world[who], comment="复核意见")
        assert codes(refused) == ["kernel.not_permitted"]


def test_a_recheck_needs_reasons_and_a_failed_one_opens_an_art5_revocation_case(world, mine):
    from postdoc_base.oversight.revocations.models import RevocationCase
    from postdoc_base.oversight.revocations.services import revocation_decide

    submitted = drive(world, mine, ES.RECTIFICATION_SUBMITTED, score=50)
    with pytest.raises(TransitionRefused) as refused:
        evaluation_workflow.apply(submitted, "fail_recheck", actor=world["region"])
    assert codes(refused) == ["kernel.comment_required"]
    failed = evaluation_workflow.apply(submitted, "fail_recheck", actor=world["region"], comment="整改不到位")
    assert (failed.state, failed.closed_on, events_for(failed)[-1].comment) == (
        ES.FAILED,
        today(),
        "整改不到位",
    )
    [case] = RevocationCase.objects.all()
    assert (case.base_id, case.ground, case.evaluation_id, case.due_on, case.state, case.article) == (
        mine.base_id, "art5_failed_evaluation", mine.pk, today(), "open", "第五条",
    )  # fmt: skip
    # The region decides as for Art. 24; the base leaves the register.
    revocation_decide(
        actor=world["region"], case=case, revoked_on=today(), document_number="内人社发〔2026〕30号"
    )
    case.refresh_from_db()
    assert (case.state, case.base.state) == ("revoked", "revoked")


# --- a base leaving the register ends its open evaluations --------------------------------------------------------
def test_a_base_leaving_the_register_ends_its_open_evaluations(world, mine):
    submitted = drive(world, mine, ES.SUBMITTED)
    lines = end_open_items(world["b1"], BaseState.REVOKED, today())
    assert "终止评估：2026年度基地评估" in lines
    ended = fresh(submitted)
    assert (ended.state, events_for(ended)[-1].role) == (ES.CANCELLED, SYSTEM_ROLE)
    assert (
        Obligation.objects.get(subject_id=str(mine.pk), kind="evaluation_check").status
        == ObligationStatus.CANCELLED
    )


# --- experts score through the review module (slice c) ------------------------------------------------------------
def test_experts_score_on_the_campaigns_rubric_and_the_grade_reads_their_mean(world, mine):
    checked = drive(world, mine, ES.CHECKED, score=95)
    expert_a, user_a = expert_with_account("李专家", employer="内蒙古工业大学")
    expert_b, user_b = expert_with_account("赵专家", employer="内蒙古大学")
    panel = panel_form(actor=world["region"], campaign=checked.campaign, name="评估专家组",
                       due_on=today() + timedelta(days=20), experts=[expert_a, expert_b])  # fmt: skip
    assert [(i.label, i.weight) for i in panel.rubric.items.all()] == [
        (i.label, i.weight) for i in checked.campaign.indicators.all()
    ]
    result = review_services.panel_assign(actor=world["region"], panel=panel, subjects=[checked])
    assert result.assigned_count == 2
    items = list(panel.rubric.items.all())
    assignments = list(panel.assignments.order_by("id"))
    # Waiting for the experts blocks the grade.
    with pytest.raises(TransitionRefused) as refused:
        services.evaluation_grade(actor=world["region"], evaluation=checked)
    assert codes(refused) == ["art5.experts_pending"]
    for assignment, user, score in ((assignments[0], user_a, 60), (assignments[1], user_b, 50)):
        review_services.scores_save(
            actor=user, assignment=assignment, scores={i.pk: score for i in items}, comment="意见"
        )
        assignment_workflow.apply(assignment, "submit", actor=user)
    graded = services.evaluation_grade(actor=world["region"], evaluation=checked)
    assert (graded.score, graded.score_source, graded.grade, graded.state) == (
        Decimal("55.00"),
        ScoreSource.EXPERTS,
        G.UNQUALIFIED,
        ES.RECTIFYING,
    )


def test_an_expert_employed_by_the_evaluated_unit_is_excluded(world, mine):
    checked = drive(world, mine, ES.CHECKED)
    insider, _user = expert_with_account("钱专家", employer=world["b1"].unit.name)
    panel = panel_form(actor=world["region"], campaign=checked.campaign, name="评估专家组",
                       due_on=today() + timedelta(days=20), experts=[insider])  # fmt: skip
    result = review_services.panel_assign(actor=world["region"], panel=panel, subjects=[checked])
    assert (result.assigned_count, result.excluded_count) == (0, 1)


def test_only_checked_evaluations_can_be_assigned_to_experts(world, mine):
    expert, _user = expert_with_account("孙专家", employer="内蒙古师范大学")
    panel = panel_form(actor=world["region"], campaign=mine.campaign, name="评估专家组",
                       due_on=today() + timedelta(days=20), experts=[expert])  # fmt: skip
    with pytest.raises(ValidationError):
        review_services.panel_assign(actor=world["region"], panel=panel, subjects=[mine])


@pytest.mark.parametrize("who", ["bureau_same", "base_same", "expert"])
def test_only_the_region_forms_an_evaluation_panel(world, mine, who):
    expert, _user = expert_with_account("周专家", employer="内蒙古师范大学")
    with pytest.raises(TransitionRefused):
        panel_form(actor=world[who], campaign=mine.campaign, name="评估专家组",
                   due_on=today() + timedelta(days=20), experts=[expert])  # fmt: skip


def test_a_failed_recheck_for_a_base_with_a_case_already_open_opens_no_second(world, mine):
    from postdoc_base.oversight.revocations.models import RevocationCase

    RevocationCase.objects.create(base_id=mine.base_id, empty_since=date(2024, 1, 1), due_on=date(2026, 1, 1),
                                  facts="连续2年无在站博士后研究人员")  # fmt: skip
    submitted = drive(world, mine, ES.RECTIFICATION_SUBMITTED, score=50)
    evaluation_workflow.apply(submitted, "fail_recheck", actor=world["region"], comment="整改不到位")
    assert list(RevocationCase.objects.values_list("ground", flat=True)) == ["art24_empty"]
