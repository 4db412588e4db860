"""Search boxes read their text through one helper (web.pages.text_param): trimmed, capped, and without NUL,
which PostgreSQL refuses inside a query (a 500 instead of "no rows") — on every page with a ``?q=`` box."""

import pytest
from django.test import Client

from postdoc_base.accounts.enums import Role
from postdoc_base.web.pages import SEARCH_MAX, text_param
from tests.factories import UnitFactory, bureau, user_with_role

pytestmark = pytest.mark.django_db

SEARCH_PAGES = (
    "/registry/units/", "/registry/departments/", "/registry/stations/", "/registry/experts/",
    "/admin-console/", "/bases/", "/public/topics/", "/tenure/postdocs/", "/tenure/supervisors/", "/tenure/postdocs/export/",
    "/tenure/supervisors/export/",
)  # fmt: skip


def test_text_param_trims_drops_nul_and_caps():
    assert text_param("  稀土\x00集团 ") == "稀土集团"
    assert text_param(None) == ""
    assert text_param("王" * 500) == "王" * SEARCH_MAX
    assert text_param("草原乳业有限公司", max_length=4) == "草原乳业"


@pytest.mark.parametrize("url", SEARCH_PAGES)
def test_a_nul_in_a_search_box_is_dropped_not_a_server_error(url):
    UnitFactory(name="稀土集团有限公司", bureau=bureau("包头市"))
    c = Client()
    c.force_login(user_with_role(Role.REGION_ADMIN))
    response = c.get(url, {"q": "稀土\x00集团"})
    assert response.status_code == 200
    if url == "/registry/units/":
        assert "稀土集团有限公司" in response.content.decode()
