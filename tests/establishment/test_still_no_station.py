"""Arts. 2 and 24 after submission: a unit that sets up a postdoc workstation (or mobile station) while its
application is in review or in the public notice is held at every later step that moves the application on:
the department's consent, the bureau's recommendation and batch forwarding, the region's expert review and
pass, and the filing (bulk filing refuses that item with the reason and files the others). Each refusal is
the one guard ``unit_still_without_station`` (policy ``check_still_no_station``) and writes nothing."""

from datetime import timedelta

import pytest
from django.utils import timezone

from postdoc_base.directory.models import Unit
from postdoc_base.establishment import notices, services
from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.establishment.models import BaseApplication
from postdoc_base.establishment.workflow import application_workflow
from postdoc_base.kernel.models import AuditEvent, Obligation
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight.models import FilingSequence, PracticeBase
from postdoc_base.review.enums import AssignmentState
from tests.factories import RoundFactory
from tests.factories.notices import in_notice, passed_application, region_admin
from tests.factories.review import assignment_for
from tests.factories.world import application_in, complete_review, fast_passwords, fresh

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]


def _workstation(name: str) -> tuple[str, str, str]:
    return (
        "art2.has_workstation", "第二条",
        f"不符合第二条：申报单位“{name}”已设立博士后科研工作站，不能设立为博士后创新实践基地，本申请不能继续办理"
        "（第二十四条：基地获批设立博士后科研工作站的，其基地资格自动注销）。",
    )  # fmt: skip


def _mobile_station(name: str) -> tuple[str, str, str]:
    return (
        "art2.has_mobile_station", "第二条",
        f"不符合第二条：申报单位“{name}”已设立博士后科研流动站，不能设立为博士后创新实践基地，本申请不能继续办理。",
    )  # fmt: skip


CAUSES = {"has_workstation": _workstation, "has_mobile_station": _mobile_station}


# Each later step: (set-up giving the application and a call that takes the step, the state it moves to).
def _dept_consent(world):
    app = application_in(world, world.central_unit, S.DEPT_REVIEW)
    return app, lambda: application_workflow.apply(app, "dept_consent", actor=fresh(world["dept_own"]))


