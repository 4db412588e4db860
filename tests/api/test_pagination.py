"""Issue 9 item 3: page numbers past the last page or absurdly large never fail; page sizes are bounded."""

import pytest

from postdoc_base.accounts.enums import Role
from postdoc_base.api.common import paginate
from postdoc_base.api.types import MAX_PAGE
from postdoc_base.directory.models import Bureau
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return user_with_role(Role.REGION_ADMIN)


def test_a_page_past_the_last_is_empty_with_the_count(api, region):
    body = api(region).get("/bureaus", page=3, page_size=10).json()
    assert (body["count"], body["page"], body["page_size"], body["items"]) == (14, 3, 10, [])


def test_the_largest_page_is_answered_without_reading_rows(api, region, django_assert_num_queries):
    client = api(region)
    client.get("/bureaus")  # session and user loaded once
    body = client.get("/bureaus", page=MAX_PAGE, page_size=100).json()
    assert (body["count"], body["page"], body["items"]) == (14, MAX_PAGE, [])
    with django_assert_num_queries(1):  # the count; no page query past the last page
        assert paginate(Bureau.objects.all(), page=MAX_PAGE, page_size=100)["items"] == []


@pytest.mark.parametrize(
    ("params", "errors"),
    [
        ({"page": MAX_PAGE + 1}, {"page": ["不能大于 100000。"]}),
        ({"page": 10**30}, {"page": ["不能大于 100000。"]}),
        ({"page": "9" * 5000}, {"page": ["数值超出允许的范围。"]}),
        ({"page": 0, "page_size": 0}, {"page": ["不能小于 1。"], "page_size": ["不能小于 1。"]}),
        ({"page_size": 101}, {"page_size": ["不能大于 100。"]}),
        ({"page": "末页"}, {"page": ["应为整数。"]}),
    ],
)
def test_page_numbers_and_sizes_out_of_bounds_are_422(api, region, params, errors):
    response = api(region).get("/bureaus", **params)
    assert response.status_code == 422
    assert response.json()["errors"] == errors


def test_public_list_with_a_huge_page_number_is_422_not_500(client):
    response = client.get("/api/v1/bases", {"page": str(2**64)})
    assert response.status_code == 422
    assert response.json()["errors"] == {"page": ["不能大于 100000。"]}


def test_web_list_with_a_huge_page_number_shows_the_last_page(client, region):
    client.force_login(region)
    response = client.get("/registry/units/", {"page": str(10**30)})
    assert response.status_code == 200
