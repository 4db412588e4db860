"""Application and round transitions (第十一条 / Art. 11): who may take each step, where it leads, and why
a step is refused (Arts. 2, 9, 11, 24)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from postdoc_base.directory.models import Unit
from postdoc_base.establishment import services
from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.establishment.enums import RoundState
from postdoc_base.establishment.models import BaseApplication, Round
from postdoc_base.establishment.selectors import applications_visible_to
from postdoc_base.establishment.workflow import APPLICATION_TRANSITIONS, application_workflow, round_workflow
from postdoc_base.kernel.models import AuditEvent, Notification
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.review.enums import AssignmentState
from tests.factories import RoundFactory
from tests.factories.review import assignment_for
from tests.factories.world import (
    ACTORS,
    actor,
    application_in,
    complete_review,
    events_for,
    fast_passwords,
    fresh,
    years_ago,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]

LOCAL, CENTRAL, REGION = "local", "central", "region"

# action -> (unit's affiliation, source state used, the one actor allowed, resulting state)
MATRIX = {
    "submit": (LOCAL, S.DRAFT, "unit_own", S.BUREAU_REVIEW),
    "withdraw": (LOCAL, S.DRAFT, "unit_own", S.WITHDRAWN),
    "dept_consent": (CENTRAL, S.DEPT_REVIEW, "dept_own", S.BUREAU_REVIEW),
    "dept_return": (CENTRAL, S.DEPT_REVIEW, "dept_own", S.RETURNED),
    "dept_reject": (CENTRAL, S.DEPT_REVIEW, "dept_own", S.REJECTED),
    "bureau_recommend": (LOCAL, S.BUREAU_REVIEW, "bureau_own", S.RECOMMENDED),
    "bureau_unrecommend": (LOCAL, S.RECOMMENDED, "bureau_own", S.BUREAU_REVIEW),
    "bureau_return": (LOCAL, S.BUREAU_REVIEW, "bureau_own", S.RETURNED),
    "bureau_reject": (LOCAL, S.RECOMMENDED, "bureau_own", S.REJECTED),
    "bureau_forward": (LOCAL, S.RECOMMENDED, "bureau_own", S.AT_REGION),
    "region_return": (LOCAL, S.AT_REGION, "region_admin", S.RETURNED),
    "region_reject": (LOCAL, S.AT_REGION, "region_admin", S.REJECTED),
    # review (Art. 11(3)): set-up in REVIEW_SETUP
    "start_review": (LOCAL, S.AT_REGION, "region_admin", S.EXPERT_REVIEW),
    "review_pass": (LOCAL, S.EXPERT_REVIEW, "region_admin", S.PASSED),
    "review_fail": (LOCAL, S.EXPERT_REVIEW, "region_admin", S.REJECTED),
    # notice and filing (Art. 11(3)): batch actions, applied by establishment.notices; "file" needs an ended notice
    "publish": (LOCAL, S.PASSED, "region_admin", S.IN_NOTICE),
    "objection_upheld": (LOCAL, S.IN_NOTICE, "region_admin", S.REJECTED),
    "file": (LOCAL, S.IN_NOTICE, "region_admin", S.FILED),
}
# What each review action needs before its guard lets it through: an assignment, or a submitted score.
REVIEW_SETUP = {
    "start_review": lambda app: assignment_for(app),
    "review_pass": lambda app: assignment_for(app, AssignmentState.SUBMITTED),
    "review_fail": lambda app: assignment_for(app, AssignmentState.SUBMITTED),
}
COMMENT_REQUIRED = [
    "dept_return",
    "dept_reject",
    "bureau_return",
    "bureau_reject",
    "region_return",
    "region_reject",
    "objection_upheld",
]


def _unit(world, affiliation) -> Unit:
    return {LOCAL: world.local_unit, CENTRAL: world.central_unit, REGION: world.region_unit}[affiliation]


def _apply(app, action, user, comment="意见。"):
    return application_workflow.apply(
        app, action, actor=user, comment=comment, batch=application_workflow.get(action).batch_only
    )


def _codes(exc) -> list[str]:
    return [f.code for f in exc.value.findings]


def _state(app) -> str:
    return BaseApplication.objects.get(pk=app.pk).state


def test_matrix_covers_every_application_transition():
    assert sorted(MATRIX) == sorted(t.action for t in APPLICATION_TRANSITIONS)


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_each_transition_is_allowed_only_for_its_role_and_scope(world, action, who):
    affiliation, source, allowed_actor, target = MATRIX[action]
    unit = _unit(world, affiliation)
    app = application_in(world, unit, source)
    if action in ("bureau_recommend", "bureau_forward"):
        complete_review(app)
    if action in REVIEW_SETUP:
        REVIEW_SETUP[action](app)
    if action == "file":
        from tests.factories.notices import in_notice

        in_notice(app, ends_on=timezone.localdate() - timedelta(days=1))
    user = actor(world, who, unit)
    events_before = AuditEvent.objects.count()

    if who == allowed_actor:
        assert _apply(app, action, user).state == target
        assert _state(app) == target
        assert AuditEvent.objects.count() == events_before + 1
    else:
        with pytest.raises(TransitionRefused) as exc:
            _apply(app, action, user)
        assert _codes(exc) == ["kernel.not_permitted"]
        assert _state(app) == source
        assert AuditEvent.objects.count() == events_before


def _wrong_states():
    for action, (_aff, _src, _who, _to) in sorted(MATRIX.items()):
        sources = application_workflow.get(action).sources
        for state in S.values:
            if state not in sources:
                yield action, state


@pytest.mark.parametrize(("action", "state"), list(_wrong_states()))
def test_each_transition_is_refused_from_other_states_even_for_its_role(world, action, state):
    affiliation, _source, allowed_actor, _target = MATRIX[action]
    unit = _unit(world, affiliation)
    app = application_in(world, unit, state)
    complete_review(app)

    with pytest.raises(TransitionRefused) as exc:
        _apply(app, action, actor(world, allowed_actor, unit))

    assert _codes(exc) == ["kernel.wrong_state"]
    assert _state(app) == state


@pytest.mark.parametrize("state", [S.RETURNED, S.DEPT_REVIEW, S.BUREAU_REVIEW])
def test_applicant_may_withdraw_until_the_bureau_has_decided(world, state):
    app = application_in(world, world.central_unit, state)
    assert _apply(app, "withdraw", fresh(world["central_admin"])).state == S.WITHDRAWN


@pytest.mark.parametrize("action", COMMENT_REQUIRED)
def test_return_and_reject_require_a_comment(world, action):
    affiliation, source, who, _target = MATRIX[action]
    unit = _unit(world, affiliation)
    app = application_in(world, unit, source)
    with pytest.raises(TransitionRefused) as exc:
        _apply(app, action, actor(world, who, unit), comment="  ")
    assert _codes(exc) == ["kernel.comment_required"]
    assert _state(app) == source


# --- routing (Art. 11(1)) ------------------------------------------------------------------------------
def _recommend_and_forward(world, app, officer):
    services.preliminary_review_save(
        actor=officer, app=app, condition_checks={k: True for k in "12345"}, condition_comments={},
        inspection="实地考察情况良好。", inspected_on=timezone.localdate(), recommendation="同意推荐。",
    )  # fmt: skip
    application_workflow.apply(app, "bureau_recommend", actor=officer)
    services.recommendation_rank_set(
        actor=officer, round_=app.round, bureau_id=app.unit.bureau_id, ranks={app.pk: 1}
    )
    services.bureau_batch_submit(actor=officer, round_=app.round, bureau_id=app.unit.bureau_id)
    return BaseApplication.objects.get(pk=app.pk)


def test_local_unit_goes_to_its_bureau_then_the_region(world):
    app = application_in(world, world.local_unit)
    assert (
        application_workflow.apply(app, "submit", actor=fresh(world["local_admin"])).state == S.BUREAU_REVIEW
    )

    app = _recommend_and_forward(world, app, fresh(world["bureau_own"]))

    assert app.state == S.AT_REGION
    assert app.affiliation == LOCAL
    assert app.forwarded_at is not None
    assert [(e.action, e.from_state, e.to_state) for e in events_for(app) if e.to_state] == [
        ("submit", "draft", "bureau_review"),
        ("bureau_recommend", "bureau_review", "recommended"),
        ("bureau_forward", "recommended", "at_region"),
    ]


def test_central_unit_needs_department_consent_then_bureau_then_region(world):
    app = application_in(world, world.central_unit)
    assert (
        application_workflow.apply(app, "submit", actor=fresh(world["central_admin"])).state == S.DEPT_REVIEW
    )

    app = application_workflow.apply(app, "dept_consent", actor=fresh(world["dept_own"]))
    assert (app.state, app.forwarded_at) == (S.BUREAU_REVIEW, None)

    app = _recommend_and_forward(world, app, fresh(world["bureau_own"]))
    assert app.state == S.AT_REGION
    assert app.forwarded_at is not None


def test_region_level_unit_goes_from_department_straight_to_the_region(world):
    app = application_in(world, world.region_unit)
    assert (
        application_workflow.apply(app, "submit", actor=fresh(world["region_unit_admin"])).state
        == S.DEPT_REVIEW
    )

    app = application_workflow.apply(app, "dept_consent", actor=fresh(world["dept_own"]))

    assert app.state == S.AT_REGION
    assert app.forwarded_at is not None
    officer = fresh(world["bureau_own"])  # the bureau the unit is registered in
    assert application_workflow.available_actions(app, officer) == []
    assert not applications_visible_to(officer).filter(pk=app.pk).exists()
    assert applications_visible_to(fresh(world["region_admin"])).filter(pk=app.pk).exists()


@pytest.mark.parametrize("action", ["bureau_recommend", "bureau_return", "bureau_reject"])
def test_bureau_cannot_act_on_a_region_level_application_even_in_a_bureau_state(world, action):
    app = application_in(world, world.region_unit, S.BUREAU_REVIEW)
    complete_review(app)
    with pytest.raises(TransitionRefused) as exc:
        _apply(app, action, fresh(world["bureau_own"]))
    assert _codes(exc) == ["kernel.not_permitted"]


def test_department_cannot_act_on_a_local_units_application(world):
    Unit.objects.filter(pk=world.local_unit.pk).update(department=world.dept)
    app = application_in(world, Unit.objects.get(pk=world.local_unit.pk), S.DEPT_REVIEW)
    with pytest.raises(TransitionRefused) as exc:
        _apply(app, "dept_consent", fresh(world["dept_own"]))
    assert _codes(exc) == ["kernel.not_permitted"]


def test_route_follows_the_affiliation_at_submission(world):
    app = application_in(world, world.central_unit)
    application_workflow.apply(app, "submit", actor=fresh(world["central_admin"]))
    Unit.objects.filter(pk=world.central_unit.pk).update(affiliation=REGION)

    app = application_workflow.apply(app, "dept_consent", actor=fresh(world["dept_own"]))

    assert (app.state, app.affiliation) == (S.BUREAU_REVIEW, CENTRAL)


# --- return for revision and resubmission --------------------------------------------------------------
def test_bureau_return_edit_resubmit_comes_back_to_the_bureau_and_history_keeps_every_round_trip(world):
    admin, officer = fresh(world["local_admin"]), fresh(world["bureau_own"])
    app = application_in(world, world.local_unit)
    application_workflow.apply(app, "submit", actor=admin)
    application_workflow.apply(app, "bureau_return", actor=officer, comment="请补充研发场地证明。")
    services.application_update(
        actor=admin, app=app, fields={"rnd_institution": "企业技术中心，新增场地证明。"}
    )
    app = application_workflow.apply(app, "submit", actor=admin, comment="已补充。")

    assert app.state == S.BUREAU_REVIEW
    assert [(e.action, e.from_state, e.to_state, e.comment) for e in events_for(app)] == [
        ("submit", "draft", "bureau_review", ""),
        ("bureau_return", "bureau_review", "returned", "请补充研发场地证明。"),
        ("update", "", "", ""),
        ("submit", "returned", "bureau_review", "已补充。"),
    ]
    assert events_for(app)[2].diff["rnd_institution"] == [
        "企业技术中心，研发场地2000平方米。",
        "企业技术中心，新增场地证明。",
    ]


def test_department_return_sends_the_resubmission_back_to_the_department(world):
    admin, dept = fresh(world["central_admin"]), fresh(world["dept_own"])
    app = application_in(world, world.central_unit)
    application_workflow.apply(app, "submit", actor=admin)
    application_workflow.apply(app, "dept_return", actor=dept, comment="请补充主管部门意见。")
    app = application_workflow.apply(app, "submit", actor=admin)
    assert app.state == S.DEPT_REVIEW
    assert [e.action for e in events_for(app)] == ["submit", "dept_return", "submit"]


def test_region_return_sends_the_resubmission_to_the_first_level_again(world):
    admin = fresh(world["central_admin"])
    app = application_in(world, world.central_unit, S.AT_REGION)
    application_workflow.apply(app, "region_return", actor=fresh(world["region_admin"]), comment="请补充。")
    app = application_workflow.apply(app, "submit", actor=admin)
    assert app.state == S.DEPT_REVIEW


def test_returned_application_may_be_resubmitted_after_the_round_closed(world):
    app = application_in(world, world.local_unit, S.RETURNED)
    Round.objects.filter(pk=app.round_id).update(state=RoundState.CLOSED)
    app = application_workflow.apply(app, "submit", actor=fresh(world["local_admin"]))
    assert app.state == S.BUREAU_REVIEW


# --- submit guards (Arts. 2, 9, 11, 24) -----------------------------------------------------------------
def _submit_refusal(world, app, admin_name="local_admin") -> list[str]:
    with pytest.raises(TransitionRefused) as exc:
        application_workflow.apply(app, "submit", actor=fresh(world[admin_name]))
    assert _state(app) == S.DRAFT
    return _codes(exc)


def test_submit_refused_when_the_round_is_closed(world):
    app = application_in(world, world.local_unit, round_=RoundFactory(state=RoundState.CLOSED))
    assert _submit_refusal(world, app) == ["art11.round_not_open"]


def test_submit_refused_when_the_round_is_still_a_draft(world):
    app = application_in(world, world.local_unit, round_=RoundFactory(state=RoundState.DRAFT))
    assert _submit_refusal(world, app) == ["art11.round_not_open"]


def test_submit_refused_after_the_application_deadline(world):
    yesterday = timezone.localdate() - timedelta(days=1)
    app = application_in(world, world.local_unit, round_=RoundFactory(application_deadline=yesterday))
    assert _submit_refusal(world, app) == ["art11.deadline_passed"]


def test_submit_allowed_on_the_deadline_day(world):
    app = application_in(
        world, world.local_unit, round_=RoundFactory(application_deadline=timezone.localdate())
    )
    assert (
        application_workflow.apply(app, "submit", actor=fresh(world["local_admin"])).state == S.BUREAU_REVIEW
    )


@pytest.mark.parametrize(
    ("unit_fields", "code"),
    [
        ({"has_mobile_station": True}, "art2.has_mobile_station"),
        ({"has_workstation": True}, "art2.has_workstation"),
        ({"independent_legal_person": False}, "art9.1.not_independent_legal_person"),
    ],
)
def test_submit_refused_for_unit_facts(world, unit_fields, code):
    Unit.objects.filter(pk=world.local_unit.pk).update(**unit_fields)
    app = application_in(world, world.local_unit)
    assert _submit_refusal(world, app) == [code]


def test_submit_refused_for_a_unit_registered_outside_the_region(world):
    Unit.objects.filter(pk=world.local_unit.pk).update(uscc="91110000MA0000000X")
    app = application_in(world, world.local_unit)
    assert _submit_refusal(world, app) == ["art9.1.not_registered_in_region"]


def test_submit_refused_while_the_reapplication_ban_runs(world):
    today = timezone.localdate()
    Unit.objects.filter(pk=world.local_unit.pk).update(
        base_revoked_on=years_ago(today, 3) + timedelta(days=1)
    )
    app = application_in(world, world.local_unit)
    assert _submit_refusal(world, app) == ["art24.reapplication_banned"]


def test_submit_allowed_exactly_three_years_after_revocation(world):
    Unit.objects.filter(pk=world.local_unit.pk).update(base_revoked_on=years_ago(timezone.localdate(), 3))
    app = application_in(world, world.local_unit)
    assert (
        application_workflow.apply(app, "submit", actor=fresh(world["local_admin"])).state == S.BUREAU_REVIEW
    )


def _no_researchers(app):
    app.researchers.all().delete()


def _no_projects(app):
    app.projects.all().delete()


def _no_intention(app):
    app.attachments.all().delete()


@pytest.mark.parametrize(
    ("fields", "change", "code"),
    [
        ({"operating_well": False}, None, "art9.1.not_operating_well"),
        ({"rnd_institution": ""}, None, "art9.2.no_rnd_institution"),
        ({}, _no_researchers, "art9.3.too_few_supervising_researchers"),
        ({"station": None}, None, "art9.4.no_station_intention"),
        ({}, _no_intention, "art9.4.no_station_intention"),
        ({"recruitment_plan": " "}, None, "art9.4.recruitment_plan_blank"),
        ({}, _no_projects, "art9.4.no_research_project"),
        ({"management_rules": ""}, None, "art9.5.no_management_rules"),
        ({"research_conditions": ""}, None, "art9.5.research_conditions_blank"),
        ({"living_conditions": ""}, None, "art9.5.living_conditions_blank"),
        ({"offered_annual_pay_yuan": None}, None, "art9.5.pay_not_stated"),
        ({"offered_annual_pay_yuan": 119999}, None, "art9.5.salary_below_floor"),
    ],
)
def test_submit_refused_for_each_missing_art9_item(world, fields, change, code):
    app = application_in(world, world.local_unit)
    BaseApplication.objects.filter(pk=app.pk).update(**fields)
    if change:
        change(app)
    assert _submit_refusal(world, app) == [code]


def test_submit_lists_every_failing_condition_in_article_order(world):
    Unit.objects.filter(pk=world.local_unit.pk).update(has_mobile_station=True)
    app = application_in(world, world.local_unit)
    BaseApplication.objects.filter(pk=app.pk).update(offered_annual_pay_yuan=100000, operating_well=False)
    assert _submit_refusal(world, app) == [
        "art2.has_mobile_station",
        "art9.1.not_operating_well",
        "art9.5.salary_below_floor",
    ]


def test_pay_at_the_floor_is_enough(world):
    app = application_in(world, world.local_unit)
    BaseApplication.objects.filter(pk=app.pk).update(offered_annual_pay_yuan=120000)
    assert (
        application_workflow.apply(app, "submit", actor=fresh(world["local_admin"])).state == S.BUREAU_REVIEW
    )


def test_central_unit_without_department_cannot_submit(world):
    Unit.objects.filter(pk=world.central_unit.pk).update(department=None)
    app = application_in(world, world.central_unit)
    assert _submit_refusal(world, app, "central_admin") == ["art11.1.department_missing"]


def test_local_unit_without_bureau_cannot_submit(world):
    Unit.objects.filter(pk=world.local_unit.pk).update(bureau=None)
    app = application_in(world, world.local_unit)
    assert _submit_refusal(world, app) == ["art11.1.bureau_missing"]


# --- bureau recommendation guard (Art. 11(2)) ----------------------------------------------------------
def _recommend_refusal(world, app) -> list:
    with pytest.raises(TransitionRefused) as exc:
        application_workflow.apply(app, "bureau_recommend", actor=fresh(world["bureau_own"]))
    assert _state(app) == S.BUREAU_REVIEW
    return exc.value.findings


def test_recommend_refused_without_a_preliminary_review(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    assert [f.code for f in _recommend_refusal(world, app)] == ["art11.2.review_missing"]


def test_recommend_refused_with_an_incomplete_preliminary_review(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    review = complete_review(app, checks={"1": True, "2": True, "4": True, "5": None})
    review.inspection = ""
    review.save()
    assert [f.code for f in _recommend_refusal(world, app)] == [
        "art11.2.conditions_unchecked",
        "art11.2.inspection_blank",
    ]


def test_recommend_refused_without_a_written_recommendation(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    review = complete_review(app)
    review.recommendation = "  "
    review.save()
    assert [f.code for f in _recommend_refusal(world, app)] == ["art11.2.recommendation_blank"]


def test_recommend_refused_when_a_condition_is_judged_not_met(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    complete_review(app, checks={"1": True, "2": True, "3": False, "4": True, "5": False})
    findings = _recommend_refusal(world, app)
    assert [f.code for f in findings] == ["art11.2.condition_failed"]
    assert (
        str(findings[0].message)
        == "初审认定第九条第（3）、（5）项条件不符合，不能推荐；可退回修改或不予推荐。"
    )


def test_recommend_allowed_with_a_complete_favourable_review(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    complete_review(app)
    assert (
        application_workflow.apply(app, "bureau_recommend", actor=fresh(world["bureau_own"])).state
        == S.RECOMMENDED
    )


# --- rounds ----------------------------------------------------------------------------------------------
ROUND_MATRIX = {
    "open": (RoundState.DRAFT, RoundState.OPEN),
    "close": (RoundState.OPEN, RoundState.CLOSED),
    "reopen": (RoundState.CLOSED, RoundState.OPEN),
}


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("action", sorted(ROUND_MATRIX))
def test_round_transitions_are_for_the_region_administrator_only(world, action, who):
    source, target = ROUND_MATRIX[action]
    round_ = RoundFactory(state=source)
    user = actor(world, who, world.local_unit)
    if who == "region_admin":
        assert round_workflow.apply(round_, action, actor=user).state == target
    else:
        with pytest.raises(TransitionRefused) as exc:
            round_workflow.apply(round_, action, actor=user)
        assert _codes(exc) == ["kernel.not_permitted"]
        assert Round.objects.get(pk=round_.pk).state == source


@pytest.mark.parametrize("action", sorted(ROUND_MATRIX))
def test_round_transitions_are_refused_from_other_states(world, action):
    source, _target = ROUND_MATRIX[action]
    for state in RoundState.values:
        if state == source:
            continue
        round_ = RoundFactory(state=state)
        with pytest.raises(TransitionRefused) as exc:
            round_workflow.apply(round_, action, actor=fresh(world["region_admin"]))
        assert _codes(exc) == ["kernel.wrong_state"]


def test_open_and_close_stamp_their_times(world):
    admin = fresh(world["region_admin"])
    round_ = round_workflow.apply(RoundFactory(state=RoundState.DRAFT), "open", actor=admin)
    assert round_.opened_at is not None and round_.closed_at is None
    round_ = round_workflow.apply(round_, "close", actor=admin)
    assert round_.closed_at is not None
    round_ = round_workflow.apply(round_, "reopen", actor=admin)
    assert round_.closed_at is None
    assert [e.action for e in events_for(round_)] == ["open", "close", "reopen"]


@pytest.mark.parametrize(("action", "source"), [("open", RoundState.DRAFT), ("reopen", RoundState.CLOSED)])
def test_opening_refused_while_another_round_is_open(world, action, source):
    RoundFactory(state=RoundState.OPEN)
    round_ = RoundFactory(state=source)
    with pytest.raises(TransitionRefused) as exc:
        round_workflow.apply(round_, action, actor=fresh(world["region_admin"]))
    assert _codes(exc) == ["round.another_open"]
    assert Round.objects.get(pk=round_.pk).state == source


@pytest.mark.parametrize(("action", "source"), [("open", RoundState.DRAFT), ("reopen", RoundState.CLOSED)])
def test_opening_refused_when_the_deadline_is_past(world, action, source):
    yesterday = timezone.localdate() - timedelta(days=1)
    round_ = RoundFactory(state=source, application_deadline=yesterday)
    with pytest.raises(TransitionRefused) as exc:
        round_workflow.apply(round_, action, actor=fresh(world["region_admin"]))
    assert _codes(exc) == ["round.deadline_past"]


def test_opening_a_round_notifies_bureau_and_department_officers(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        round_workflow.apply(RoundFactory(state=RoundState.DRAFT), "open", actor=fresh(world["region_admin"]))
    assert sorted(Notification.objects.values_list("recipient__username", flat=True)) == [
        "baotou", "dept", "hohhot", "other_dept",
    ]  # fmt: skip
