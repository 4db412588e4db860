"""Error answers (issue 9 item 1): Chinese pages for 400/403/404/500 and the CSRF failure, JSON under /api/,
in production (DEBUG off) as in the demo; database errors that slip past a service answer 409/422."""

import pytest
from django.db import DataError, IntegrityError
from django.test import Client
from django.urls import include, path

from postdoc_base.accounts.enums import Role
from tests.factories import ExpertFactory, user_with_role

pytestmark = pytest.mark.django_db


def _boom(request):
    raise RuntimeError("boom")


# The site's own URLs and error handlers, plus one view that fails.
from config.urls import handler400, handler403, handler404, handler500  # noqa: E402, F401

urlpatterns = [path("boom/", _boom), path("", include("config.urls"))]


@pytest.fixture
def production(settings):
    settings.DEBUG = False
    return settings


def test_unknown_page_is_a_chinese_404_page(production, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and "返回工作台" in html
    assert 'data-testid="error-page"' in html


def test_unknown_api_path_is_json_404(production, client):
    response = client.get("/api/no-such-endpoint")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "not_found"
    assert response.json()["message"].startswith("您访问的页面不存在")


def test_unhandled_error_is_a_chinese_500_page_with_the_request_id(production, settings):
    settings.ROOT_URLCONF = __name__
    client = Client(raise_request_exception=False)
    response = client.get("/boom/", HTTP_X_REQUEST_ID="ignored-untrusted")
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统出错了" in html and "请求编号" in html
    assert response["X-Request-ID"] in html


def test_unhandled_api_error_is_json_500_in_production(production, monkeypatch):
    from postdoc_base.directory import api as directory_api

    def broken(user):
        raise RuntimeError("selector broke")

    monkeypatch.setattr(directory_api, "bureaus_visible_to", broken)
    client = Client(raise_request_exception=False)
    client.force_login(user_with_role(Role.REGION_ADMIN))
    response = client.get("/api/v1/bureaus")
    assert response.status_code == 500
    body = response.json()
    assert body["code"] == "server_error"
    assert body["message"] == "服务器处理请求时出错，已记录。请稍后重试。"
    assert body["request_id"] == response["X-Request-ID"]


@pytest.mark.parametrize(
    ("error", "status", "code", "message"),
    [
        (IntegrityError("duplicate key"), 409, "conflict", "与已有数据冲突，未保存任何内容。请刷新后重试。"),
        (DataError("value too long"), 422, "invalid_data", "提交的数据超出允许的范围，未保存任何内容。"),
    ],
)
def test_database_errors_that_slip_through_answer_json_not_500(monkeypatch, error, status, code, message):
    from postdoc_base.directory import api as directory_api

    def broken(user):
        raise error

    monkeypatch.setattr(directory_api, "bureaus_visible_to", broken)
    client = Client(raise_request_exception=False)
    client.force_login(user_with_role(Role.REGION_ADMIN))
    response = client.get("/api/v1/bureaus")
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["message"] == message


def test_csrf_failure_is_a_chinese_403_page(production):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "没有权限" in html and "CSRF 校验失败" in html and "请刷新页面后重新提交" in html


def test_permission_denied_is_a_chinese_403_page(production, client):
    client.force_login(user_with_role(Role.EXPERT, ExpertFactory()))
    response = client.get("/admin-console/")
    assert response.status_code == 403
    assert "您没有查看此页面或执行此操作的权限" in response.content.decode()


def test_bad_host_is_a_400_page(production, client):
    response = client.get("/", HTTP_HOST="evil.example.com")
    assert response.status_code == 400
    assert "请求有误" in response.content.decode()
