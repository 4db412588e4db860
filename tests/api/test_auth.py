import pytest
from django.test import Client

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import ApiToken
from postdoc_base.directory.models import Expert
from tests.factories import PASSWORD, UserFactory, user_with_role

pytestmark = pytest.mark.django_db


def post_token(username, password):
    return Client().post(
        "/api/v1/auth/token", {"username": username, "password": password}, content_type="application/json"
    )


def test_token_issued_for_right_password_and_usable_as_bearer():
    user = user_with_role(Role.REGION_ADMIN)
    response = post_token(user.username, PASSWORD)
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"token", "expires_at"}
    assert ApiToken.user_for(body["token"]) == user
    listing = Client().get("/api/v1/experts", HTTP_AUTHORIZATION=f"Bearer {body['token']}")
    assert listing.status_code == 200
    assert listing.json()["count"] == 0


def test_bearer_token_writes_without_csrf():
    user = user_with_role(Role.REGION_ADMIN)
    _token, raw = ApiToken.issue(user)
    response = Client(enforce_csrf_checks=True).post(
        "/api/v1/experts",
        {"name": "张伟", "field": "材料", "title": "教授", "employer": "内蒙古大学"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 201
    assert Expert.objects.get().name == "张伟"


def test_wrong_password_is_401_invalid_credentials():
    user = UserFactory()
    response = post_token(user.username, "wrong")
    assert response.status_code == 401
    assert response.json() == {
        "code": "invalid_credentials",
        "message": "用户名或密码不正确，或账户已被暂时锁定，请稍后再试。",
        "findings": [],
    }


def test_unknown_user_is_401_invalid_credentials():
    assert post_token("nobody", "x").json()["code"] == "invalid_credentials"


def test_five_failures_from_one_address_refuse_even_the_right_password_with_the_same_401():
    # Issue 9 item 4: refused like a locked account, and a locked account is answered like a wrong password.
    user = UserFactory()
    codes = [post_token(user.username, "wrong").status_code for _ in range(5)]
    assert codes == [401, 401, 401, 401, 401]
    response = post_token(user.username, PASSWORD)
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert ApiToken.objects.count() == 0


def test_invalid_or_missing_credentials_are_401_not_authenticated():
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer nonsense"}):
        response = Client().get("/api/v1/units", **headers)
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"


def test_expired_token_is_refused():
    user = user_with_role(Role.REGION_ADMIN)
    token, raw = ApiToken.issue(user)
    ApiToken.objects.filter(pk=token.pk).update(expires_at=token.created_at)
    assert Client().get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_session_write_without_csrf_token_is_refused():
    user = user_with_role(Role.REGION_ADMIN)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    data = {"name": "张伟", "field": "材料", "title": "教授", "employer": "内蒙古大学"}
    response = client.post("/api/v1/experts", data, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"
    assert Expert.objects.count() == 0
    # Reads need no CSRF token; with the token the write goes through.
    assert client.get("/api/v1/experts").status_code == 200
    client.get("/api/v1/experts")
    csrf = _csrf_token(client)
    response = client.post("/api/v1/experts", data, content_type="application/json", HTTP_X_CSRFTOKEN=csrf)
    assert response.status_code == 201


def _csrf_token(client):
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    return token


def test_messages_follow_accept_language_and_default_to_chinese():
    response = Client().get("/api/v1/units")
    assert response.json()["message"] == "请先登录或提供有效的访问令牌。"


def test_openapi_lists_every_path_and_docs_load():
    client = Client()
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["info"] == {
        "title": "博士后创新实践基地管理系统 API",
        "version": "1",
        "description": schema["info"]["description"],
    }
    assert {
        "/api/v1/auth/token",
        "/api/v1/bureaus",
        "/api/v1/bureaus/{pk}",
        "/api/v1/deadlines/counts",
        "/api/v1/deadlines/obligations",
        "/api/v1/deadlines/reminder-settings",
        "/api/v1/deadlines/reminder-settings/{kind}",
        "/api/v1/deadlines/stages",
        "/api/v1/departments",
        "/api/v1/departments/{pk}",
        "/api/v1/units",
        "/api/v1/units/{pk}",
        "/api/v1/imports/kinds",
        "/api/v1/imports/{kind}",
        "/api/v1/imports/jobs/{pk}",
        "/api/v1/imports/jobs/{pk}/run",
        "/api/v1/stats/{chart}",
        "/api/v1/stations",
        "/api/v1/stations/{pk}",
        "/api/v1/experts",
        "/api/v1/experts/{pk}",
        "/api/v1/rounds",
        "/api/v1/rounds/{pk}",
        "/api/v1/rounds/{pk}/transitions",
        "/api/v1/rounds/{pk}/history",
        "/api/v1/rounds/{pk}/bureau-submissions",
        "/api/v1/base-applications",
        "/api/v1/base-applications/{pk}",
        "/api/v1/base-applications/{pk}/transitions",
        "/api/v1/base-applications/{pk}/history",
        "/api/v1/base-applications/{pk}/attachments",
        "/api/v1/base-applications/{pk}/attachments/{attachment_id}",
        "/api/v1/base-applications/{pk}/preliminary-review",
        "/api/v1/panels",
        "/api/v1/panels/{pk}",
        "/api/v1/panels/{pk}/members",
        "/api/v1/panels/{pk}/assign",
        "/api/v1/panels/{pk}/phase",
        "/api/v1/reviews",
        "/api/v1/reviews/{pk}",
        "/api/v1/reviews/{pk}/scores",
        "/api/v1/reviews/{pk}/transitions",
        "/api/v1/reviews/{pk}/history",
        "/api/v1/notices",
        "/api/v1/notices/{pk}",
        "/api/v1/objections",
        "/api/v1/objections/{pk}",
        "/api/v1/objections/{pk}/transitions",
        "/api/v1/objections/{pk}/history",
        "/api/v1/bases",
        "/api/v1/bases/{pk}",
        "/api/v1/rounds/{pk}/filings",
        "/api/v1/cooperation-agreements",
        "/api/v1/cooperation-agreements/{pk}",
        "/api/v1/cooperation-agreements/{pk}/transitions",
        "/api/v1/cooperation-agreements/{pk}/history",
        "/api/v1/topics",
        "/api/v1/topics/{pk}",
        "/api/v1/topics/{pk}/interests",
        "/api/v1/topics/{pk}/transitions",
        "/api/v1/topics/{pk}/history",
        "/api/v1/topic-interests/{pk}/transitions",
        "/api/v1/topic-interests/{pk}/history",
        "/api/v1/postdocs",
        "/api/v1/postdocs/{pk}",
        "/api/v1/supervisors",
        "/api/v1/supervisors/{pk}",
        "/api/v1/appointments",
        "/api/v1/appointments/{pk}",
        "/api/v1/appointments/{pk}/transitions",
        "/api/v1/appointments/{pk}/history",
        "/api/v1/appointments/{pk}/entry",
        "/api/v1/withdrawals",
        "/api/v1/withdrawals/{pk}",
        "/api/v1/withdrawals/{pk}/transitions",
        "/api/v1/withdrawals/{pk}/history",
        "/api/v1/dispatches",
        "/api/v1/dispatches/{pk}",
        "/api/v1/dispatches/{pk}/transitions",
        "/api/v1/dispatches/{pk}/history",
        "/api/v1/dispatches/{pk}/return",
        "/api/v1/outputs",
        "/api/v1/outputs/{pk}",
        "/api/v1/outputs/{pk}/evidence",
        "/api/v1/outputs/{pk}/transitions",
        "/api/v1/outputs/{pk}/history",
        "/api/v1/pay-records",
        "/api/v1/extensions",
        "/api/v1/extensions/{pk}",
        "/api/v1/extensions/{pk}/transitions",
        "/api/v1/extensions/{pk}/history",
        "/api/v1/exits/title-route",
        "/api/v1/exits/{appointment_id}/materials",
        "/api/v1/exits/{appointment_id}/complete",
        "/api/v1/exits/{appointment_id}/title-route",
        "/api/v1/assessments",
        "/api/v1/assessments/{pk}",
        "/api/v1/assessments/{pk}/panel",
        "/api/v1/assessments/{pk}/grade",
        "/api/v1/assessments/{pk}/transitions",
        "/api/v1/assessments/{pk}/history",
        "/api/v1/assessment-schemes/{base_id}",
        # Chapter 5 (issue 11)
        "/api/v1/bases/{pk}/duties",
        "/api/v1/bases/{pk}/duties/administrators",
        "/api/v1/bases/{pk}/duties/administrators/{rid}",
        "/api/v1/bases/{pk}/duties/committee",
        "/api/v1/bases/{pk}/duties/committee/{rid}",
        "/api/v1/bases/{pk}/duties/office",
        "/api/v1/bases/{pk}/duties/rules",
        "/api/v1/bases/{pk}/workstation-approval",
        "/api/v1/evaluation-campaigns",
        "/api/v1/evaluation-campaigns/{pk}",
        "/api/v1/evaluations",
        "/api/v1/evaluations/{pk}",
        "/api/v1/evaluations/{pk}/check",
        "/api/v1/evaluations/{pk}/evidence",
        "/api/v1/evaluations/{pk}/grade",
        "/api/v1/evaluations/{pk}/history",
        "/api/v1/evaluations/{pk}/rectification",
        "/api/v1/evaluations/{pk}/self-evaluation",
        "/api/v1/evaluations/{pk}/transitions",
        "/api/v1/exit-destinations",
        "/api/v1/funding",
        "/api/v1/funding/{pk}",
        "/api/v1/inspections",
        "/api/v1/inspections/{pk}",
        "/api/v1/inspections/{pk}/comments",
        "/api/v1/inspections/{pk}/history",
        "/api/v1/inspections/{pk}/issues",
        "/api/v1/inspections/{pk}/issues/{issue_pk}/fix",
        "/api/v1/inspections/{pk}/transitions",
        "/api/v1/positions",
        "/api/v1/positions/{pk}",
        "/api/v1/positions/{pk}/history",
        "/api/v1/positions/{pk}/interests",
        "/api/v1/positions/{pk}/interests/{interest_pk}/withdraw",
        "/api/v1/positions/{pk}/transitions",
        "/api/v1/revocations",
        "/api/v1/revocations/{pk}",
        "/api/v1/revocations/{pk}/history",
        "/api/v1/revocations/{pk}/revoke",
        "/api/v1/revocations/{pk}/transitions",
        "/api/v1/support-policies",
        "/api/v1/support-policies/{pk}",
        "/api/v1/support-policies/{pk}/file",
        "/api/v1/treatments",
        "/api/v1/treatments/{pk}",
        "/api/v1/treatments/{pk}/history",
        "/api/v1/treatments/{pk}/items/{key}",
        "/api/v1/treatments/{pk}/transitions",
    } == set(schema["paths"])
    assert client.get("/api/v1/docs").status_code == 200
