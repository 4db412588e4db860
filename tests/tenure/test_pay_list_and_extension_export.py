"""The pay record list and its export (Arts. 9(5), 20) and the extension list's export (Art. 14): every list
scoped, filterable and exportable. Pay is scoped like appointments but not the supervisors; the warnings
filter keeps exactly the records ``pay_findings`` warns about (equal pay passes, Art. 9(5) "不低于")."""

import re
from datetime import date, datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import Parameter
from postdoc_base.kernel.params import SALARY_FLOOR
from postdoc_base.tenure.outputs import services
from postdoc_base.tenure.outputs.models import PayRecord
from postdoc_base.tenure.outputs.selectors import pay_records_visible_to
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.enums import ExtensionState as E
from postdoc_base.web.transitions import finding_text
from tests.factories.appointments import make_appointment
from tests.factories.exits import ENTRY, ROLES, VISIBLE, appointment, extension, login, make_exit_world
from tests.factories.outputs import make_pay
from tests.factories.pages import xlsx_rows
from tests.factories.people import ID_1985, make_postdoc

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAY_HEADER = [
    "博士后研究人员",
    "基地",
    "年度",
    "年薪（元）",
    "本单位相同层次科研人员年薪（元）",
    "社会保险",
    "提示",
]
EXTENSION_HEADER = [
    "博士后研究人员",
    "基地",
    "延期（月）",
    "承担重大项目",
    "申请方",
    "状态",
    "申请日期",
    "确认日期",
]
# Who sees the pay of the first base's appointments (a1, a2) and of the second base's (a3).
PAY_B1 = {"region", "bureau_same", "base_same", "station_same"}
PAY_B2 = {"region", "bureau_other", "base_other", "station_other"}


@pytest.fixture
def world():
    """Floors: 120,000 a year from 2024 (240,000 per two years), 150,000 from 2026. Appointments: a1 (p1)
    and a2 (p2) at base b1, a3 at base b2; six pay records, three of them failing one finding each."""
    Parameter.objects.filter(key=SALARY_FLOOR).delete()
    Parameter.objects.create(key=SALARY_FLOOR, effective_from=date(2024, 1, 1),
                             value={"amount_yuan": 240000, "period_years": 2})  # fmt: skip
    Parameter.objects.create(key=SALARY_FLOOR, effective_from=date(2026, 1, 1),
                             value={"amount_yuan": 150000, "period_years": 1})  # fmt: skip
    w = make_exit_world()
    w["p3"] = make_postdoc(w["b2"], ID_1985, name="其其格")
    w["a1"], w["a2"] = appointment(w), appointment(w, postdoc=w["p2"])
    w["a3"] = make_appointment(w["b2"], w["st2"], w["p3"], state=S.IN_BASE, complete=True, entry_date=ENTRY)
    w["pay"] = {
        "a1_2025_ok": make_pay(w["a1"], 2025, 130000, same_level_pay_yuan=120000),
        "a1_2026_at_floor": make_pay(w["a1"], 2026, 150000, same_level_pay_yuan=None),
        "a2_2026_below_floor": make_pay(w["a2"], 2026, 149999, same_level_pay_yuan=None),
        "a2_2025_below_same": make_pay(w["a2"], 2025, 125000, same_level_pay_yuan=125001),
        "a3_2026_uninsured": make_pay(w["a3"], 2026, 200000, same_level_pay_yuan=150000,
                                      social_insurance=False),
        "a3_2024_at_same": make_pay(w["a3"], 2024, 130000, same_level_pay_yuan=130000),
    }  # fmt: skip
    return w


FAILING = {"a2_2026_below_floor", "a2_2025_below_same", "a3_2026_uninsured"}


def listed(client, url="/tenure/pay/") -> set[int]:
    r = client.get(url)
    assert r.status_code == 200
    return {int(pk) for pk in re.findall(r'data-pay="(\d+)"', r.content.decode())}


def export(client, url) -> list[list]:
    r = client.get(url)
    assert r.status_code == 200 and r["Content-Type"] == XLSX
    assert "attachment" in r["Content-Disposition"] and ".xlsx" in r["Content-Disposition"]
    return sheet_rows(b"".join(r.streaming_content))


