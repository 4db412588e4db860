"""A round with two applications at the region, a region administrator and experts, one per conflict cause."""

from dataclasses import dataclass
from decimal import Decimal

import pytest

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import User
from postdoc_base.establishment.enums import ApplicationState
from postdoc_base.establishment.models import BaseApplication
from postdoc_base.review import services
from postdoc_base.review.models import Assignment, Panel
from tests.factories import RoundFactory, StationFactory, UnitFactory, ready_application, user_with_role
from tests.factories.review import expert_with_account, make_rubric
from tests.factories.shared import fresh_copy, once_per_module
from tests.factories.world import put_in_state

UNIT_A, UNIVERSITY_A = "甲新材料有限公司", "内蒙古工业大学"


@dataclass
class ReviewWorld:
    admin: User
    round: object
    app: BaseApplication  # 甲, partner station at 内蒙古工业大学
    other_app: BaseApplication
    experts: dict  # name -> (Expert, User)

    def user(self, name: str) -> User:
        return User.objects.get(pk=self.experts[name][1].pk)

    def expert(self, name: str):
        return self.experts[name][0]


def at_region(round_, unit_name: str, university: str) -> BaseApplication:
    app = ready_application(
        round=round_, unit=UnitFactory(name=unit_name), station=StationFactory(university=university)
    )
    return put_in_state(app, ApplicationState.AT_REGION)


@pytest.fixture(autouse=True)
def _fresh_content_types(db):
    """A transactional test's flush recreates content types under new ids; drop the stale cache."""
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


def _build_review_world() -> ReviewWorld:
    round_ = RoundFactory()
    experts = {
        "王敏": expert_with_account("王敏", "内蒙古农业大学", username="wangmin"),
        "李强": expert_with_account("李强", "内蒙古师范大学", username="liqiang"),
        "张伟": expert_with_account("张伟", UNIT_A, username="zhangwei"),  # employer is the applicant
        "赵磊": expert_with_account(
            "赵磊", UNIVERSITY_A, username="zhaolei"
        ),  # employer is the partner university
        "孙丽": expert_with_account(
            "孙丽", "内蒙古科技大学", conflicts=f"某某公司\n{UNIT_A}", username="sunli"
        ),
    }
    return ReviewWorld(
        admin=user_with_role(Role.REGION_ADMIN, username="region"),
        round=round_,
        app=at_region(round_, UNIT_A, UNIVERSITY_A),
        other_app=at_region(round_, "乙能源有限公司", "内蒙古大学"),
        experts=experts,
    )


# Built once per module (an outer transaction rolled back at its end); each test gets a fresh copy.
shared_rw = once_per_module(_build_review_world)


@pytest.fixture
def rw(shared_rw, db) -> ReviewWorld:
    return fresh_copy(shared_rw)


def fresh(user):
    return User.objects.get(pk=user.pk)


def make_panel(rw, *, members=("王敏", "李强"), blind=False, threshold=Decimal(20)) -> Panel:
    admin = fresh(rw.admin)
    panel = services.panel_create(
        actor=admin, name="论证评议组", purpose="establishment", context=rw.round, rubric=make_rubric(),
        due_on=rw.round.review_deadline, blind=blind, disagreement_threshold=threshold,
    )  # fmt: skip
    for name in members:
        services.panel_add_member(actor=admin, panel=panel, expert=rw.expert(name))
    return panel


def assigned(rw, **kwargs) -> Panel:
    panel = make_panel(rw, **kwargs)
    services.panel_assign(actor=fresh(rw.admin), panel=panel, subjects=[rw.app])
    return panel


def assignment_of(panel, rw, name: str, app=None) -> Assignment:
    return Assignment.objects.get(panel=panel, member__expert=rw.expert(name), subject_id=(app or rw.app).pk)


def score(
    rw, assignment, name: str, values=(Decimal(90), Decimal(8)), comment="材料完整，条件较好。", submit=True
):
    from postdoc_base.review.workflow import assignment_workflow

    items = list(assignment.panel.rubric.items.all())
    services.scores_save(actor=rw.user(name), assignment=assignment,
                         scores={i.pk: v for i, v in zip(items, values, strict=True)}, comment=comment)  # fmt: skip
    if submit:
        return assignment_workflow.apply(assignment, "submit", actor=rw.user(name))
    return Assignment.objects.get(pk=assignment.pk)