def _bureau_recommend(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    complete_review(app)
    return app, lambda: application_workflow.apply(app, "bureau_recommend", actor=fresh(world["bureau_own"]))


def _bureau_forward(world):
    app = application_in(world, world.local_unit, S.RECOMMENDED)
    complete_review(app, rank=1)
    return app, lambda: services.bureau_batch_submit(
        actor=fresh(world["bureau_own"]), round_=app.round, bureau_id=app.unit.bureau_id
    )


def _start_review(world):
    app = application_in(world, world.local_unit, S.AT_REGION)
    assignment_for(app)
    return app, lambda: application_workflow.apply(app, "start_review", actor=fresh(world["region_admin"]))


def _review_pass(world):
    app = application_in(world, world.local_unit, S.EXPERT_REVIEW)
    assignment_for(app, AssignmentState.SUBMITTED)
    return app, lambda: application_workflow.apply(app, "review_pass", actor=fresh(world["region_admin"]))


def _file(world):
    app = application_in(world, world.local_unit, S.PASSED)
    in_notice(app, ends_on=timezone.localdate() - timedelta(days=1))

    def file():
        [item] = notices.filing_execute(actor=fresh(world["region_admin"]), round_=app.round,
                                        application_ids=[app.pk])  # fmt: skip
        if not item.ok:
            raise TransitionRefused(item.findings)

    return app, file


STEPS = {
    "dept_consent": (_dept_consent, S.DEPT_REVIEW, S.BUREAU_REVIEW),
    "bureau_recommend": (_bureau_recommend, S.BUREAU_REVIEW, S.RECOMMENDED),
    "bureau_forward": (_bureau_forward, S.RECOMMENDED, S.AT_REGION),
    "start_review": (_start_review, S.AT_REGION, S.EXPERT_REVIEW),
    "review_pass": (_review_pass, S.EXPERT_REVIEW, S.PASSED),
    "file": (_file, S.IN_NOTICE, S.FILED),
}


def _written() -> tuple:
    """Everything a step could write."""
    return (
        AuditEvent.objects.count(),
        list(BaseApplication.objects.order_by("pk").values_list("pk", "state", "forwarded_at")),
        list(Obligation.objects.order_by("pk").values_list("pk", "kind", "status")),
        PracticeBase.objects.count(),
        list(FilingSequence.objects.values_list("year", "last_number")),
    )


@pytest.mark.parametrize("cause", sorted(CAUSES))
@pytest.mark.parametrize("step", sorted(STEPS))
def test_a_unit_that_set_up_a_station_during_review_is_held_at_every_later_step(world, step, cause):
    set_up, source, _target = STEPS[step]
    app, take_step = set_up(world)
    assert BaseApplication.objects.get(pk=app.pk).state == source
    Unit.objects.filter(pk=app.unit_id).update(**{cause: True})
    before = _written()

    with pytest.raises(TransitionRefused) as refused:
        take_step()

    assert [(f.code, f.article, str(f.message)) for f in refused.value.findings] == [
        CAUSES[cause](app.unit.name)
    ]
    assert _written() == before
    assert BaseApplication.objects.get(pk=app.pk).state == source


@pytest.mark.parametrize("step", sorted(STEPS))
def test_the_same_step_goes_through_for_a_unit_still_without_a_station(world, step):
    """The control: the set-up above is complete, so the refusal is the station and nothing else."""
    set_up, _source, target = STEPS[step]
    app, take_step = set_up(world)
    take_step()
    assert BaseApplication.objects.get(pk=app.pk).state == target


def test_the_action_panel_gives_the_reason_before_anyone_clicks(world):
    app, _take_step = _review_pass(world)
    Unit.objects.filter(pk=app.unit_id).update(has_workstation=True)
    app = BaseApplication.objects.get(pk=app.pk)  # as the page reads it
    options = {o.action: o for o in application_workflow.available_actions(app, fresh(world["region_admin"]))}
    assert options["review_pass"].allowed is False
    assert [(f.code, str(f.message)) for f in options["review_pass"].findings] == [
        _workstation(app.unit.name)[::2]
    ]
    assert options["review_fail"].allowed is True  # the region can still decide against it


def test_bulk_filing_refuses_the_unit_with_a_workstation_and_files_the_others():
    admin = region_admin()
    round_ = RoundFactory(state="closed")
    past = timezone.localdate() - timedelta(days=1)
    first, held, last = (in_notice(passed_application(round_), ends_on=past).application for _ in range(3))
    Unit.objects.filter(pk=held.unit_id).update(has_workstation=True)

    preview = {p.application.pk: (p.ok, [(f.code, str(f.message)) for f in p.findings])
               for p in notices.filing_preview(actor=admin, round_=round_)}  # fmt: skip
    results = notices.filing_execute(actor=admin, round_=round_, application_ids=[first.pk, held.pk, last.pk])

    year = timezone.localdate().year
    reason = _workstation(held.unit.name)
    assert preview == {first.pk: (True, []), held.pk: (False, [reason[::2]]), last.pk: (True, [])}
    assert [(r.application.pk, r.ok, r.filing_number) for r in results] == [
        (first.pk, True, f"蒙博基备〔{year}〕001号"),
        (held.pk, False, ""),
        (last.pk, True, f"蒙博基备〔{year}〕002号"),
    ]
    assert [(f.code, f.article, str(f.message)) for f in results[1].findings] == [reason]
    states = dict(BaseApplication.objects.values_list("pk", "state"))
    assert (states[first.pk], states[held.pk], states[last.pk]) == (S.FILED, S.IN_NOTICE, S.FILED)
    assert set(PracticeBase.objects.values_list("application_id", flat=True)) == {first.pk, last.pk}
    assert not AuditEvent.objects.filter(subject_id=str(held.pk), action="file").exists()