def sheet_rows(raw: bytes) -> list[list]:
    """The first sheet of an export, row by row, dates as dates and every row as wide as the header."""
    rows = [list(row) for row in xlsx_rows(raw)]
    width = len(rows[0])  # trailing empty cells are not stored
    # Excel has no date type: dates read back as midnight datetimes.
    rows = [[v.date() if isinstance(v, datetime) else v for v in row] for row in rows]
    return [row + [None] * (width - len(row)) for row in rows]


def pks(w, *keys) -> set[int]:
    return {w["pay"][key].pk for key in keys}


def expected_pay(w, who) -> set[int]:
    """Keys start with the appointment: a1 and a2 at base b1, a3 at base b2; p1 holds a1, p2 a2."""
    seen = {"a1", "a2"} if who in PAY_B1 else set()
    seen |= {"a3"} if who in PAY_B2 else set()
    seen |= {"postdoc_own": {"a1"}, "postdoc_other": {"a2"}}.get(who, set())
    return pks(w, *(key for key in w["pay"] if key[:2] in seen))


# --- pay: scope --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_pay_list_and_export_are_scoped_without_supervisors(world, who):
    c = login(world[who])
    expected = expected_pay(world, who)
    assert listed(c) == expected
    names = {PayRecord.objects.get(pk=pk).appointment.postdoc.name for pk in expected}
    rows = export(c, "/tenure/pay/export/")
    assert len(rows) - 1 == len(expected) and {row[0] for row in rows[1:]} == names


def test_postdoc_sees_only_own_pay_supervisor_none_bureau_one_none_of_bureau_two(world):
    assert listed(login(world["postdoc_own"])) == pks(world, "a1_2025_ok", "a1_2026_at_floor")
    assert listed(login(world["supervisor_own"])) == set()
    assert export(login(world["supervisor_own"]), "/tenure/pay/export/") == [PAY_HEADER]
    bureau_1 = listed(login(world["bureau_same"]))
    assert bureau_1 and not bureau_1 & pks(world, "a3_2026_uninsured", "a3_2024_at_same")
    assert listed(login(world["bureau_same"]), f"/tenure/pay/?base={world['b2'].pk}") == set()


def test_pay_list_needs_login(world):
    for url in ("/tenure/pay/", "/tenure/pay/export/"):
        assert Client().get(url).status_code == 302


# --- pay: filters ------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("query", "keys"),
    [
        ("", None),  # None: every record
        ("year=2026", {"a1_2026_at_floor", "a2_2026_below_floor", "a3_2026_uninsured"}),
        ("year=2024", {"a3_2024_at_same"}),
        ("year=1999", set()),
        ("base={b2}", {"a3_2026_uninsured", "a3_2024_at_same"}),
        ("base={b1}&year=2025", {"a1_2025_ok", "a2_2025_below_same"}),
        ("warnings=1", FAILING),
        ("warnings=1&year=2026", {"a2_2026_below_floor", "a3_2026_uninsured"}),
        ("warnings=1&base={b1}", {"a2_2026_below_floor", "a2_2025_below_same"}),
        ("warnings=1&year=2024", set()),
    ],
)
def test_pay_filters_on_page_and_export(world, query, keys):
    query = query.format(b1=world["b1"].pk, b2=world["b2"].pk)
    keys = set(world["pay"]) if keys is None else keys
    c = login(world["region"])
    assert listed(c, f"/tenure/pay/?{query}") == pks(world, *keys)
    rows = export(c, f"/tenure/pay/export/?{query}")
    exported = {(row[0], row[2]) for row in rows[1:]}
    assert exported == {(world["pay"][k].appointment.postdoc.name, world["pay"][k].year) for k in keys}


@pytest.mark.parametrize(
    "junk", ["year=abc", "year=２０２６", "base=x", "base=-1", "warnings=yes", "warnings=0"]
)
def test_pay_filter_junk_is_ignored(world, junk):
    assert listed(login(world["region"]), f"/tenure/pay/?{junk}") == pks(world, *world["pay"])


def test_warnings_filter_matches_pay_findings_exactly(world):
    """The SQL filter and the Python findings agree row for row: floors per year (2025: 120,000; 2026:
    150,000), equal pay passes."""
    extra = {
        "2025_at_2025_floor": make_pay(world["a3"], 2025, 120000, same_level_pay_yuan=None),
        "2023_before_schedule": make_pay(
            world["a3"], 2023, 119999, same_level_pay_yuan=None
        ),  # earliest floor
        "2027_one_below": make_pay(world["a1"], 2027, 149999, same_level_pay_yuan=100000),
        "2024_one_above_same": make_pay(world["a2"], 2024, 130001, same_level_pay_yuan=130000),
    }
    flagged = {
        r.pk for r, warnings in services.pay_warnings(pay_records_visible_to(world["region"])) if warnings
    }
    shown = listed(login(world["region"]), "/tenure/pay/?warnings=1")
    assert (
        shown
        == flagged
        == pks(world, *FAILING) | {extra["2023_before_schedule"].pk, extra["2027_one_below"].pk}
    )


