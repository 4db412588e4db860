"""Panels, conflict-of-interest exclusion, scoring and aggregation (第十一条第（三）项 / Art. 11(3))."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.models import BaseApplication
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.selectors import obligations_for
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.review import services
from postdoc_base.review.enums import AssignmentState, PanelPhase
from postdoc_base.review.models import Assignment, Exclusion, PanelMember, Rubric, Score

from .conftest import UNIT_A, UNIVERSITY_A, assigned, assignment_of, fresh, make_panel, score

pytestmark = pytest.mark.django_db


# --- conflict of interest: one case per cause ----------------------------------------------------------
@pytest.mark.parametrize(
    ("expert", "cause", "organisation"),
    [
        ("张伟", "employer_is_subject", UNIT_A),
        ("赵磊", "employer_is_partner", UNIVERSITY_A),
        ("孙丽", "declared", UNIT_A),
    ],
)
def test_conflicted_expert_is_excluded_and_the_exclusion_logged(rw, expert, cause, organisation):
    panel = make_panel(rw, members=("王敏", expert))

    result = services.panel_assign(actor=fresh(rw.admin), panel=panel, subjects=[rw.app])

    (item,) = result.subjects
    assert [m.expert.name for m in item.assigned] == ["王敏"]
    assert [(m.expert.name, causes) for m, causes in item.excluded] == [(expert, [(cause, organisation)])]
    assert list(Exclusion.objects.values_list("expert__name", "cause", "organisation", "subject_id")) == [
        (expert, cause, organisation, rw.app.pk)
    ]
    assert not Assignment.objects.filter(member__expert=rw.expert(expert)).exists()
    exclude_events = AuditEvent.objects.filter(action="exclude", subject_type="review.panel")
    assert exclude_events.count() == 1
    assert exclude_events.get().diff["exclusion"][1]["causes"] == [cause]


def test_conflicted_expert_still_reviews_other_subjects(rw):
    panel = make_panel(rw, members=("张伟",))
    result = services.panel_assign(actor=fresh(rw.admin), panel=panel, subjects=[rw.app, rw.other_app])
    assert [len(r.assigned) for r in result.subjects] == [0, 1]
    assert list(Assignment.objects.values_list("subject_id", flat=True)) == [rw.other_app.pk]


def test_assigning_twice_logs_each_exclusion_once_and_keeps_one_assignment(rw):
    panel = make_panel(rw, members=("王敏", "张伟"))
    services.panel_assign(actor=fresh(rw.admin), panel=panel, subjects=[rw.app])
    result = services.panel_assign(actor=fresh(rw.admin), panel=panel, subjects=[rw.app])
    assert [m.expert.name for m in result.subjects[0].already] == ["王敏"]
    assert Exclusion.objects.count() == 1
    assert Assignment.objects.count() == 1


def test_assignment_starts_review_and_opens_the_experts_obligation(rw):
    panel = assigned(rw)

    assert BaseApplication.objects.get(pk=rw.app.pk).state == ApplicationState.EXPERT_REVIEW
    todo = obligations_for(rw.user("王敏")).get()
    a = assignment_of(panel, rw, "王敏")
    assert (todo.kind, todo.due_on, todo.scope_kind, todo.scope_id, todo.article, todo.url) == (
        "review_score", panel.due_on, "expert", rw.expert("王敏").pk, "第十一条第（三）项", f"/review/assignments/{a.pk}/",
    )  # fmt: skip
    assert list(obligations_for(rw.user("孙丽"))) == []


def test_submitting_closes_the_obligation(rw):
    panel = assigned(rw)
    score(rw, assignment_of(panel, rw, "王敏"), "王敏")
    assert (
        Obligation.objects.get(kind="review_score", scope_id=rw.expert("王敏").pk).status
        == ObligationStatus.MET
    )


def test_assign_refuses_an_application_outside_the_panels_round_or_state(rw):
    panel = make_panel(rw)
    BaseApplication.objects.filter(pk=rw.other_app.pk).update(state=ApplicationState.BUREAU_REVIEW)
    with pytest.raises(ValidationError):
        services.panel_assign(actor=fresh(rw.admin), panel=panel, subjects=[rw.app, rw.other_app])
    assert Assignment.objects.count() == 0
    assert BaseApplication.objects.get(pk=rw.app.pk).state == ApplicationState.AT_REGION


def test_only_the_region_administrator_organises(rw):
    panel = make_panel(rw)
    expert = rw.user("王敏")
    with pytest.raises(TransitionRefused) as exc:
        services.panel_assign(actor=expert, panel=panel, subjects=[rw.app])
    assert [f.code for f in exc.value.findings] == ["kernel.not_permitted"]
    for call in (
        lambda: services.rubric_create(actor=expert, name="x", items=[{"label": "a", "weight": 1}]),
        lambda: services.panel_add_member(actor=expert, panel=panel, expert=rw.expert("孙丽")),
        lambda: services.panel_set_phase(actor=expert, panel=panel, phase=PanelPhase.SHARED),
    ):
        with pytest.raises(TransitionRefused):
            call()
    assert Assignment.objects.count() == 0


def test_members_get_aliases_in_order_and_inactive_experts_are_refused(rw):
    panel = make_panel(rw, members=("王敏", "李强", "孙丽"))
    assert list(panel.members.values_list("alias", "expert__name")) == [
        ("专家A", "王敏"), ("专家B", "李强"), ("专家C", "孙丽"),
    ]  # fmt: skip
    expert = rw.expert("赵磊")
    expert.active = False
    expert.save()
    with pytest.raises(ValidationError):
        services.panel_add_member(actor=fresh(rw.admin), panel=panel, expert=expert)
    assert PanelMember.objects.filter(panel=panel).count() == 3


@pytest.mark.parametrize(
    "items",
    [
        [],
        [{"label": "研发条件", "weight": 0}],
        [{"label": "研发条件", "weight": -1}],
        [{"label": " ", "weight": 1}],
    ],
)
def test_rubric_needs_items_with_positive_weights(rw, items):
    with pytest.raises(ValidationError):
        services.rubric_create(actor=fresh(rw.admin), name="评分标准", items=items)
    assert Rubric.objects.count() == 0


def test_rubric_create_stores_items_in_order(rw):
    rubric = services.rubric_create(actor=fresh(rw.admin), name="评分标准", items=[
        {"label": "研发条件", "guidance": "场地", "weight": Decimal(2), "max_score": Decimal(50)},
        {"label": "团队", "weight": Decimal(1)},
    ])  # fmt: skip
    assert list(rubric.items.values_list("label", "weight", "max_score", "order")) == [
        ("研发条件", Decimal(2), Decimal(50), 1), ("团队", Decimal(1), Decimal(100), 2),
    ]  # fmt: skip


# --- scoring -------------------------------------------------------------------------------------------
def test_scores_are_weighted_to_a_hundred_point_total(rw):
    panel = assigned(rw)
    a = score(rw, assignment_of(panel, rw, "王敏"), "王敏", values=(Decimal(90), Decimal(8)))
    # (90/100*3 + 8/10*1) / 4 * 100 = 87.5
    assert (a.state, a.total, a.submitted_at is not None) == (
        AssignmentState.SUBMITTED,
        Decimal("87.50"),
        True,
    )


@pytest.mark.parametrize("bad", [Decimal(101), Decimal(-1), "abc"])
def test_out_of_range_score_is_refused_and_nothing_changes(rw, bad):
    panel = assigned(rw)
    a = assignment_of(panel, rw, "王敏")
    first, second = panel.rubric.items.all()
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError):
        services.scores_save(actor=rw.user("王敏"), assignment=a, scores={first.pk: Decimal(50), second.pk: bad},
                             comment="意见")  # fmt: skip
    assert Score.objects.count() == 0
    assert Assignment.objects.get(pk=a.pk).comment == ""
    assert AuditEvent.objects.count() == events


def test_submit_with_a_missing_item_is_refused_and_nothing_changes(rw):
    from postdoc_base.review.workflow import assignment_workflow

    panel = assigned(rw)
    a = assignment_of(panel, rw, "王敏")
    first = panel.rubric.items.first()
    services.scores_save(actor=rw.user("王敏"), assignment=a, scores={first.pk: Decimal(50)}, comment="")
    with pytest.raises(TransitionRefused) as exc:
        assignment_workflow.apply(a, "submit", actor=rw.user("王敏"))
    assert [f.code for f in exc.value.findings] == ["review.items_unscored", "review.comment_blank"]
    a = Assignment.objects.get(pk=a.pk)
    assert (a.state, a.total, a.submitted_at) == (AssignmentState.ASSIGNED, None, None)


def test_only_the_assigned_expert_may_score(rw):
    panel = assigned(rw)
    a = assignment_of(panel, rw, "王敏")
    item = panel.rubric.items.first()
    for user in (rw.user("李强"), fresh(rw.admin)):
        with pytest.raises(TransitionRefused) as exc:
            services.scores_save(actor=user, assignment=a, scores={item.pk: 1}, comment="x")
        assert [f.code for f in exc.value.findings] == ["kernel.not_permitted"]
    assert Score.objects.count() == 0


def test_scores_cannot_change_after_submission_or_when_closed(rw):
    panel = assigned(rw)
    a = score(rw, assignment_of(panel, rw, "王敏"), "王敏")
    item = panel.rubric.items.first()
    with pytest.raises(TransitionRefused) as exc:
        services.scores_save(actor=rw.user("王敏"), assignment=a, scores={item.pk: 1}, comment="x")
    assert [f.code for f in exc.value.findings] == ["review.not_open"]
    services.panel_set_phase(actor=fresh(rw.admin), panel=panel, phase=PanelPhase.CLOSED)
    b = assignment_of(panel, rw, "李强")
    with pytest.raises(TransitionRefused) as exc:
        services.scores_save(actor=rw.user("李强"), assignment=b, scores={item.pk: 1}, comment="x")
    assert [f.code for f in exc.value.findings] == ["review.panel_closed"]


# --- aggregation ---------------------------------------------------------------------------------------
def test_aggregate_gives_mean_median_and_flags_wide_disagreement(rw):
    panel = assigned(rw, members=("王敏", "李强"), threshold=Decimal(20))
    score(rw, assignment_of(panel, rw, "王敏"), "王敏", values=(Decimal(90), Decimal(8)))  # 87.50
    score(rw, assignment_of(panel, rw, "李强"), "李强", values=(Decimal(60), Decimal(4)))  # 55.00
    agg = services.subject_aggregate(rw.app)
    assert (agg.count, agg.mean, agg.median, agg.spread, agg.disagreement) == (
        2, Decimal("71.25"), Decimal("71.25"), Decimal("32.50"), True,
    )  # fmt: skip


def test_aggregate_ignores_unsubmitted_scores_and_agrees_within_threshold(rw):
    panel = assigned(rw, members=("王敏", "李强", "孙丽"), threshold=Decimal(20))
    score(rw, assignment_of(panel, rw, "王敏"), "王敏", values=(Decimal(90), Decimal(8)))
    score(rw, assignment_of(panel, rw, "李强"), "李强", values=(Decimal(80), Decimal(8)), submit=False)
    agg = services.subject_aggregate(rw.app)
    assert (agg.count, agg.mean, agg.disagreement) == (1, Decimal("87.50"), False)


# --- phases --------------------------------------------------------------------------------------------
def test_phases_move_forward_only_and_are_audited(rw):
    panel = make_panel(rw)
    admin = fresh(rw.admin)
    services.panel_set_phase(actor=admin, panel=panel, phase=PanelPhase.SHARED)
    with pytest.raises(TransitionRefused) as exc:
        services.panel_set_phase(actor=admin, panel=panel, phase=PanelPhase.INDEPENDENT)
    assert [f.code for f in exc.value.findings] == ["review.phase_backwards"]
    services.panel_set_phase(actor=admin, panel=panel, phase=PanelPhase.CLOSED)
    assert list(
        AuditEvent.objects.filter(subject_type="review.panel", action__in=["open_shared", "close"])
        .order_by("seq")
        .values_list("action", "from_state", "to_state")
    ) == [("open_shared", "independent", "shared"), ("close", "shared", "closed")]
