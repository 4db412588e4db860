"""The overview of a bureau's bases (Art. 6): its bases only, each with its state, its latest revocation case,
its last completed self-inspection and its overdue to-do items; a fixed number of queries per page."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role, ScopeKind
from postdoc_base.kernel.models import Obligation
from postdoc_base.oversight.inspections import services as inspections
from postdoc_base.oversight.inspections.workflow import inspection_workflow
from postdoc_base.oversight.revocations.sweeps import empty_base_sweep
from tests.factories import user_with_role
from tests.factories.pages import assert_rows_shown
from tests.factories.tenure import base_admin, make_base

pytestmark = pytest.mark.django_db


def cells(response, base) -> dict[str, str]:
    """The overview row of ``base`` as {column key: text}."""
    from html.parser import HTMLParser

    class Row(HTMLParser):
        def __init__(self):
            super().__init__()
            self.keys, self.cells, self.inside, self.in_row, self.text = [], [], False, False, ""

        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            if tag == "th" and "data-column" in attrs:
                self.keys.append(attrs["data-column"])
            if tag == "tr" and attrs.get("data-base") == str(base.pk):
                self.in_row = True
            if tag == "td" and self.in_row:
                self.inside, self.text = True, ""

        def handle_endtag(self, tag):
            if tag == "td" and self.inside:
                self.cells.append(self.text.strip())
                self.inside = False
            if tag == "tr":
                self.in_row = False

        def handle_data(self, data):
            if self.inside:
                self.text += data

    parser = Row()
    parser.feed(response.content.decode())
    return dict(zip(["name", "bureau", "state", *parser.keys], parser.cells, strict=True))


@pytest.fixture
def bases():
    return make_base("草原乳业", "呼和浩特市", filed_on=date(2024, 1, 10)), make_base("稀土新材料", "包头市")


def test_a_bureau_sees_its_bases_with_what_oversight_says_of_them(client, bases):
    base, other = bases
    empty_base_sweep(date(2026, 1, 10))
    unit = base_admin(base)
    inspection = inspections.inspection_open(actor=unit, base=base, year=2025, summary="年度自查")
    inspection_workflow.apply(inspection, "close", actor=unit)
    Obligation.objects.create(subject_type="x", subject_id="1", subject_label="逾期", kind="k", title="t",
                              due_on=timezone.localdate() - timedelta(days=1), responsible_role=Role.UNIT_ADMIN,
                              scope_kind=ScopeKind.UNIT, scope_id=base.unit_id, opened_at=timezone.now())  # fmt: skip
    client.force_login(user_with_role(Role.BUREAU_OFFICER, base.unit.bureau))
    response = client.get(reverse("oversight:base_overview"))
    assert other.name not in response.content.decode()
    row = cells(response, base)
    assert (row["state"], row["revocation"], row["inspection"], row["overdue"]) == (
        "已备案",
        "待自治区决定",
        "2025年",
        "1",
    )


def test_a_base_without_records_shows_dashes_and_zero(client, bases):
    base, _other = bases
    client.force_login(user_with_role(Role.REGION_ADMIN))
    row = cells(client.get(reverse("oversight:base_overview")), base)
    assert (row["revocation"], row["inspection"], row["overdue"]) == ("—", "—", "0")


def test_a_unit_administrator_sees_only_its_own_base(client, bases):
    base, other = bases
    client.force_login(base_admin(other))
    html = client.get(reverse("oversight:base_overview")).content.decode()
    assert other.name in html and base.name not in html


@pytest.mark.parametrize("rows", [1, 20])
def test_the_overview_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries, rows):
    made = [make_base(f"基地{i}", "呼和浩特市") for i in range(rows)]
    client.force_login(user_with_role(Role.BUREAU_OFFICER, made[0].unit.bureau))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("oversight:base_overview"))
    assert_rows_shown(response, [b.name for b in made])
