"""CI's second run (on PostgreSQL, ``--database-tests-only``) keeps every test that reaches the database and
leaves out only those that cannot: pytest-django refuses database access to a test without one of these."""

import pytest

from tests.factories.shared import uses_database


def _item(request, name):
    (item,) = [i for i in request.session.items if i.nodeid.endswith(f"test_suite_selection.py::{name}")]
    return item


@pytest.mark.django_db
def test_a_database_test_by_marker():
    pass


def test_a_database_test_by_fixture(db):
    pass


def test_a_database_test_by_the_transactional_fixture(transactional_db):
    pass


def test_a_test_of_pure_rules():
    pass


@pytest.fixture
def _needs_db(db):
    return None


def test_a_database_test_through_a_fixture_that_asks_for_it(_needs_db):
    pass


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("test_a_database_test_by_marker", True),
        ("test_a_database_test_by_fixture", True),
        ("test_a_database_test_by_the_transactional_fixture", True),
        ("test_a_database_test_through_a_fixture_that_asks_for_it", True),
        ("test_a_test_of_pure_rules", False),
    ],
)
def test_uses_database_tells_which_tests_reach_the_database(request, name, expected):
    assert uses_database(_item(request, name)) is expected
