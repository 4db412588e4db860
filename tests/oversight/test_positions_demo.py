"""The demo's positions (postdoc_base/demo/oversight_positions.py): posted by a base, a bureau and the region,
one closed, and the interest of the demo postdoc whose exit is requested, made through the services."""

import pytest
from django.test import override_settings

from postdoc_base.accounts.enums import Role
from postdoc_base.demo import establishment as demo
from postdoc_base.demo import oversight_positions
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.oversight.positions.enums import PositionState
from postdoc_base.oversight.positions.models import Position, PositionInterest

pytestmark = pytest.mark.django_db


def test_demo_positions_in_every_state_with_an_interest():
    with override_settings(DEBUG=True):
        demo.load()
        oversight_positions.load()
        oversight_positions.load()  # a second run adds nothing
    assert sorted(Position.objects.values_list("posted_by_role", "state")) == sorted([
        (Role.UNIT_ADMIN, PositionState.PUBLISHED), (Role.UNIT_ADMIN, PositionState.CLOSED),
        (Role.BUREAU_OFFICER, PositionState.PUBLISHED), (Role.REGION_ADMIN, PositionState.PUBLISHED),
    ])  # fmt: skip
    interest = PositionInterest.objects.get()
    assert interest.postdoc.name == "杨帆" and interest.position.posted_by_role == Role.UNIT_ADMIN
    assert AuditEvent.objects.filter(subject_type="oversight.position", action="post").count() == 4
