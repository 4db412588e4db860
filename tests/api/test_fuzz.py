"""The API fuzzer (``tests/api/fuzzing.py``) as the region administrator and as a base's unit administrator."""

import pytest

from tests.api.fuzzing import fuzz_every_operation

pytestmark = pytest.mark.heavy


@pytest.mark.django_db(transaction=True)
def test_no_operation_answers_5xx_or_outside_its_schema_as_the_region_or_a_unit_administrator():
    fuzz_every_operation()
