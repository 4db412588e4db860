"""The statistics section (issue 13 item 4): exact numbers per chart on a small region, the scope of each
viewer (data, filters, downloads, API), bad filters answered with a warning, constant queries, the ledgers."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from postdoc_base.accounts.enums import Role
from tests.factories import StationFactory, user_with_role
from tests.factories.tenure import make_base

from .conftest import appoint, login

pytestmark = pytest.mark.django_db


def api(user, key, **params):
    response = login(user).get(f"/api/v1/stats/{key}", params)
    assert response.status_code == 200, response.content
    return response.json()


def table(body) -> dict:
    """``{label: [values]}`` of an API answer (the chart's table)."""
    return {label: [s["data"][i] for s in body["series"]] for i, label in enumerate(body["labels"])}


def nonzero(body) -> dict:
    return {label: values for label, values in table(body).items() if any(values)}


def sheet_rows(response) -> list[tuple]:
    """The workbook's header and rows (the export layer's title rows above them, each one cell, left out)."""
    assert response.status_code == 200
    data = b"".join(response.streaming_content)
    rows = list(load_workbook(io.BytesIO(data), read_only=True).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if sum(v is not None for v in row) > 1)
    return rows[header:]


# --- exact numbers ---------------------------------------------------------------------------------------
def test_the_region_reads_every_chart_with_exact_numbers(world):
    region = world["region"]
    bureaus = api(region, "bases_by_bureau", year=2026)
    assert bureaus["series"][0]["name"] == "已备案" and len(bureaus["labels"]) == 14
    assert nonzero(bureaus) == {"呼和浩特市": [1, 1, 0], "包头市": [1, 0, 0]}
    assert table(api(region, "bases_by_nature", year=2026)) == {"企业": [3], "事业单位": [0], "其他": [0]}
    category = table(api(region, "bases_by_category", year=2026))
    assert (
        category["自治区级以上科技创新平台"],
        category["近三年入选国内外知名榜单企业"],
        category["未申报优先条件"],
    ) == ([1], [1], [2])
    assert table(api(region, "bases_by_state", year=2026)) == {
        "已备案": [2], "已取消备案": [1], "已自动注销（设立工作站）": [0]
    }  # fmt: skip
    assert table(api(region, "postdocs_in_bases", year=2025)) == {
        "2021": [0], "2022": [0], "2023": [0], "2024": [2], "2025": [3]
    }  # fmt: skip
    assert table(api(region, "entries_exits", year=2026)) == {
        "2022": [0, 0, 0], "2023": [0, 0, 0], "2024": [2, 0, 0], "2025": [1, 0, 0], "2026": [1, 2, 0]
    }  # fmt: skip
    assert nonzero(api(region, "exit_destinations", year=2026)) == {
        "呼和浩特市": [1, 0, 0, 0],
        "包头市": [0, 0, 1, 0],
    }
    assert nonzero(api(region, "outputs", year=2026)) == {"呼和浩特市": [1, 0, 1, 1], "包头市": [1, 1, 1, 0]}
    assert nonzero(api(region, "outputs", year=2025)) == {"呼和浩特市": [1, 0, 0, 0]}
    assert nonzero(api(region, "transfer_income", year=2026)) == {
        "呼和浩特市": [500000, 100000], "包头市": [200000, 50000]
    }  # fmt: skip
    funnel = api(region, "round_funnel", year=2026)
    assert sorted(label.split(" · ")[1] for label in funnel["labels"]) == [
        "包头市",
        "呼和浩特市",
        "呼和浩特市",
    ]
    assert all(values == [1] * 6 for values in table(funnel).values())
    assert api(region, "round_funnel", year=2025)["labels"] == []
    assert nonzero(api(region, "overdue")) == {"呼和浩特市": [2], "包头市": [1]}


def test_bases_filed_after_the_year_are_not_counted(world):
    assert table(api(world["region"], "bases_by_state", year=2025)) == {
        "已备案": [0], "已取消备案": [0], "已自动注销（设立工作站）": [0]
    }  # fmt: skip


def test_the_page_shows_each_chart_with_its_table_and_data(world):
    response = login(world["region"]).get("/stats/", {"year": 2026})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="chart-data-outputs"' in html and 'data-chart="outputs"' in html
    assert "vendor/echarts/echarts.min.js" in html and "stats/charts.js" in html
    assert "<script>" not in html  # no inline script (CSP)
    assert 'data-testid="table-transfer_income"' in html and "<td>500000</td>" in html


# --- scope ----------------------------------------------------------------------------------------------
def test_the_region_filters_by_bureau(world):
    body = api(world["region"], "outputs", year=2026, bureau=world["baotou"].pk)
    assert table(body) == {"包头市": [1, 1, 1, 0]}
    assert body["bureau"] == world["baotou"].pk and body["warnings"] == []
    assert table(api(world["region"], "overdue", bureau=world["hohhot"].pk)) == {"呼和浩特市": [2]}


def test_a_bureau_officer_reads_only_its_bureau(world):
    officer = world["baotou_officer"]
    assert table(api(officer, "bases_by_bureau", year=2026)) == {"包头市": [1, 0, 0]}
    assert table(api(officer, "bases_by_state", year=2026)) == {
        "已备案": [1], "已取消备案": [0], "已自动注销（设立工作站）": [0]
    }  # fmt: skip
    assert table(api(officer, "outputs", year=2026)) == {"包头市": [1, 1, 1, 0]}
    assert table(api(officer, "exit_destinations", year=2026)) == {"包头市": [0, 0, 1, 0]}
    assert table(api(officer, "overdue")) == {"包头市": [1]}
    assert [label.split(" · ")[1] for label in api(officer, "round_funnel", year=2026)["labels"]] == [
        "包头市"
    ]
    # The bureau filter is the region's: another bureau's id changes nothing.
    assert table(api(officer, "outputs", year=2026, bureau=world["hohhot"].pk)) == {"包头市": [1, 1, 1, 0]}
    page = login(officer).get("/stats/", {"year": 2026}).content.decode()
    assert "草原乳业" not in page and 'name="bureau"' not in page
    assert "<td>500000</td>" not in page and "<td>200000</td>" in page


def test_a_unit_admin_reads_only_its_base(world):
    other = make_base("乳业二号", "呼和浩特市")  # same bureau, another unit
    appoint(other, StationFactory(), 9)
    admin = world["b1_admin"]
    assert table(api(admin, "bases_by_bureau", year=2026)) == {"呼和浩特市": [1, 0, 0]}
    assert table(api(admin, "postdocs_in_bases", year=2026))["2026"] == [1]
    assert table(api(admin, "outputs", year=2026)) == {"呼和浩特市": [1, 0, 1, 1]}
    assert table(api(admin, "overdue")) == {"呼和浩特市": [2]}
    assert login(admin).get(f"/stats/ledgers/base/{other.pk}/").status_code == 404
    assert login(admin).get(f"/stats/ledgers/base/{world['b1'].pk}/").status_code == 200
    assert login(admin).get(f"/stats/ledgers/bureau/{world['hohhot'].pk}/").status_code == 404
    assert login(admin).get("/stats/ledgers/region/").status_code == 404


@pytest.mark.parametrize("who", ["station", "expert"])
def test_others_get_404(world, who):
    c = login(world[who])
    assert c.get("/stats/").status_code == 404
    assert c.get("/stats/charts/outputs/export/").status_code == 404
    assert c.get("/api/v1/stats/outputs").status_code == 404
    assert c.get(f"/stats/ledgers/base/{world['b1'].pk}/").status_code == 404


def test_anonymous_is_sent_to_login(client, world):
    for url in ("/stats/", "/stats/charts/outputs/export/", "/stats/ledgers/region/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/v1/stats/outputs").status_code == 401


def test_an_unknown_chart_is_404(world):
    assert login(world["region"]).get("/api/v1/stats/nothing").status_code == 404


# --- filters --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("params", [{"year": "abc"}, {"year": "1800"}, {"year": "²"}, {"bureau": "x"},
                                    {"bureau": "99999"}, {"year": "9" * 40}])  # fmt: skip
