"""The OpenAPI schema names each operation by its handler (stable when code moves between modules), and the
names are unique."""

from collections import Counter

from postdoc_base.api.api import api


def _operation_ids() -> list[str]:
    schema = api.get_openapi_schema()
    return [op["operationId"] for path in schema["paths"].values() for op in path.values()]


def test_operation_ids_are_the_handlers_names_and_unique():
    ids = _operation_ids()
    assert [name for name, count in Counter(ids).items() if count > 1] == []
    assert {"appointment_list", "appointment_entry", "issue_token", "bureau_list", "assessment_grade"} <= set(
        ids
    )
    assert not [i for i in ids if i.startswith("postdoc_base")]
