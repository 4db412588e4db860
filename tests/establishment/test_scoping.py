"""``applications_visible_to``: the one place that decides which applications each user may see."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.establishment.models import BaseApplication
from postdoc_base.establishment.selectors import applications_visible_to, rounds_visible_to
from tests.factories import RoundFactory, UnitFactory, user_with_role
from tests.factories.shared import fresh_copy, once_per_module
from tests.factories.world import application_in, fast_passwords, fresh, make_world

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]


def _build_data():
    world = make_world()
    hulunbuir_unit = UnitFactory(name="呼伦贝尔本地公司", bureau=world.hulunbuir)
    manzhouli_unit = UnitFactory(name="满洲里本地公司", bureau=world.manzhouli)
    local_with_dept = UnitFactory(name="有主管部门的地方公司", bureau=world.hohhot, department=world.dept)
    baotou_central = UnitFactory(name="包头中央驻区公司", bureau=world.baotou, affiliation="central",
                                 department=world.other_dept)  # fmt: skip

    apps = {
        "local_draft": application_in(world, world.local_unit),
        "local_review": application_in(world, world.local_unit, S.BUREAU_REVIEW),
        "local_returned": application_in(world, world.local_unit, S.RETURNED),
        "local_at_region": application_in(world, world.local_unit, S.AT_REGION),
        "local_withdrawn_draft": application_in(world, world.local_unit),
        "central_dept": application_in(world, world.central_unit, S.DEPT_REVIEW),
        "central_bureau": application_in(world, world.central_unit, S.BUREAU_REVIEW),
        "region_draft": application_in(world, world.region_unit),
        "region_dept": application_in(world, world.region_unit, S.DEPT_REVIEW),
        "region_at_region": application_in(world, world.region_unit, S.AT_REGION),
        "baotou_review": application_in(world, world.other_unit, S.BUREAU_REVIEW),
        "baotou_draft": application_in(world, world.other_unit),
        "baotou_central_dept": application_in(world, baotou_central, S.DEPT_REVIEW),
        "local_dept_review": application_in(world, local_with_dept, S.BUREAU_REVIEW),
        "hulunbuir_review": application_in(world, hulunbuir_unit, S.BUREAU_REVIEW),
        "manzhouli_review": application_in(world, manzhouli_unit, S.RECOMMENDED),
    }
    # Withdrawn before it was ever submitted: still the applicant's own business.
    BaseApplication.objects.filter(pk=apps["local_withdrawn_draft"].pk).update(state=S.WITHDRAWN)
    # With the bureau because its department agreed (Art. 11(1)); the other central ones still wait for theirs.
    BaseApplication.objects.filter(pk=apps["central_bureau"].pk).update(dept_consented_at=timezone.now())
    world.users["hulunbuir"] = user_with_role(Role.BUREAU_OFFICER, world.hulunbuir, username="hulunbuir")
    world.users["manzhouli"] = user_with_role(Role.BUREAU_OFFICER, world.manzhouli, username="manzhouli")
    return world, apps


shared_data = once_per_module(_build_data)


@pytest.fixture
def data(shared_data, db):
    return fresh_copy(shared_data)


SUBMITTED = [
    "local_review", "local_returned", "local_at_region", "central_dept", "central_bureau", "region_dept",
    "region_at_region", "baotou_review", "baotou_central_dept", "local_dept_review", "hulunbuir_review",
    "manzhouli_review",
]  # fmt: skip

EXPECTED = {
    "region_admin": SUBMITTED,
    # A central unit's application reaches the bureau only once its department agreed (Art. 11(1)).
    "bureau_own": [
        "local_review",
        "local_returned",
        "local_at_region",
        "central_bureau",
        "local_dept_review",
    ],  # fmt: skip
    "bureau_other": ["baotou_review"],
    "dept_own": ["central_dept", "central_bureau", "region_dept", "region_at_region"],
    "dept_other": ["baotou_central_dept"],
    "local_admin": [
        "local_draft",
        "local_review",
        "local_returned",
        "local_at_region",
        "local_withdrawn_draft",
    ],
    "region_unit_admin": ["region_draft", "region_dept", "region_at_region"],
    "unit_other": ["baotou_review", "baotou_draft"],
    "hulunbuir": ["hulunbuir_review"],
    "manzhouli": ["manzhouli_review"],
    "station": [],
    "expert": [],
}


def _ids(apps, names) -> set[int]:
    return {apps[n].pk for n in names}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_role_sees_exactly_its_applications(data, who):
    world, apps = data
    qs = applications_visible_to(fresh(world[who]))
    assert set(qs.values_list("pk", flat=True)) == _ids(apps, EXPECTED[who])
    assert qs.count() == len(EXPECTED[who])


def test_anonymous_sees_nothing(data):
    assert applications_visible_to(AnonymousUser()).count() == 0


def test_drafts_are_hidden_from_every_reviewer(data):
    world, apps = data
    drafts = _ids(apps, ["local_draft", "region_draft", "baotou_draft", "local_withdrawn_draft"])
    for who in ("region_admin", "bureau_own", "bureau_other", "dept_own", "dept_other"):
        assert not applications_visible_to(fresh(world[who])).filter(pk__in=drafts).exists(), who


def test_region_level_units_are_hidden_from_the_bureau_they_are_registered_in(data):
    world, apps = data
    assert world.region_unit.bureau_id == world.hohhot.pk
    region_apps = _ids(apps, ["region_draft", "region_dept", "region_at_region"])
    assert not applications_visible_to(fresh(world["bureau_own"])).filter(pk__in=region_apps).exists()


def test_department_does_not_see_local_units_it_happens_to_supervise(data):
    world, apps = data
    assert (
        not applications_visible_to(fresh(world["dept_own"])).filter(pk=apps["local_dept_review"].pk).exists()
    )


def test_separately_planned_city_and_its_parent_see_disjoint_sets(data):
    world, apps = data
    manzhouli = set(applications_visible_to(fresh(world["manzhouli"])).values_list("pk", flat=True))
    hulunbuir = set(applications_visible_to(fresh(world["hulunbuir"])).values_list("pk", flat=True))
    assert manzhouli == {apps["manzhouli_review"].pk}
    assert hulunbuir == {apps["hulunbuir_review"].pk}
    assert manzhouli.isdisjoint(hulunbuir)


def test_a_user_with_two_scopes_sees_the_union(data):
    world, apps = data
    both = world["manzhouli"]
    RoleAssignment.objects.create(user=both, role=Role.BUREAU_OFFICER, bureau=world.hulunbuir)
    assert set(applications_visible_to(fresh(both)).values_list("pk", flat=True)) == _ids(
        apps, ["manzhouli_review", "hulunbuir_review"]
    )


def test_inactive_assignment_grants_nothing(data):
    world, _apps = data
    RoleAssignment.objects.filter(user=world["bureau_own"]).update(active=False)
    assert applications_visible_to(fresh(world["bureau_own"])).count() == 0


def test_visible_list_is_one_query_once_assignments_are_loaded(data, django_assert_num_queries):
    world, apps = data
    officer = fresh(world["region_admin"])
    officer.assignments  # noqa: B018 - load the cached assignments first
    with django_assert_num_queries(1):
        rows = list(applications_visible_to(officer))
    with django_assert_num_queries(0):
        labels = [str(a) for a in rows] + [a.unit.bureau.name if a.unit.bureau else "" for a in rows]
    assert len(labels) == 2 * len(SUBMITTED)
    assert sorted(a.pk for a in rows) == sorted(apps[name].pk for name in SUBMITTED)
    assert sorted(labels[: len(rows)]) == sorted(str(apps[name]) for name in SUBMITTED)


def test_draft_rounds_are_visible_only_to_the_region_admin(data):
    world, _apps = data
    draft = RoundFactory(state="draft")
    assert rounds_visible_to(fresh(world["region_admin"])).filter(pk=draft.pk).exists()
    for who in ("bureau_own", "local_admin", "expert"):
        assert not rounds_visible_to(fresh(world[who])).filter(pk=draft.pk).exists()
    assert not rounds_visible_to(AnonymousUser()).filter(pk=draft.pk).exists()
