"""The public directory of filed bases (Art. 11(3) 予以公布): pages and API without an account."""

from datetime import date

import pytest
from django.urls import reverse

from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.models import PracticeBase
from tests.factories import ApplicationFactory, UnitFactory, bureau
from tests.factories.pages import assert_rows_shown, json_ids

pytestmark = pytest.mark.django_db


def make_base(name: str = "草原乳业", bureau_name: str = "呼和浩特市", serial: int | None = None, **kwargs):
    unit = UnitFactory(name=f"{name}有限公司", bureau=bureau(bureau_name))
    app = ApplicationFactory(unit=unit, state="filed")
    serial = serial or PracticeBase.objects.count() + 1
    return PracticeBase.objects.create(
        unit=unit, application=app, name=f"{unit.name}博士后创新实践基地", filing_number=f"蒙博基备〔2026〕{serial:03d}号",
        filing_year=2026, filing_serial=serial, filed_on=date(2026, 12, 1), **kwargs,
    )  # fmt: skip


def test_directory_lists_active_bases_anonymously(client):
    active = make_base("草原乳业")
    make_base("已撤销", state=BaseState.REVOKED)
    html = client.get(reverse("establishment:public_base_list")).content.decode()
    assert active.name in html
    assert "已撤销" not in html


def test_directory_searches_by_name_and_filters_by_bureau(client):
    make_base("草原乳业", "呼和浩特市")
    baotou = make_base("稀土新材料", "包头市")
    url = reverse("establishment:public_base_list")
    assert "稀土新材料" in client.get(url, {"q": "稀土"}).content.decode()
    assert "草原乳业" not in client.get(url, {"q": "稀土"}).content.decode()
    html = client.get(url, {"bureau": baotou.unit.bureau_id}).content.decode()
    assert ("稀土新材料" in html, "草原乳业" in html) == (True, False)


def test_base_detail_shows_filing_number_unit_bureau_and_date(client):
    base = make_base()
    html = client.get(reverse("establishment:public_base_detail", args=[base.pk])).content.decode()
    for text in ("蒙博基备〔2026〕001号", "草原乳业有限公司", "呼和浩特市", "2026年12月1日"):
        assert text in html
    assert client.get(base.get_absolute_url()).status_code == 200


def test_revoked_base_detail_is_not_public(client):
    base = make_base(state=BaseState.REVOKED)
    assert client.get(reverse("establishment:public_base_detail", args=[base.pk])).status_code == 404


def test_directory_paginates_25_per_page(client):
    for i in range(26):
        make_base(f"单位{i}")
    url = reverse("establishment:public_base_list")
    assert client.get(url).content.decode().count("data-base=") == 25
    assert client.get(url, {"page": 2}).content.decode().count("data-base=") == 1


@pytest.mark.parametrize("rows", [1, 20])
def test_directory_query_count_does_not_grow(client, django_assert_num_queries, rows):
    bases = [make_base(f"单位{i}") for i in range(rows)]
    with django_assert_num_queries(3):  # count, page, bureaus
        response = client.get(reverse("establishment:public_base_list"))
    assert response.status_code == 200
    assert_rows_shown(response, [b.name for b in bases] + [b.filing_number for b in bases])


def test_api_lists_and_shows_bases_anonymously(client):
    base = make_base()
    make_base("稀土新材料", "包头市")
    body = client.get("/api/v1/bases", {"q": "草原"}).json()
    assert [b["filing_number"] for b in body["items"]] == ["蒙博基备〔2026〕001号"]
    detail = client.get(f"/api/v1/bases/{base.pk}").json()
    assert (detail["unit_name"], detail["bureau_name"], detail["filed_on"]) == (
        "草原乳业有限公司", "呼和浩特市", "2026-12-01",
    )  # fmt: skip


@pytest.mark.parametrize("rows", [1, 20])
def test_api_base_list_query_count_does_not_grow(client, django_assert_num_queries, rows):
    bases = [make_base(f"单位{i}") for i in range(rows)]
    with django_assert_num_queries(2):
        response = client.get("/api/v1/bases")
    assert response.status_code == 200
    assert json_ids(response) == {b.pk for b in bases}
    assert_rows_shown(response, [b.filing_number for b in bases])
