"""A small region to test routing and scoping in: two bureaus, a separately planned city and its parent,
two competent departments, units of every affiliation and one user per role and scope.

Every user is created with its assignment before anything reads ``user.assignments`` (a cached property).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import User
from postdoc_base.directory.models import Bureau, CompetentDepartment, Unit
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.models import BaseApplication, PreliminaryReview, Round
from postdoc_base.kernel.models import AuditEvent

from . import (
    DepartmentFactory,
    ExpertFactory,
    StationFactory,
    UnitFactory,
    bureau,
    ready_application,
    user_with_role,
)

# Roles as the routing matrix names them: one actor for each relation to the application's unit.
ACTORS = (
    "region_admin",
    "bureau_own",
    "bureau_other",
    "dept_own",
    "dept_other",
    "unit_own",
    "unit_other",
    "station",
    "expert",
)


@pytest.fixture
def fast_passwords(settings):
    """Every user in a world has a password; the production hasher would spend seconds per test."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@dataclass
class World:
    hohhot: Bureau
    baotou: Bureau
    hulunbuir: Bureau
    manzhouli: Bureau
    dept: CompetentDepartment
    other_dept: CompetentDepartment
    local_unit: Unit  # 呼和浩特市, local
    central_unit: Unit  # 呼和浩特市, central-in-region, under ``dept``
    region_unit: Unit  # registered in 呼和浩特市, region-level, under ``dept``
    other_unit: Unit  # 包头市, local
    users: dict[str, User]

    def __getitem__(self, name: str) -> User:
        return self.users[name]


def fresh(user: User) -> User:
    """The same user with its cached assignments dropped."""
    return User.objects.get(pk=user.pk)


def make_world() -> World:
    hohhot, baotou = bureau("呼和浩特市"), bureau("包头市")
    hulunbuir, manzhouli = bureau("呼伦贝尔市"), bureau("满洲里市")
    dept, other_dept = DepartmentFactory(name="自治区工业和信息化厅"), DepartmentFactory(name="自治区教育厅")
    local_unit = UnitFactory(name="呼和浩特本地公司", bureau=hohhot)
    central_unit = UnitFactory(name="中央驻区公司", bureau=hohhot, affiliation="central", department=dept)
    region_unit = UnitFactory(name="自治区本级公司", bureau=hohhot, affiliation="region", department=dept)
    other_unit = UnitFactory(name="包头本地公司", bureau=baotou)
    users = {
        "region_admin": user_with_role(Role.REGION_ADMIN, username="region"),
        "bureau_own": user_with_role(Role.BUREAU_OFFICER, hohhot, username="hohhot"),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, baotou, username="baotou"),
        "dept_own": user_with_role(Role.DEPT_OFFICER, dept, username="dept"),
        "dept_other": user_with_role(Role.DEPT_OFFICER, other_dept, username="other_dept"),
        "unit_own": None,  # depends on the application's unit; see ``unit_admins``
        "unit_other": user_with_role(Role.UNIT_ADMIN, other_unit, username="baotou_unit"),
        "station": user_with_role(Role.STATION_CONTACT, StationFactory(), username="station"),
        "expert": user_with_role(Role.EXPERT, ExpertFactory(), username="expert"),
        "local_admin": user_with_role(Role.UNIT_ADMIN, local_unit, username="local_admin"),
        "central_admin": user_with_role(Role.UNIT_ADMIN, central_unit, username="central_admin"),
        "region_unit_admin": user_with_role(Role.UNIT_ADMIN, region_unit, username="region_unit_admin"),
    }
    return World(hohhot, baotou, hulunbuir, manzhouli, dept, other_dept, local_unit, central_unit, region_unit,
                 other_unit, users)  # fmt: skip


def admin_of(world: World, unit: Unit) -> User:
    return {
        world.local_unit.pk: world["local_admin"],
        world.central_unit.pk: world["central_admin"],
        world.region_unit.pk: world["region_unit_admin"],
        world.other_unit.pk: world["unit_other"],
    }[unit.pk]


def actor(world: World, name: str, unit: Unit) -> User:
    """The matrix actor ``name`` relative to ``unit`` (a fresh instance, assignments not cached)."""
    return fresh(admin_of(world, unit) if name == "unit_own" else world[name])


def put_in_state(app: BaseApplication, state: str) -> BaseApplication:
    """Test set-up only: place an application in ``state`` as if it had been submitted along its route."""
    submitted = state not in (ApplicationState.DRAFT,)
    BaseApplication.objects.filter(pk=app.pk).update(
        state=state,
        affiliation=app.unit.affiliation if submitted else "",
        submitted_at=timezone.now() if submitted else None,
    )
    return BaseApplication.objects.select_related("unit", "round").get(pk=app.pk)


def complete_review(
    app: BaseApplication, *, checks: dict | None = None, rank: int | None = 1
) -> PreliminaryReview:
    return PreliminaryReview.objects.create(
        application=app,
        condition_checks=checks if checks is not None else {k: True for k in "12345"},
        inspection="2026年11月实地考察，研发场地与申报材料一致。",
        inspected_on=date(2026, 11, 2),
        recommendation="同意推荐。",
        rank=rank,
    )


def application_in(
    world: World, unit: Unit, state: str = ApplicationState.DRAFT, round_: Round | None = None
):
    kwargs = {"unit": unit}
    if round_ is not None:
        kwargs["round"] = round_
    app = ready_application(**kwargs)
    return put_in_state(app, state) if state != ApplicationState.DRAFT else app


def events_for(obj) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(subject_type=obj._meta.label_lower, subject_id=str(obj.pk)).order_by("seq")
    )


def years_ago(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def days(n: int) -> timedelta:
    return timedelta(days=n)
