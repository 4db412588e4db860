"""The establishment tests' region (``tests.factories.world``): built once per module, a fresh copy per test."""

import pytest

from tests.factories.shared import fresh_copy, once_per_module
from tests.factories.world import make_world

shared_world = once_per_module(make_world)


@pytest.fixture
def world(shared_world, db):
    return fresh_copy(shared_world)
