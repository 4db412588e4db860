"""The request id carried by audit events comes from the client's X-Request-ID only when the deployment
trusts the header (settings.TRUST_REQUEST_ID_HEADER) and the value is well-formed; otherwise it is generated."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from postdoc_base.kernel.models import AuditEvent
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

GENERATED = re.compile(r"[0-9a-f]{32}")


def _rid(header: str | None) -> str:
    headers = {} if header is None else {"HTTP_X_REQUEST_ID": header}
    return Client().get(reverse("login"), **headers)["X-Request-ID"]


def test_client_request_id_is_ignored_by_default(settings):
    assert settings.TRUST_REQUEST_ID_HEADER is False
    rid = _rid("abcdef-12345678")
    assert rid != "abcdef-12345678"
    assert GENERATED.fullmatch(rid)


def test_trusted_well_formed_request_id_is_kept(settings):
    settings.TRUST_REQUEST_ID_HEADER = True
    assert _rid("abcdef-12345678") == "abcdef-12345678"
    assert _rid("A" * 40) == "A" * 40


@pytest.mark.parametrize(
    "header",
    [
        "short12",
        "A" * 41,
        "abc def 12345",
        "abcdefgh\n",
        "abc_def_123",
        "<script>x</script>",
        "请求编号一二三四",
        "",
    ],
)
def test_trusted_but_malformed_request_id_is_replaced(settings, header):
    settings.TRUST_REQUEST_ID_HEADER = True
    rid = _rid(header)
    assert rid != header
    assert GENERATED.fullmatch(rid)


def test_missing_header_gets_a_fresh_id_per_request(settings):
    settings.TRUST_REQUEST_ID_HEADER = True
    first, second = _rid(None), _rid(None)
    assert GENERATED.fullmatch(first) and GENERATED.fullmatch(second) and first != second


def test_audit_event_carries_the_generated_id_not_the_clients(settings):
    user = UserFactory()
    response = Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
        HTTP_X_REQUEST_ID="forged-request-id-1",
    )
    assert response.status_code == 200
    event = AuditEvent.objects.get(action="api_token_issue")
    assert event.request_id == response["X-Request-ID"]
    assert GENERATED.fullmatch(event.request_id)