# --- pay: page and export content --------------------------------------------------------------------------
def test_pay_page_shows_amounts_with_separators_warnings_and_export_link(world):
    r = login(world["region"]).get(f"/tenure/pay/?warnings=1&year=2026&base={world['b1'].pk}")
    html = r.content.decode()
    assert "149,999" in html and re.findall(r'data-pay="(\d+)"', html) == [
        str(world["pay"]["a2_2026_below_floor"].pk)
    ]
    assert 'data-finding="art9.5.pay_below_c_tier"' in html and "第九条第（五）项" in html
    assert f'href="/tenure/pay/export/?year=2026&amp;base={world["b1"].pk}&amp;warnings=1"' in html
    html = login(world["region"]).get("/tenure/pay/?year=2025").content.decode()
    assert "125,001" in html and "130,000" in html and "120,000" in html
    assert 'data-finding="art20.pay_below_same_level"' in html and "符合规定" in html


def test_pay_export_header_and_rows(world):
    rows = export(login(world["region"]), f"/tenure/pay/export/?base={world['b2'].pk}")
    assert rows[0] == PAY_HEADER
    uninsured, at_same = rows[1:]  # newest year first
    assert uninsured[:6] == ["其其格", world["b2"].name, 2026, 200000, 150000, "未记录缴纳"]
    assert uninsured[6].startswith("不符合第二十条") and "社会保险" in uninsured[6]
    assert at_same == [
        "其其格",
        world["b2"].name,
        2024,
        130000,
        130000,
        "已缴纳",
        None,
    ]  # no warning: empty cell
    two = make_pay(world["a3"], 2025, 100000, same_level_pay_yuan=110000, social_insurance=False)
    rows = export(login(world["region"]), f"/tenure/pay/export/?year=2025&base={world['b2'].pk}")
    assert rows[1][3:5] == [two.annual_pay_yuan, 110000]
    assert rows[1][6].count("；") == 2  # floor, same level and insurance, each with its article
    assert "第九条第（五）项" in rows[1][6] and "第二十条" in rows[1][6]


def test_pay_list_is_paginated_by_25(world):
    for year in range(1990, 2010):
        make_pay(world["a1"], year)
    c = login(world["region"])
    assert len(listed(c)) == 25 and len(listed(c, "/tenure/pay/?page=2")) == 1
    assert len(export(c, "/tenure/pay/export/")) == 26 + 1


# --- extensions: export ------------------------------------------------------------------------------------
def test_extension_export_header_rows_and_state_filter(world):
    requested = extension(world, world["a1"], months=6, has_major_project=True)
    acknowledged = extension(world, world["a2"], E.ACKNOWLEDGED, months=12, decided_on=date(2026, 9, 1))
    rows = export(login(world["region"]), "/tenure/extensions/export/")
    assert rows[0] == EXTENSION_HEADER
    today = timezone.localdate()
    postdoc = str(Role.POSTDOC.label)
    assert rows[1:] == [  # newest first
        [acknowledged.appointment.postdoc.name, world["b1"].name, 12, "否", postdoc, "自治区已确认", today,
         date(2026, 9, 1)],
        [requested.appointment.postdoc.name, world["b1"].name, 6, "是", postdoc, "已申请", today, None],
    ]  # fmt: skip
    rows = export(login(world["region"]), f"/tenure/extensions/export/?state={E.ACKNOWLEDGED}")
    assert [row[0] for row in rows[1:]] == [acknowledged.appointment.postdoc.name]
    assert len(export(login(world["region"]), "/tenure/extensions/export/?state=nonsense")) == 3


@pytest.mark.parametrize("who", ROLES)
def test_extension_export_is_scoped_like_the_list(world, who):
    extension(world, world["a1"])
    rows = export(login(world[who]), "/tenure/extensions/export/")
    assert len(rows) - 1 == (1 if who in VISIBLE else 0)


