"""Kernel behaviours added for the stay (ch. 4): due dates that move, items owed by nobody yet, other roles
meeting an item, steps the rules take, and articles that depend on the subject.

A small workflow over ``TermExtension`` (any model with a state field would do) keeps these tests about the
kernel, not about extensions."""

from datetime import date

import pytest

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import assignment_of
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import (
    SYSTEM_ROLE,
    WORKFLOWS,
    ObligationSpec,
    Transition,
    Workflow,
    article_of,
)
from postdoc_base.tenure.stay.models import TermExtension
from tests.factories.exits import extension, make_exit_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _registry_restored():
    """The probe registers itself for ``TermExtension`` in the kernel's registry, in place of the extension's
    workflow; put the real one back, or every later test on this worker sees the probe's obligation kinds (the
    reminder catalogue then misses the extension's)."""
    saved = dict(WORKFLOWS)
    yield
    WORKFLOWS.clear()
    WORKFLOWS.update(saved)


DUE = {"value": date(2027, 1, 31)}


def _scope(ext):
    return ext.appointment.base.unit_id if ext.months < 60 else None  # 60+: owed by nobody yet


def _article(ext) -> str:
    return "第十四条" if ext.months < 24 else "第十四条（超过2年）"


def _workflow():
    return Workflow(
        name="kernel_rules_probe",
        model=TermExtension,
        transitions=[
            Transition(
                "approve", "同意", ("requested",), "base_approved", (Role.UNIT_ADMIN, Role.POSTDOC), _article
            ),
            Transition(
                "lapse",
                "终止",
                ("requested",),
                "lapsed",
                (SYSTEM_ROLE,),
                _article,
                effect=lambda ext, ctx: setattr(ext, "decided_on", ctx.today),
            ),
        ],  # fmt: skip
        assignment_for=lambda user, role, ext: (
            assignment_of(user, role, unit_id=ext.appointment.base.unit_id)
            if role == Role.UNIT_ADMIN
            else assignment_of(user, role, postdoc_id=ext.appointment.postdoc_id)
        ),
        state_labels={"requested": "已申请", "base_approved": "已同意", "lapsed": "终止"},
        obligations=[
            ObligationSpec(
                "probe_review",
                "审核",
                frozenset({"requested"}),
                Role.UNIT_ADMIN,
                _scope,
                lambda ext: DUE["value"],
                _article,
                met_by=(Role.POSTDOC,),
            ),
        ],  # fmt: skip
        url=lambda ext: "/",
    )


@pytest.fixture
def world():
    return make_exit_world()


def _open(ext):
    return Obligation.objects.filter(
        subject_id=str(ext.pk), kind="probe_review", status=ObligationStatus.OPEN
    )


def test_an_open_obligation_is_re_dated_when_its_due_rule_moves(world):
    flow, ext = _workflow(), extension(world)
    flow.sync_obligations(ext, ext.state)
    assert _open(ext).get().due_on == date(2027, 1, 31)
    DUE["value"] = date(2028, 1, 31)
    try:
        flow.sync_obligations(ext, ext.state)
    finally:
        DUE["value"] = date(2027, 1, 31)
    assert list(_open(ext).values_list("due_on", flat=True)) == [date(2028, 1, 31)]


def test_an_obligation_owed_by_nobody_yet_is_not_opened(world):
    flow, ext = _workflow(), extension(world, months=60)
    flow.sync_obligations(ext, ext.state)
    assert not Obligation.objects.filter(subject_id=str(ext.pk)).exists()


@pytest.mark.parametrize(
    "who, status", [("base_same", ObligationStatus.MET), ("postdoc_own", ObligationStatus.MET)]
)
def test_a_role_named_in_met_by_meets_the_item(world, who, status):
    flow, ext = _workflow(), extension(world)
    flow.sync_obligations(ext, ext.state)
    flow.apply(ext, "approve", actor=world[who])
    assert Obligation.objects.get(subject_id=str(ext.pk)).status == status


def test_another_role_moving_the_case_on_cancels_the_item(world):
    flow, ext = _workflow(), extension(world)
    flow.sync_obligations(ext, ext.state)
    flow.sync_obligations(ext, "base_approved", acting_role=Role.REGION_ADMIN)
    assert Obligation.objects.get(subject_id=str(ext.pk)).status == ObligationStatus.CANCELLED


def test_a_step_taken_by_the_rules_is_audited_as_system_and_cancels_what_it_ends(world):
    flow, ext = _workflow(), extension(world)
    flow.sync_obligations(ext, ext.state)
    done = flow.apply_by_rule(ext, "lapse", comment="已出基地", on=date(2026, 12, 1))
    assert (done.state, done.decided_on) == ("lapsed", date(2026, 12, 1))
    event = AuditEvent.objects.get(action="lapse")
    assert (event.actor_id, event.role, event.from_state, event.to_state, event.comment) == (
        None, SYSTEM_ROLE, "requested", "lapsed", "已出基地",
    )  # fmt: skip
    assert event.diff["decided_on"] == [None, "2026-12-01"]
    assert Obligation.objects.get(subject_id=str(ext.pk)).status == ObligationStatus.CANCELLED


def test_a_step_the_rules_take_must_be_a_row_of_the_table_and_start_from_its_states(world):
    from postdoc_base.kernel.workflow import TransitionRefused, UnknownAction

    flow, ext = _workflow(), extension(world)
    with pytest.raises(UnknownAction):
        flow.apply_by_rule(ext, "approve")  # a person's step, not the rules'
    with pytest.raises(UnknownAction):
        flow.apply_by_rule(ext, "vanish")
    flow.apply_by_rule(ext, "lapse")
    with pytest.raises(TransitionRefused) as refused:
        flow.apply_by_rule(ext, "lapse")
    assert [f.code for f in refused.value.findings] == ["kernel.wrong_state"]
    assert AuditEvent.objects.filter(action="lapse").count() == 1


def test_nobody_is_offered_or_may_take_a_step_of_the_rules(world):
    from postdoc_base.kernel.workflow import TransitionRefused

    flow, ext = _workflow(), extension(world)
    for who in ("base_same", "postdoc_own"):
        assert [o.action for o in flow.available_actions(ext, world[who])] == ["approve"]
        with pytest.raises(TransitionRefused) as refused:
            flow.apply(ext, "lapse", actor=world[who])
        assert [f.code for f in refused.value.findings] == ["kernel.not_permitted"]


@pytest.mark.parametrize("months, article", [(12, "第十四条"), (30, "第十四条（超过2年）")])
def test_an_article_may_depend_on_the_subject(world, months, article):
    flow, ext = _workflow(), extension(world, months=months)
    flow.sync_obligations(ext, ext.state)
    assert Obligation.objects.get(subject_id=str(ext.pk)).article == article
    (option,) = flow.available_actions(ext, world["base_same"])
    assert option.article == article
    assert article_of("第八条", ext) == "第八条"


def test_require_gives_the_assignment_or_refuses_on_state_or_permission_only(world):
    from postdoc_base.kernel.workflow import TransitionRefused

    flow, ext = _workflow(), extension(world)
    assert flow.require(ext, "approve", world["base_same"]).role == Role.UNIT_ADMIN
    with pytest.raises(TransitionRefused) as refused:
        flow.require(ext, "approve", world["station_same"])
    assert [f.code for f in refused.value.findings] == ["kernel.not_permitted"]
    ext.state = "base_approved"
    with pytest.raises(TransitionRefused) as refused:
        flow.require(ext, "approve", world["base_same"])
    assert [f.code for f in refused.value.findings] == ["kernel.wrong_state"]
