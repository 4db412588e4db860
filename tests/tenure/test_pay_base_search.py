"""Issue 14: the pay list's base filter is a search box (text in the bases' unit names, in SQL, within the
user's scope), not a menu of every base in scope; ``base=<id>`` still filters, as links give it. The page
costs the same number of queries whatever the number of bases."""

import re
from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from postdoc_base.accounts.enums import Role
from postdoc_base.policy.identifiers import complete_resident_id
from postdoc_base.tenure.outputs.models import PayRecord
from postdoc_base.tenure.stay.enums import AppointmentState
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.appointments import make_appointment
from tests.factories.outputs import make_pay
from tests.factories.pages import assert_rows_shown, xlsx_rows
from tests.factories.people import make_postdoc
from tests.factories.tenure import make_base

pytestmark = pytest.mark.django_db

# Unit names are the base name + 有限公司 (tests.factories.tenure.make_base).
NAMED = [
    ("草原乳业", "呼和浩特市"),
    ("草原肉业", "呼和浩特市"),
    ("稀土新材", "包头市"),
    ("稀土永磁", "包头市"),
]
FORM = re.compile(r'<form method="get".*?</form>', re.S)


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def add_base(name: str, bureau_name: str = "呼和浩特市", *, station=None):
    """A base with one postdoc in the base and one pay record of 2026."""
    base = make_base(name, bureau_name)
    number = complete_resident_id(f"15010219900307{base.pk % 1000:03d}")  # pks pass 999 on a busy worker
    postdoc = make_postdoc(base, number, name=f"博士后{base.pk}")
    appointment = make_appointment(base, station or StationFactory(), postdoc, state=AppointmentState.IN_BASE,
                                   entry_date=date(2026, 1, 31))  # fmt: skip
    return base, make_pay(appointment, 2026)


@pytest.fixture
def world():
    station = StationFactory()
    w = {"station": station, "bases": {}, "pay": {}}
    for name, bureau_name in NAMED:
        w["bases"][name], w["pay"][name] = add_base(name, bureau_name, station=station)
    w["region"] = user_with_role(Role.REGION_ADMIN)
    w["hohhot"] = user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市"))
    return w


def add_bases(w, count: int) -> None:
    for n in range(count):
        name = f"测试基地{n:02d}"
        w["bases"][name], w["pay"][name] = add_base(name, station=w["station"])


def listed(client, url="/tenure/pay/") -> set[int]:
    response = client.get(url)
    assert response.status_code == 200
    return {int(pk) for pk in re.findall(r'data-pay="(\d+)"', response.content.decode())}


def pay_of(w, *names) -> set[int]:
    return {w["pay"][name].pk for name in names}


def test_thirty_bases_in_scope_give_a_search_box_not_an_option_each(world):
    add_bases(world, 26)
    assert len(world["bases"]) == 30
    html = login(world["region"]).get("/tenure/pay/").content.decode()
    form = FORM.search(html).group(0)
    assert 'name="base_q"' in form and 'type="search"' in form
    assert "<option" not in form and "<select" not in form
    assert html.count("<option") < 30  # only the language menu of the page's header
    for base in world["bases"].values():
        assert f'<option value="{base.pk}"' not in html


