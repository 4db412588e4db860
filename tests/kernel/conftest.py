import pytest

from tests.factories.shared import fresh_copy, once_per_module
from tests.factories.world import fast_passwords, make_world

__all__ = ["fast_passwords"]

# The region of tests.factories.world, built once per module; each test gets a fresh copy.
shared_world = once_per_module(make_world)


@pytest.fixture
def world(shared_world, db):
    return fresh_copy(shared_world)
