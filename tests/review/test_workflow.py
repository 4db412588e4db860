"""Assignment transitions: every action for every role, allowed and refused (第十一条第（三）项)."""

from decimal import Decimal

import pytest

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.models import BaseApplication
from postdoc_base.establishment.workflow import application_workflow
from postdoc_base.kernel.models import AuditEvent, Notification
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.review import services
from postdoc_base.review.enums import AssignmentState as A
from postdoc_base.review.enums import PanelPhase
from postdoc_base.review.models import Assignment
from postdoc_base.review.workflow import ASSIGNMENT_TRANSITIONS, assignment_workflow
from tests.factories import UnitFactory, user_with_role

from .conftest import assigned, assignment_of, fresh, score

pytestmark = pytest.mark.django_db

ACTORS = ("region_admin", "own_expert", "other_expert", "unit_admin", "bureau_officer")
# action -> (source state, the one actor allowed, target)
MATRIX = {
    "submit": (A.ASSIGNED, "own_expert", A.SUBMITTED),
    "reopen": (A.SUBMITTED, "region_admin", A.ASSIGNED),
    "withdraw": (A.ASSIGNED, "region_admin", A.WITHDRAWN),
}


def test_matrix_covers_every_assignment_transition():
    assert sorted(MATRIX) == sorted(t.action for t in ASSIGNMENT_TRANSITIONS)


def _actor(rw, who):
    if who == "region_admin":
        return fresh(rw.admin)
    if who == "own_expert":
        return rw.user("王敏")
    if who == "other_expert":
        return rw.user("李强")
    if who == "unit_admin":
        return user_with_role(Role.UNIT_ADMIN, rw.app.unit)
    return user_with_role(Role.BUREAU_OFFICER, rw.app.unit.bureau)


def _in_state(rw, state):
    panel = assigned(rw)
    a = assignment_of(panel, rw, "王敏")
    items = list(panel.rubric.items.all())
    services.scores_save(
        actor=rw.user("王敏"), assignment=a, scores={i.pk: Decimal(5) for i in items}, comment="好"
    )
    Assignment.objects.filter(pk=a.pk).update(state=state)
    return Assignment.objects.get(pk=a.pk)


@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize("action", sorted(MATRIX))
def test_each_assignment_transition_is_allowed_only_for_its_role(rw, action, who):
    source, allowed, target = MATRIX[action]
    a = _in_state(rw, source)
    user = _actor(rw, who)
    events = AuditEvent.objects.count()
    if who == allowed:
        assert assignment_workflow.apply(a, action, actor=user, comment="请复核。").state == target
        assert AuditEvent.objects.count() == events + 1
    else:
        with pytest.raises(TransitionRefused) as exc:
            assignment_workflow.apply(a, action, actor=user, comment="请复核。")
        assert [f.code for f in exc.value.findings] == ["kernel.not_permitted"]
        assert Assignment.objects.get(pk=a.pk).state == source
        assert AuditEvent.objects.count() == events


@pytest.mark.parametrize(
    ("action", "state"), [(act, s) for act, (src, _w, _t) in MATRIX.items() for s in A.values if s != src]
)
def test_each_assignment_transition_is_refused_from_other_states(rw, action, state):
    _src, allowed, _target = MATRIX[action]
    a = _in_state(rw, state)
    with pytest.raises(TransitionRefused) as exc:
        assignment_workflow.apply(a, action, actor=_actor(rw, allowed), comment="请复核。")
    assert [f.code for f in exc.value.findings] == ["kernel.wrong_state"]


@pytest.mark.parametrize("action", ["reopen", "withdraw"])
def test_reopen_and_withdraw_require_a_comment(rw, action):
    source, _allowed, _target = MATRIX[action]
    a = _in_state(rw, source)
    with pytest.raises(TransitionRefused) as exc:
        assignment_workflow.apply(a, action, actor=fresh(rw.admin), comment=" ")
    assert [f.code for f in exc.value.findings] == ["kernel.comment_required"]


def test_reopen_asks_the_expert_to_rescore_and_reopens_the_obligation(rw, django_capture_on_commit_callbacks):
    panel = assigned(rw)
    a = score(rw, assignment_of(panel, rw, "王敏"), "王敏")
    with django_capture_on_commit_callbacks(execute=True):
        a = assignment_workflow.apply(a, "reopen", actor=fresh(rw.admin), comment="请重新评估研发条件。")
    assert (a.state, a.submitted_at) == (A.ASSIGNED, None)
    assert Notification.objects.filter(recipient=rw.user("王敏")).count() == 1
    from postdoc_base.kernel.selectors import obligations_for

    assert obligations_for(rw.user("王敏")).count() == 1


def test_submit_refused_once_the_panel_is_closed(rw):
    a = _in_state(rw, A.ASSIGNED)
    services.panel_set_phase(actor=fresh(rw.admin), panel=a.panel, phase=PanelPhase.CLOSED)
    with pytest.raises(TransitionRefused) as exc:
        assignment_workflow.apply(a, "submit", actor=rw.user("王敏"))
    assert [f.code for f in exc.value.findings] == ["review.panel_closed"]


# --- the region decides pass or fail on the application (Art. 11(3)) -------------------------------------
@pytest.mark.parametrize("action", ["review_pass", "review_fail"])
def test_region_cannot_decide_while_scores_are_pending(rw, action):
    panel = assigned(rw)
    score(rw, assignment_of(panel, rw, "王敏"), "王敏")
    app = BaseApplication.objects.get(pk=rw.app.pk)
    with pytest.raises(TransitionRefused) as exc:
        application_workflow.apply(app, action, actor=fresh(rw.admin), comment="结论。")
    assert [f.code for f in exc.value.findings] == ["art11.3.scores_pending"]
    assert BaseApplication.objects.get(pk=rw.app.pk).state == ApplicationState.EXPERT_REVIEW


@pytest.mark.parametrize(
    ("action", "target"),
    [("review_pass", ApplicationState.PASSED), ("review_fail", ApplicationState.REJECTED)],
)
def test_region_decides_once_every_active_expert_has_submitted(rw, action, target):
    panel = assigned(rw)
    score(rw, assignment_of(panel, rw, "王敏"), "王敏")
    assignment_workflow.apply(
        assignment_of(panel, rw, "李强"), "withdraw", actor=fresh(rw.admin), comment="出差。"
    )
    app = application_workflow.apply(BaseApplication.objects.get(pk=rw.app.pk), action, actor=fresh(rw.admin),
                                     comment="论证结论。")  # fmt: skip
    assert app.state == target


def test_unit_and_expert_cannot_decide(rw):
    panel = assigned(rw, members=("王敏",))
    score(rw, assignment_of(panel, rw, "王敏"), "王敏")
    for user in (
        rw.user("王敏"),
        user_with_role(Role.UNIT_ADMIN, rw.app.unit),
        user_with_role(Role.UNIT_ADMIN, UnitFactory()),
    ):
        with pytest.raises(TransitionRefused) as exc:
            application_workflow.apply(BaseApplication.objects.get(pk=rw.app.pk), "review_pass", actor=user)
        assert [f.code for f in exc.value.findings] == ["kernel.not_permitted"]
