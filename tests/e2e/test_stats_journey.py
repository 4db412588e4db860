"""Statistics in the browser (issue 13 item 4): the region administrator opens 统计, filters by a bureau and a
year, and the chart's data table follows the filters; the chart is drawn on a canvas (ECharts, no inline
script under the CSP)."""

from datetime import date

import pytest
from playwright.sync_api import expect

from postdoc_base.accounts.enums import Role
from postdoc_base.tenure.outputs.enums import OutputKind
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.tenure import make_base
from tests.stats.conftest import appoint, output

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_region_filters_a_chart_by_bureau_and_year(page, login, shot):
    station = StationFactory()
    hohhot_base, baotou_base = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    a1, a2 = appoint(hohhot_base, station, 1), appoint(baotou_base, station, 2)
    output(a1, OutputKind.PATENT, occurred_on=date(2026, 6, 1))
    output(a2, OutputKind.PATENT, occurred_on=date(2025, 6, 1))
    output(a2, OutputKind.INVENTION, occurred_on=date(2025, 7, 1))
    user_with_role(Role.REGION_ADMIN, username="region_stats")
    baotou = bureau("包头市")
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    login(page, "region_stats")
    page.goto("/stats/?year=2026")
    card = page.get_by_test_id("card-outputs")
    expect(card.locator("canvas").first).to_be_attached()
    expect(card.locator("[data-chart]")).to_have_attribute("data-drawn", "true")
    table = page.get_by_test_id("table-outputs")
    expect(table.locator("tbody tr")).to_have_count(14)
    expect(table.locator("tbody tr", has_text="呼和浩特市").locator("td")).to_have_text(["1", "0", "0", "0"])
    shot(page, "all-bureaus-2026")

    page.get_by_test_id("filter-bureau").select_option(str(baotou.pk))
    page.get_by_test_id("filter-year").select_option("2025")
    page.get_by_test_id("filter-submit").click()
    page.wait_for_url("**/stats/?year=2025&bureau=*")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody tr th")).to_have_text("包头市")
    expect(table.locator("tbody tr td")).to_have_text(["1", "1", "0", "0"])
    expect(card.locator("canvas").first).to_be_attached()
    expect(page.get_by_test_id("export-outputs")).to_have_attribute(
        "href", f"/stats/charts/outputs/export/?year=2025&bureau={baotou.pk}"
    )
    shot(page, "baotou-2025")
    assert not [e for e in errors if "Content Security Policy" in e]
