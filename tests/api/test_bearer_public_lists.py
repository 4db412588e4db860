"""Issue 14: /api/v1/bases and /api/v1/topics authenticate optionally. Anonymous: the public view (active
bases, published topics of active bases); a session or a valid bearer token: the user's scoped view, the same
for both; a bearer token that is unknown, expired or revoked: 401 ``not_authenticated``, never the public view."""

import pytest
from django.test import Client

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import ApiToken
from postdoc_base.accounts.services import api_tokens_revoke_all
from postdoc_base.api.api import api
from postdoc_base.oversight.enums import BaseState
from postdoc_base.tenure.recruitment.enums import TopicState
from tests.factories import user_with_role
from tests.factories.tenure import base_admin, make_base, make_topic

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    """Bases: one active in each of two bureaus, one revoked, one cancelled. Topics: each active base has a
    published and a draft topic; the revoked base has a published one (not public: its base is not active)."""
    w = {
        "active": make_base("草原乳业"),
        "other": make_base("稀土新材", bureau_name="包头市"),
        "revoked": make_base("风电装备", state=BaseState.REVOKED),
        "cancelled": make_base("煤化工", state=BaseState.CANCELLED),
    }
    w["published"] = make_topic(w["active"], TopicState.PUBLISHED, title="乳酸菌发酵工艺优化")
    w["draft"] = make_topic(w["active"], TopicState.DRAFT, title="奶酪成熟工艺")
    w["other_published"] = make_topic(w["other"], TopicState.PUBLISHED, title="稀土永磁材料")
    w["other_draft"] = make_topic(w["other"], TopicState.DRAFT, title="稀土抛光粉")
    w["revoked_published"] = make_topic(w["revoked"], TopicState.PUBLISHED, title="风机叶片检测")
    w["region"] = user_with_role(Role.REGION_ADMIN)
    w["unit_admin"] = base_admin(w["active"])
    return w


def bearer(user) -> dict:
    _token, raw = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def session(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def ids(response) -> set[int]:
    assert response.status_code == 200, response.content
    return {item["id"] for item in response.json()["items"]}


def pks(w, *keys) -> set[int]:
    return {w[key].pk for key in keys}


ALL_BASES = ("active", "other", "revoked", "cancelled")
ALL_TOPICS = ("published", "draft", "other_published", "other_draft", "revoked_published")


# --- bases -------------------------------------------------------------------------------------------------
def test_region_admin_with_a_token_sees_revoked_and_cancelled_bases_like_with_a_session(world):
    token = bearer(world["region"])
    by_token = Client().get("/api/v1/bases", **token)
    assert ids(by_token) == pks(world, *ALL_BASES)
    by_session = session(world["region"]).get("/api/v1/bases")
    assert by_token.json()["count"] == by_session.json()["count"] == 4
    states = {item["id"]: item["state"] for item in by_token.json()["items"]}
    assert states[world["revoked"].pk] == "revoked" and states[world["cancelled"].pk] == "cancelled"
    for key in ("revoked", "cancelled"):
        detail = Client().get(f"/api/v1/bases/{world[key].pk}", **token)
        assert detail.status_code == 200 and detail.json()["state"] == key


def test_anonymous_sees_only_the_active_bases(world):
    assert ids(Client().get("/api/v1/bases")) == pks(world, "active", "other")
    assert Client().get(f"/api/v1/bases/{world['revoked'].pk}").status_code == 404
    assert Client().get(f"/api/v1/bases/{world['active'].pk}").status_code == 200


def test_a_unit_admin_with_a_token_sees_what_the_session_shows(world):
    by_token = ids(Client().get("/api/v1/bases", **bearer(world["unit_admin"])))
    assert by_token == ids(session(world["unit_admin"]).get("/api/v1/bases")) == pks(world, "active", "other")


# --- topics ------------------------------------------------------------------------------------------------
def test_region_admin_with_a_token_sees_unpublished_topics_like_with_a_session(world):
    token = bearer(world["region"])
    by_token = Client().get("/api/v1/topics", **token)
    assert ids(by_token) == pks(world, *ALL_TOPICS)
    assert by_token.json()["count"] == session(world["region"]).get("/api/v1/topics").json()["count"] == 5
    assert Client().get(f"/api/v1/topics/{world['other_draft'].pk}", **token).status_code == 200


def test_anonymous_sees_only_published_topics_of_active_bases(world):
    assert ids(Client().get("/api/v1/topics")) == pks(world, "published", "other_published")
    for key in ("draft", "revoked_published"):
        assert Client().get(f"/api/v1/topics/{world[key].pk}").status_code == 404


def test_a_unit_admin_with_a_token_sees_its_own_draft_not_another_bases(world):
    token = bearer(world["unit_admin"])
    listed = ids(Client().get("/api/v1/topics", **token))
    assert listed == pks(world, "published", "draft", "other_published")
    assert listed == ids(session(world["unit_admin"]).get("/api/v1/topics"))
    assert Client().get(f"/api/v1/topics/{world['draft'].pk}", **token).status_code == 200
    assert Client().get(f"/api/v1/topics/{world['other_draft'].pk}", **token).status_code == 404
    assert ids(Client().get("/api/v1/topics", {"q": "稀土抛光粉"}, **token)) == set()


# --- an invalid token is refused, never read as anonymous --------------------------------------------------
INVALID_TOKEN_PATHS = [
    "/api/v1/bases",
    "/api/v1/bases/{active}",
    "/api/v1/topics",
    "/api/v1/topics/{published}",
]


def assert_refused(response):
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["message"] == "访问令牌无效、已过期或已被撤销；不带令牌可查看公开内容。"


@pytest.mark.parametrize("path", INVALID_TOKEN_PATHS)
def test_an_unknown_token_is_401(world, path):
    url = path.format(active=world["active"].pk, published=world["published"].pk)
    assert_refused(Client().get(url, HTTP_AUTHORIZATION="Bearer nonsense"))
    assert_refused(Client().get(url, HTTP_AUTHORIZATION="Bearer "))


def test_a_revoked_or_expired_token_is_401(world):
    revoked = bearer(world["region"])
    api_tokens_revoke_all(actor=world["region"], user=world["region"])
    assert_refused(Client().get("/api/v1/bases", **revoked))
    token, raw = ApiToken.issue(world["unit_admin"])
    ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at)
    assert_refused(Client().get("/api/v1/topics", HTTP_AUTHORIZATION=f"Bearer {raw}"))


def test_the_schema_says_authentication_is_optional_and_documents_401():
    schema = api.get_openapi_schema()
    for path in ("/api/v1/bases", "/api/v1/bases/{pk}", "/api/v1/topics", "/api/v1/topics/{pk}"):
        operation = schema["paths"][path]["get"]
        assert operation["security"] == [{"BearerAuth": []}, {"SessionAuth": []}, {}], path
        assert 401 in {int(status) for status in operation["responses"]}, path
        assert "401 `not_authenticated`" in operation["description"], path
