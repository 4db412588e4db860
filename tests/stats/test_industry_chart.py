"""The statistics' bases by industry (issue: "bases by bureau, industry, Art. 10 category and state"): the filed bases
grouped by their unit's 所属行业 (GB/T 4754-2017 section), every section in the standard's order and the units
with none as 未填写; exact counts over each viewer's scope, the year and the region's bureau filter, the same
table on the page, in the download and in the API. The chart by unit nature stays beside it."""

import json
import re

import pytest

from postdoc_base.directory.enums import Industry
from postdoc_base.directory.models import Unit

from .conftest import login
from .test_stats import api, sheet_rows, table

pytestmark = pytest.mark.django_db

SECTIONS = [str(label) for label in Industry.labels]


@pytest.fixture
def industries(world):
    """草原乳业 (呼和浩特市) makes dairy products, 稀土新材料 (包头市) mines rare earths; the revoked 煤化工 (呼和浩特市)
    was registered before the field existed."""
    Unit.objects.filter(pk=world["b1"].unit_id).update(industry=Industry.C)
    Unit.objects.filter(pk=world["b2"].unit_id).update(industry=Industry.B)
    return world


def counts(**found) -> dict:
    """The whole table: every section (zero unless given, by letter) and 未填写 (``blank``)."""
    rows = {str(i.label): [found.get(i.value, 0)] for i in Industry}
    rows["未填写"] = [found.get("blank", 0)]
    return rows


def test_the_table_lists_every_section_in_order_then_not_provided(industries):
    body = api(industries["region"], "bases_by_industry", year=2026)
    assert body["labels"] == [*SECTIONS, "未填写"]
    assert (body["title"], body["article"], body["label_title"]) == ("基地按所属行业", "第三条", "所属行业")
    assert [s["name"] for s in body["series"]] == ["基地数"]


def test_the_region_counts_every_filed_base_by_its_units_industry(industries):
    # The revoked base counts too: the chart is of the bases filed by the year's end, whatever their state.
    assert table(api(industries["region"], "bases_by_industry", year=2026)) == counts(C=1, B=1, blank=1)


def test_bases_filed_after_the_year_are_not_counted(industries):
    assert table(api(industries["region"], "bases_by_industry", year=2025)) == counts()


def test_the_region_filters_by_bureau(industries):
    body = api(industries["region"], "bases_by_industry", year=2026, bureau=industries["hohhot"].pk)
    assert table(body) == counts(C=1, blank=1)


@pytest.mark.parametrize(
    ("who", "expected"),
    [("hohhot_officer", {"C": 1, "blank": 1}), ("baotou_officer", {"B": 1}), ("b1_admin", {"C": 1}),
     ("b2_admin", {"B": 1})],
)  # fmt: skip
def test_each_viewer_counts_only_the_bases_in_its_scope(industries, who, expected):
    assert table(api(industries[who], "bases_by_industry", year=2026)) == counts(**expected)


def test_a_bureau_officer_cannot_widen_its_scope_with_the_bureau_filter(industries):
    officer = industries["baotou_officer"]
    body = api(officer, "bases_by_industry", year=2026, bureau=industries["hohhot"].pk)
    assert table(body) == counts(B=1)


def test_the_page_draws_it_beside_the_nature_chart_and_the_download_holds_its_table(industries):
    c = login(industries["hohhot_officer"])
    html = c.get("/stats/", {"year": 2026}).content.decode()
    assert 'data-testid="card-bases_by_industry"' in html and 'data-testid="card-bases_by_nature"' in html
    payload = re.search(
        r'<script id="chart-data-bases_by_industry" type="application/json">(.*?)</script>', html
    )
    data = json.loads(payload.group(1))
    assert data["kind"] == "hbar" and data["labels"] == [*SECTIONS, "未填写"]
    assert data["series"][0]["data"][Industry.values.index("C")] == 1
    rows = sheet_rows(c.get("/stats/charts/bases_by_industry/export/", {"year": 2026}))
    assert rows[0] == ("所属行业", "基地数")
    assert dict((label, n) for label, n in rows[1:]) == {k: v[0] for k, v in counts(C=1, blank=1).items()}


def test_the_nature_chart_is_kept(industries):
    assert table(api(industries["region"], "bases_by_nature", year=2026)) == {
        "企业": [3], "事业单位": [0], "其他": [0]
    }  # fmt: skip