def test_extension_list_links_the_export_with_its_filter(world):
    html = login(world["region"]).get(f"/tenure/extensions/?state={E.REFUSED}").content.decode()
    assert f'href="/tenure/extensions/export/?state={E.REFUSED}"' in html
    html = login(world["region"]).get("/tenure/extensions/").content.decode()
    assert 'href="/tenure/extensions/export/"' in html


# --- query counts ------------------------------------------------------------------------------------------
def _grow_pay(w, n: int) -> list[PayRecord]:
    """``n`` pay records of a1 in ``n`` distinct years from 2010 (floors: 120,000 until 2025, 150,000 from
    2026), every other one failing: 119,999 is below every floor, 150,000 below none."""
    PayRecord.objects.all().delete()
    return [
        make_pay(w["a1"], 2010 + i, 119999 if i % 2 == 0 else 150000, same_level_pay_yuan=None)
        for i in range(n)
    ]


def _grow_extensions(w, n: int) -> None:
    for _ in range(n):
        extension(w, w["a1"], E.REFUSED, months=3, decided_on=date(2026, 5, 1))


def _measure(client, url) -> tuple[int, list]:
    """The queries of one GET (a streamed sheet queries as it is read) and the rows it shows: the pay
    records' ids on the page, the rows under the header of an export."""
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
        assert r.status_code == 200
        raw = b"".join(r.streaming_content) if r.streaming else r.content
    if "/export/" in url:
        return len(ctx), sheet_rows(raw)[1:]
    return len(ctx), [int(pk) for pk in re.findall(r'data-pay="(\d+)"', raw.decode())]


def _pay_shown(w, who, url, made) -> list:
    """What ``url`` shows ``who`` of the pay records ``made``: the failing ones (``warnings=1``) of the year
    asked for, none to a supervisor (pay is not theirs to see); newest year first."""
    if who not in PAY_B1 | {"postdoc_own"}:
        return []
    kept = [r for r in made if ("warnings=1" not in url or r.annual_pay_yuan < 120000)]
    kept = [r for r in kept if "year=2010" not in url or r.year == 2010]
    kept.sort(key=lambda r: (-r.year, -r.pk))
    if "/export/" not in url:
        return [r.pk for r in kept]
    name, base = w["p1"].name, w["b1"].name
    return [[name, base, r.year, r.annual_pay_yuan, None, "已缴纳", _hint(r)] for r in kept]


def _hint(record) -> str | None:
    """The export's 提示 cell: the failing findings with their articles, empty when none fails."""
    return "；".join(finding_text(f) for f in services.pay_findings(record) if not f.ok) or None


@pytest.mark.parametrize("who", ["region", "base_same", "postdoc_own", "supervisor_own"])
@pytest.mark.parametrize("url", ["/tenure/pay/", "/tenure/pay/?warnings=1", "/tenure/pay/export/",
                                 "/tenure/pay/export/?warnings=1&year=2010"])  # fmt: skip
def test_pay_queries_do_not_grow_from_1_to_20_rows(world, who, url):
    made = _grow_pay(world, 1)
    few, shown = _measure(login(world[who]), url)
    assert shown == _pay_shown(world, who, url, made)
    made = _grow_pay(world, 20)
    many, shown = _measure(login(world[who]), url)
    assert many == few
    assert shown == _pay_shown(world, who, url, made)
    # The rows are really there (but for the supervisor, who sees no pay): 1 and then 20, 10 failing, 1 in 2010.
    expected = {"/tenure/pay/": 20, "/tenure/pay/?warnings=1": 10}.get(url.replace("export/", ""), 1)
    assert len(shown) == (0 if who == "supervisor_own" else expected)


@pytest.mark.parametrize("who", ["region", "base_same", "supervisor_own"])
def test_extension_export_queries_do_not_grow_from_1_to_20_rows(world, who):
    refused = str(E.REFUSED.label)
    row = [world["p1"].name, world["b1"].name, 3, "否", str(Role.POSTDOC.label), refused, timezone.localdate(),
           date(2026, 5, 1)]  # fmt: skip
    _grow_extensions(world, 1)
    few, rows = _measure(login(world[who]), "/tenure/extensions/export/")
    assert rows == [row]
    _grow_extensions(world, 19)
    many, rows = _measure(login(world[who]), "/tenure/extensions/export/")
    assert many == few
    assert rows == [row] * 20
