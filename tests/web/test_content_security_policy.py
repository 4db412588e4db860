"""The Content-Security-Policy (issue 9 item 5): every page forbids inline scripts and foreign origins, and
no template needs them (no inline handler, no inline <script>, no style attribute)."""

import re
from pathlib import Path

import pytest

from postdoc_base.web.middleware import API_DOCS_POLICY, CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2] / "postdoc_base"


def test_pages_and_api_send_the_policy(client):
    for path in ("/accounts/login/", "/public/bases/", "/api/v1/openapi.json", "/no-such-page/"):
        response = client.get(path)
        assert response["Content-Security-Policy"] == CONTENT_SECURITY_POLICY, path
    assert "script-src 'self';" in CONTENT_SECURITY_POLICY
    assert "frame-ancestors 'none'" in CONTENT_SECURITY_POLICY


def test_api_docs_load_swagger_from_our_static_files_under_the_policy(client, django_user_model):
    from postdoc_base.accounts.enums import Role
    from tests.factories import user_with_role

    client.force_login(user_with_role(Role.REGION_ADMIN))
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert '/static/ninja/swagger-ui-bundle.js"' in html
    assert "cdn" not in html.lower()
    assert response["Content-Security-Policy"] == API_DOCS_POLICY
    assert "script-src 'self';" in API_DOCS_POLICY


def test_no_template_needs_inline_script_or_style():
    inline_handler = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
    inline_script = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.IGNORECASE)
    offenders = []
    for template in ROOT.rglob("templates/**/*.html"):
        text = template.read_text()
        if inline_handler.search(text) or inline_script.search(text) or 'style="' in text:
            offenders.append(str(template.relative_to(ROOT)))
    assert offenders == []
