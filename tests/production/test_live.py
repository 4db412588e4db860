"""The production deployment, for real (issue 9 item 1): run by ``.ci/production`` against gunicorn with
``DJANGO_DEBUG=0``, PostgreSQL, Redis and collected static files, over HTTPS. Skipped unless
``POSTDOC_LIVE_URL`` names such a server; the data this walk needs is written into that server's database
first (the same factories as the rest of the suite), since a production database holds no demo data.
"""

import http.client
import json
import os
import re
import ssl
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

import pytest

from postdoc_base.accounts.enums import Role

LIVE = os.environ.get("POSTDOC_LIVE_URL", "")
ADMIN = os.environ.get("POSTDOC_LIVE_ADMIN", "")
ADMIN_PASSWORD = os.environ.get("POSTDOC_LIVE_ADMIN_PASSWORD", "")
pytestmark = pytest.mark.skipif(not LIVE, reason="needs a running production deployment (.ci/production)")


class Visitor:
    """A minimal HTTPS client with its own cookie jar (the session cookie is Secure, as in production)."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.origin, self.host, self.port = f"{parts.scheme}://{parts.netloc}", parts.hostname, parts.port
        self.cookies: dict[str, str] = {}
        self.context = ssl._create_unverified_context()  # the CI's throwaway self-signed certificate

    def request(self, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
        conn = http.client.HTTPSConnection(self.host, self.port, context=self.context, timeout=60)
        sent = {"Host": f"{self.host}:{self.port}", "Origin": self.origin, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn.request(method, path, body=body, headers=sent)
        response = conn.getresponse()
        data = response.read()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        conn.close()
        return response, data

    def get(self, path: str, **headers):
        return self.request("GET", path, headers=headers)

    def post_form(self, path: str, fields: dict):
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        return self.request(
            "POST", path, urlencode(fields).encode(), {"Content-Type": "application/x-www-form-urlencoded"}
        )

    def login(self, username: str, password: str) -> None:
        response, _ = self.get("/accounts/login/")
        assert response.status == 200
        response, body = self.post_form("/accounts/login/", {"username": username, "password": password})
        assert response.status == 302, body.decode()[:2000]
        assert response.headers["Location"] == "/"


@pytest.fixture(scope="module")
def people(django_db_blocker):
    """One user per role, with a filed base, a partner station and a postdoc in the base."""
    from tests.factories import PASSWORD, DepartmentFactory, user_with_role
    from tests.factories.exits import appointment, make_exit_world

    with django_db_blocker.unblock():
        w = make_exit_world()
        appointment(w)
        dept = user_with_role(Role.DEPT_OFFICER, DepartmentFactory(name="自治区国资委（冒烟测试）"))
    users = {
        "bureau_officer": w["bureau_same"],
        "dept_officer": dept,
        "unit_admin": w["base_same"],
        "station_contact": w["station_same"],
        "expert": w["expert"],
        "postdoc": w["postdoc_own"],
        "supervisor": w["supervisor_own"],
    }
    return {"users": users, "password": PASSWORD, "postdoc_name": w["p1"].name}


def test_security_headers_and_static_files_from_the_manifest():
    visitor = Visitor(LIVE)
    response, body = visitor.get("/accounts/login/")
    assert response.status == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    html = body.decode()
    assert "登录" in html
    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', html)
    assert css, "the page links the hashed file collectstatic wrote"
    response, body = visitor.get(css.group(1))
    assert response.status == 200 and len(body) > 100_000
    assert "immutable" in response.headers["Cache-Control"]


def test_region_admin_home_export_and_api_docs():
    visitor = Visitor(LIVE)
    visitor.login(ADMIN, ADMIN_PASSWORD)
    response, body = visitor.get("/")
    assert response.status == 200 and 'data-testid="whoami"' in body.decode()
    response, body = visitor.get("/tenure/appointments/export/")
    assert response.status == 200
    assert response.headers["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert body[:2] == b"PK"
    response, body = visitor.get("/api/v1/docs")
    assert response.status == 200
    script = re.search(r'src="(/static/ninja/swagger-ui-bundle\.[0-9a-f]{12}\.js)"', body.decode())
    assert script, "the API docs load Swagger UI from our static files, not a CDN"
    assert visitor.get(script.group(1))[0].status == 200


def test_each_role_reaches_its_home(people):
    for role, user in people["users"].items():
        visitor = Visitor(LIVE)
        visitor.login(user.username, people["password"])
        response, body = visitor.get("/")
        html = body.decode()
        assert response.status == 200, role
        assert f'data-testid="whoami">{user.display_name}' in html, role


def test_public_pages_answer_without_an_account():
    visitor = Visitor(LIVE)
    for path in ("/public/bases/", "/public/topics/", "/public/notices/", "/public/eligibility/"):
        response, body = visitor.get(path)
        assert response.status == 200, path
        assert "内蒙古自治区博士后创新实践基地管理系统" in body.decode(), path


def test_api_token_and_json_errors():
    visitor = Visitor(LIVE)
    credentials = json.dumps({"username": ADMIN, "password": ADMIN_PASSWORD}).encode()
    response, body = visitor.request(
        "POST", "/api/v1/auth/token", credentials, {"Content-Type": "application/json"}
    )
    assert response.status == 200, body
    token = json.loads(body)["token"]
    response, body = Visitor(LIVE).get("/api/v1/bureaus", Authorization=f"Bearer {token}")
    assert response.status == 200 and json.loads(body)["count"] == 14
    response, body = visitor.get("/api/v1/no-such-endpoint")
    assert response.status == 404
    assert json.loads(body)["code"] == "not_found"


def test_unknown_page_is_the_chinese_404_page():
    response, body = Visitor(LIVE).get("/no-such-page/")
    assert response.status == 404
    assert "页面不存在" in body.decode()


def test_browser_journey_region_admin_finds_the_postdoc(people):
    from playwright.sync_api import expect, sync_playwright

    from tests.e2e.conftest import CHROMIUM, LAUNCH_ARGS

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS, headless=True)
        try:
            page = browser.new_context(ignore_https_errors=True, locale="zh-CN").new_page()
            refused = []  # anything the Content-Security-Policy blocked
            page.on(
                "console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None
            )
            page.goto(f"{LIVE}/accounts/login/")
            page.fill("input[name=username]", ADMIN)
            page.fill("input[name=password]", ADMIN_PASSWORD)
            page.click("button[type=submit]")
            expect(page.get_by_test_id("whoami")).to_be_visible()
            page.goto(f"{LIVE}/tenure/appointments/")
            expect(page.get_by_text(people["postdoc_name"]).first).to_be_visible()
            page.goto(f"{LIVE}/no-such-page/")
            expect(page.get_by_test_id("error-page")).to_contain_text("页面不存在")
            # The language switch submits itself (site.js; no inline handler under the policy).
            page.goto(f"{LIVE}/")
            page.select_option("select[name=language]", "en")
            expect(page.locator("html")).to_have_attribute("lang", "en")
            page.goto(f"{LIVE}/api/v1/docs")
            expect(page.locator(".swagger-ui").first).to_be_visible()
            assert refused == []
        finally:
            browser.close()
