import pytest
from django.contrib.auth.models import AnonymousUser

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.models import Bureau
from postdoc_base.directory.selectors import (
    bureaus_visible_to,
    departments_visible_to,
    experts_visible_to,
    stations_visible_to,
    units_visible_to,
)
from tests.factories import (
    DepartmentFactory,
    ExpertFactory,
    StationFactory,
    UnitFactory,
    bureau,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_bureaus():
    dept = DepartmentFactory()
    hohhot = UnitFactory(bureau=bureau("呼和浩特市"))
    baotou = UnitFactory(bureau=bureau("包头市"), affiliation="central", department=dept)
    return hohhot, baotou, dept


def test_region_admin_sees_every_unit(two_bureaus):
    user = user_with_role(Role.REGION_ADMIN)
    assert set(units_visible_to(user)) == set(two_bureaus[:2])


def test_bureau_officer_sees_only_own_bureau_units(two_bureaus):
    hohhot, baotou, _dept = two_bureaus
    assert list(units_visible_to(user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")))) == [hohhot]
    assert list(units_visible_to(user_with_role(Role.BUREAU_OFFICER, bureau("包头市")))) == [baotou]


def test_dept_officer_sees_only_their_departments_units(two_bureaus):
    _hohhot, baotou, dept = two_bureaus
    assert list(units_visible_to(user_with_role(Role.DEPT_OFFICER, dept))) == [baotou]
    assert list(units_visible_to(user_with_role(Role.DEPT_OFFICER, DepartmentFactory()))) == []


def test_unit_admin_sees_only_own_unit(two_bureaus):
    hohhot, _baotou, _dept = two_bureaus
    assert list(units_visible_to(user_with_role(Role.UNIT_ADMIN, hohhot))) == [hohhot]


@pytest.mark.parametrize("role", [Role.STATION_CONTACT, Role.EXPERT])
def test_other_roles_see_no_units(two_bureaus, role):
    scope = StationFactory() if role == Role.STATION_CONTACT else ExpertFactory()
    assert list(units_visible_to(user_with_role(role, scope))) == []


def test_anonymous_sees_nothing(two_bureaus):
    anon = AnonymousUser()
    for selector in (bureaus_visible_to, departments_visible_to, units_visible_to, stations_visible_to,
                     experts_visible_to):  # fmt: skip
        assert selector(anon).count() == 0


def test_everyone_signed_in_sees_all_bureaus_departments_and_stations(two_bureaus):
    station = StationFactory()
    user = user_with_role(Role.UNIT_ADMIN, two_bureaus[0])
    assert bureaus_visible_to(user).count() == Bureau.objects.count() == 14
    assert list(departments_visible_to(user)) == [two_bureaus[2]]
    assert list(stations_visible_to(user)) == [station]


def test_experts_visible_to_region_admin_all_and_expert_only_self():
    me, other = ExpertFactory(), ExpertFactory()
    assert set(experts_visible_to(user_with_role(Role.REGION_ADMIN))) == {me, other}
    assert list(experts_visible_to(user_with_role(Role.EXPERT, me))) == [me]
    assert list(experts_visible_to(user_with_role(Role.BUREAU_OFFICER, bureau()))) == []