def test_bad_filters_are_ignored_with_a_warning(world, params):
    response = login(world["region"]).get("/stats/", params)
    assert response.status_code == 200
    assert 'data-testid="filter-problem"' in response.content.decode()
    assert api(world["region"], "outputs", **params)["warnings"]


# --- downloads ------------------------------------------------------------------------------------------
def test_a_download_holds_the_table_on_screen(world):
    officer = world["hohhot_officer"]
    rows = sheet_rows(login(officer).get("/stats/charts/outputs/export/", {"year": 2026}))
    assert rows == [
        ("盟市", "专利", "发明", "科技成果转化", "省部级以上科研项目"),
        ("呼和浩特市", 1, 0, 1, 1),
    ]
    rows = sheet_rows(login(world["region"]).get("/stats/charts/entries_exits/export/", {"year": 2026}))
    assert rows[1:] == [(str(y), *v) for y, v in zip(range(2022, 2027), [[0, 0, 0], [0, 0, 0], [2, 0, 0],
                                                                          [1, 0, 0], [1, 2, 0]], strict=True)]  # fmt: skip


# --- queries --------------------------------------------------------------------------------------------
def _queries(user) -> int:
    c = login(user)
    with CaptureQueriesContext(connection) as ctx:
        assert c.get("/stats/", {"year": 2026}).status_code == 200
    return len(ctx.captured_queries)


