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


def test_every_operation_documents_its_error_answers_with_the_error_shape():
    schema = api.get_openapi_schema()
    error = {"$ref": "#/components/schemas/ErrorOut"}
    for path, operations in schema["paths"].items():
        for method, op in operations.items():
            responses = {int(status): answer for status, answer in op["responses"].items()}
            errors = {int(s) for s in responses if int(s) >= 400}
            assert all(responses[s]["content"]["application/json"]["schema"] == error for s in errors), path
            if op.get("security"):
                assert {401, 403} <= errors, (method, path)
            if op.get("parameters") or op.get("requestBody"):
                assert 422 in errors, (method, path)
            if "{" in path:
                assert 404 in errors, (method, path)
            if op.get("requestBody"):
                assert {400, 413} <= errors, (method, path)
            if method in ("post", "put", "patch"):
                assert 409 in errors, (method, path)
    rate_limited = {
        op["operationId"]
        for ops in schema["paths"].values()
        for op in ops.values()
        if 429 in {int(s) for s in op["responses"]}
    }
    assert rate_limited == {"issue_token", "objection_create", "interest_create"}
