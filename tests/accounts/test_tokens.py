"""API tokens: issuing one is audited (never with the raw token), and a password change or deactivation
revokes every token of the user."""

import json

import pytest
from django.test import Client
from django.utils import timezone

from postdoc_base.accounts import services
from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import ApiToken
from postdoc_base.accounts.services import NotAllowed
from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.models import AuditEvent
from tests.factories import PASSWORD, UserFactory, user_with_role
from tests.factories.world import fast_passwords

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]

NEW_PASSWORD = "Caoyuan-Xinmima-2026"


def _issue_over_api(user) -> str:
    response = Client().post(
        "/api/v1/auth/token",
        {"username": user.username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200
    return response.json()["token"]


def _status(raw: str) -> int:
    return Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code


@pytest.fixture
def holder():
    return user_with_role(Role.REGION_ADMIN)


@pytest.fixture
def admin():
    return user_with_role(Role.REGION_ADMIN)


def test_issuing_a_token_over_the_api_is_audited_without_the_raw_token(holder):
    raw = _issue_over_api(holder)

    event = AuditEvent.objects.get(action="api_token_issue")
    token = ApiToken.objects.get()
    assert (event.actor_id, event.subject_type, event.subject_id) == (
        holder.pk,
        "accounts.apitoken",
        str(token.pk),
    )
    assert event.diff == {
        "expires_at": [None, token.expires_at.isoformat()],
        "user": [None, holder.username],
    }
    stored = json.dumps(
        [event.diff, event.comment, event.subject_label, event.request_id], ensure_ascii=False
    )
    assert raw not in stored and token.key_hash not in stored
    assert verify_chain() == []


def test_token_is_refused_after_own_password_change(holder):
    raw = _issue_over_api(holder)
    assert _status(raw) == 200

    services.own_password_change(actor=holder, old_password=PASSWORD, new_password=NEW_PASSWORD)

    assert _status(raw) == 401
    event = AuditEvent.objects.get(action="api_tokens_revoke_all")
    assert (event.actor_id, event.subject_id, event.diff) == (
        holder.pk,
        str(holder.pk),
        {"api_tokens": [1, 0]},
    )
    assert AuditEvent.objects.order_by("-seq").first().action == "own_password_change"


def test_token_is_refused_after_the_administrator_sets_a_new_password(holder, admin):
    first, second = _issue_over_api(holder), _issue_over_api(holder)

    services.user_set_password(actor=admin, user=holder, password=NEW_PASSWORD)

    assert (_status(first), _status(second)) == (401, 401)
    event = AuditEvent.objects.get(action="api_tokens_revoke_all")
    assert (event.actor_id, event.role, event.diff) == (admin.pk, Role.REGION_ADMIN, {"api_tokens": [2, 0]})
    assert AuditEvent.objects.order_by("-seq").first().action == "user_set_password"


def test_tokens_end_when_the_user_is_deactivated_and_stay_ended_after_reactivation(holder, admin):
    raw = _issue_over_api(holder)
    kwargs = {"display_name": holder.display_name, "email": holder.email, "phone": ""}

    services.user_update(actor=admin, user=holder, is_active=False, **kwargs)
    assert ApiToken.objects.get().expires_at <= timezone.now()
    services.user_update(actor=admin, user=holder, is_active=True, **kwargs)

    assert _status(raw) == 401
    assert AuditEvent.objects.filter(action="api_tokens_revoke_all").count() == 1


def test_a_new_token_works_after_the_password_change(holder):
    _issue_over_api(holder)
    services.own_password_change(actor=holder, old_password=PASSWORD, new_password=NEW_PASSWORD)
    response = Client().post(
        "/api/v1/auth/token",
        {"username": holder.username, "password": NEW_PASSWORD},
        content_type="application/json",
    )
    assert _status(response.json()["token"]) == 200


def test_revoking_without_valid_tokens_writes_no_event(holder):
    assert services.api_tokens_revoke_all(actor=holder, user=holder) == 0
    assert not AuditEvent.objects.exists()


def test_only_the_user_or_the_region_administrator_may_revoke_tokens(holder):
    other = UserFactory()
    _token, raw = services.api_token_issue(actor=holder)
    with pytest.raises(NotAllowed):
        services.api_tokens_revoke_all(actor=other, user=holder)
    assert _status(raw) == 200


def test_an_anonymous_or_inactive_actor_gets_no_token():
    from django.contrib.auth.models import AnonymousUser

    inactive = UserFactory(is_active=False)
    for actor in (AnonymousUser(), inactive):
        with pytest.raises(NotAllowed):
            services.api_token_issue(actor=actor)
    assert not ApiToken.objects.exists()
