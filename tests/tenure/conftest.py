"""The tenure tests' world: by default ``tests.factories.exits.make_exit_world`` (two bases, two stations, two
postdocs and one user per relation), built once per module; a module with a world of its own overrides
``shared_world`` with ``once_per_module(its_builder)``. Each test gets a fresh copy (``world``)."""

import pytest

from tests.factories.exits import make_exit_world
from tests.factories.shared import fresh_copy, once_per_module

shared_world = once_per_module(make_exit_world)


@pytest.fixture
def world(shared_world, db):
    return fresh_copy(shared_world)