def test_the_page_costs_the_same_queries_at_four_bases_and_at_thirty(world, django_assert_num_queries):
    client = login(world["region"])
    chosen = world["bases"]["草原乳业"].pk
    uninsured: list[str] = []  # the added bases whose pay warns, so that the warnings filter keeps some rows

    def expected(url) -> list[int]:
        """The pay ids the page lists, newest first (one record per base, all of 2026), 25 to a page."""
        if url == "/tenure/pay/":
            names = list(world["pay"])
        elif "base_q=草原" in url:
            names = ["草原乳业", "草原肉业"]
        elif f"base={chosen}" in url:
            names = ["草原乳业"]
        else:
            names = uninsured
        return sorted(pay_of(world, *names), reverse=True)[:25]

    def assert_listed(url, response):
        ids = [int(pk) for pk in re.findall(r'data-pay="(\d+)"', response.content.decode())]
        assert ids == expected(url) and ids, url
        records = [PayRecord.objects.select_related("appointment__postdoc", "appointment__base").get(pk=pk)
                   for pk in ids]  # fmt: skip
        assert_rows_shown(response, [r.appointment.postdoc.name for r in records])
        assert_rows_shown(response, [f"{r.appointment.get_absolute_url()}#pay" for r in records])

    for url in ("/tenure/pay/", "/tenure/pay/?base_q=草原", f"/tenure/pay/?base={world['bases']['草原乳业'].pk}",
                "/tenure/pay/?base_q=测试&warnings=1&year=2026"):  # fmt: skip
        with CaptureQueriesContext(connection) as before:
            response = client.get(url)
            assert response.status_code == 200
        assert_listed(url, response)
        if url == "/tenure/pay/":
            add_bases(world, 26)
            uninsured[:] = [name for name in world["pay"] if name.startswith("测试")][::2]
            PayRecord.objects.filter(pk__in=pay_of(world, *uninsured)).update(social_insurance=False)
        with django_assert_num_queries(len(before)):
            response = client.get(url)
            assert response.status_code == 200
        assert_listed(url, response)
    assert (len(world["bases"]), len(uninsured)) == (30, 13)


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("草原", {"草原乳业", "草原肉业"}),
        ("稀土永磁", {"稀土永磁"}),
        ("乳业有限", {"草原乳业"}),
        ("  肉业  ", {"草原肉业"}),  # trimmed
        ("有限公司", {name for name, _b in NAMED}),
        ("沙漠", set()),
    ],
)
def test_the_search_text_keeps_exactly_the_matching_bases_pay_on_page_and_export(world, text, names):
    client = login(world["region"])
    assert listed(client, f"/tenure/pay/?base_q={text}") == pay_of(world, *names)
    raw = b"".join(client.get(f"/tenure/pay/export/?base_q={text}").streaming_content)
    rows = xlsx_rows(raw)
    assert {row[1] for row in rows[1:]} == {world["bases"][name].name for name in names}


def test_the_search_text_is_kept_in_the_box_and_the_export_link(world):
    html = login(world["region"]).get("/tenure/pay/?base_q=草原&year=2026").content.decode()
    assert 'name="base_q" value="草原"' in html
    assert 'href="/tenure/pay/export/?year=2026&amp;base_q=%E8%8D%89%E5%8E%9F"' in html


def test_a_bureau_officer_cannot_find_another_bureaus_base_by_its_name(world):
    client = login(world["hohhot"])
    assert listed(client) == pay_of(world, "草原乳业", "草原肉业")
    assert listed(client, "/tenure/pay/?base_q=稀土") == set()
    assert listed(client, "/tenure/pay/?base_q=有限公司") == pay_of(world, "草原乳业", "草原肉业")
    html = client.get("/tenure/pay/?base_q=稀土新材").content.decode()
    assert world["bases"]["稀土新材"].name not in html
    other = world["bases"]["稀土新材"]
    html = client.get(f"/tenure/pay/?base={other.pk}").content.decode()
    assert not re.findall(r'data-pay="(\d+)"', html) and other.name not in html


def test_base_id_from_a_link_still_filters_and_stays_on_the_form(world):
    base = world["bases"]["草原乳业"]
    client = login(world["region"])
    assert listed(client, f"/tenure/pay/?base={base.pk}") == pay_of(world, "草原乳业")
    html = client.get(f"/tenure/pay/?base={base.pk}&year=2026").content.decode()
    form = FORM.search(html).group(0)
    assert f'<input type="hidden" name="base" value="{base.pk}">' in form
    assert base.name in form  # the chosen base is named, with a link that drops it and keeps the rest
    assert 'href="/tenure/pay/?year=2026"' in form
    assert listed(client, f"/tenure/pay/?base={base.pk}&base_q=肉业") == set()  # both apply


@pytest.mark.parametrize("junk", ["base_q=%00", "base_q=" + "长" * 500, "base_q=%F0%9F%90%8E"])
def test_junk_in_the_search_box_is_harmless(world, junk):
    assert login(world["region"]).get(f"/tenure/pay/?{junk}").status_code == 200