def test_the_page_reads_a_constant_number_of_queries():
    region = user_with_role(Role.REGION_ADMIN)
    station = StationFactory()
    make_base("基地0", "呼和浩特市")
    one = _queries(region)
    for i in range(1, 20):
        base = make_base(f"基地{i}", "包头市" if i % 2 else "呼和浩特市")
        appoint(base, station, i)
    assert _queries(region) == one


# --- ledgers --------------------------------------------------------------------------------------------
def test_the_base_ledger_lists_its_postdocs_and_downloads_the_same_rows(world):
    c = login(world["hohhot_officer"])
    html = c.get(f"/stats/ledgers/base/{world['b1'].pk}/").content.decode()
    assert "博士后1" in html and "博士后2" in html and "170000" in html
    assert "博士后5" not in html  # a drafted agreement: not yet the base's postdoc
    rows = sheet_rows(c.get("/stats/ledgers/base/export/", {"base": world["b1"].pk}))
    assert rows[0][:2] == ("姓名", "合作流动站")
    by_name = {r[0]: r for r in rows[1:]}
    assert set(by_name) == {"博士后1", "博士后2"}
    assert by_name["博士后1"][8:] == (1, 1, 1, 4, 120000)  # patents, transfers, major projects, all, funding
    assert by_name["博士后2"][7] == "留在设站（基地）单位"
    assert login(world["baotou_officer"]).get(f"/stats/ledgers/base/{world['b1'].pk}/").status_code == 404
    assert (
        login(world["baotou_officer"])
        .get("/stats/ledgers/base/export/", {"base": world["b1"].pk})
        .status_code
        == 404
    )


def test_the_bureau_and_region_ledgers(world):
    c = login(world["hohhot_officer"])
    rows = sheet_rows(c.get("/stats/ledgers/bureau/export/", {"bureau": world["hohhot"].pk}))
    assert sorted(r[1] for r in rows[1:]) == sorted([world["b1"].name, world["b3"].name])
    b1 = next(r for r in rows[1:] if r[1] == world["b1"].name)
    assert b1[7:] == (1, 2, 1, 0, 2, 1, 500000, 1, 170000)  # every year
    assert c.get(f"/stats/ledgers/bureau/{world['baotou'].pk}/").status_code == 404
    assert c.get("/stats/ledgers/bureau/export/", {"bureau": world["baotou"].pk}).status_code == 404
    assert c.get("/stats/ledgers/region/").status_code == 404
    region = login(world["region"])
    html = region.get("/stats/ledgers/region/").content.decode()
    assert 'data-testid="subtotals"' in html and world["b2"].name in html
    rows = sheet_rows(region.get("/stats/ledgers/region/export/"))
    assert [r[0] for r in rows[1:]] == ["呼和浩特市", "呼和浩特市", "包头市"]
