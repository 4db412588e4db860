"""The Art. 22 title route: an exited postdoc who stays in Inner Mongolia and, during the stay, (a) was selected
for the national funded programme, (b) received a CPSF grant or (c) led a provincial-or-higher project may
apply directly for a deputy-senior title; a withdrawn postdoc may not (Art. 23, last paragraph)."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from postdoc_base.tenure.exits import services as exit_services
from postdoc_base.tenure.exits.selectors import title_route_visible_to
from postdoc_base.tenure.outputs.enums import OutputKind as K
from postdoc_base.tenure.outputs.enums import OutputState
from postdoc_base.tenure.stay.enums import AppointmentState as S
from tests.factories.appointments import make_appointment
from tests.factories.exits import (
    ENTRY,
    EXIT,
    ROLES,
    VISIBLE,
    appointment,
    exited,
    login,
    output,
)
from tests.factories.pages import assert_rows_shown, xlsx_cells, xlsx_rows
from tests.factories.people import make_postdoc

pytestmark = pytest.mark.django_db

LED_PROVINCIAL = {"kind": K.PROJECT, "role": "led", "level": "provincial"}


def route(a):
    findings = exit_services.title_route(a)
    return exit_services.is_eligible(findings), {f.code for f in findings if not f.ok}


def listed_eligible(w, a) -> bool:
    """The set-based list agrees with the per-appointment check."""
    return title_route_visible_to(w["region"], eligible=True).filter(pk=a.pk).exists()


# --- one case per clause -------------------------------------------------------------------------------------
@pytest.mark.parametrize("fields", [{"kind": K.NATIONAL_FUNDED}, {"kind": K.CPSF_GRANT}, LED_PROVINCIAL,
                                    {"kind": K.PROJECT, "role": "led", "level": "national"}],
                         ids=["a_national_funded", "b_cpsf_grant", "c_led_provincial", "c_led_national"])  # fmt: skip
def test_each_achievement_alone_makes_eligible(world, fields):
    a = exited(world)
    output(a, **fields)
    assert route(a) == (True, set())
    assert listed_eligible(world, a)
    achievement = next(f for f in exit_services.title_route(a) if f.code == "art22.achievement")
    assert "经用人单位推荐可直接申报副高级职称" in str(achievement.message)


@pytest.mark.parametrize("fields", [{"kind": K.PROJECT, "role": "took_part", "level": "national"},
                                    {"kind": K.PROJECT, "role": "led", "level": "municipal"},
                                    {"kind": K.AWARD, "level": "national"}, {"kind": K.PAPER}],
                         ids=["took_part", "led_municipal", "award", "paper"])  # fmt: skip
def test_other_outputs_do_not_count(world, fields):
    a = exited(world)
    output(a, **fields)
    assert route(a) == (False, {"art22.no_achievement"})
    assert not listed_eligible(world, a)


def test_no_achievement_is_not_eligible(world):
    assert route(exited(world)) == (False, {"art22.no_achievement"})


@pytest.mark.parametrize("destination", ["base_unit", "in_region"])
def test_staying_at_the_base_unit_or_elsewhere_in_the_region_counts(world, destination):
    a = exited(world, destination)
    output(a, K.CPSF_GRANT)
    assert route(a) == (True, set())


def test_leaving_the_region_is_not_eligible(world):
    a = exited(world, "outside")
    output(a, K.NATIONAL_FUNDED)
    assert route(a) == (False, {"art22.left_region"})
    assert not listed_eligible(world, a)


def test_withdrawn_is_not_eligible(world):
    a = appointment(world, S.WITHDRAWN, exit_policies_entitled=False)
    output(a, K.NATIONAL_FUNDED)
    eligible, failed = route(a)
    assert not eligible and {"art22.withdrawn", "art22.not_exited"} <= failed


def test_not_entitled_to_exit_policies_is_treated_as_withdrawn(world):
    a = exited(world, exit_policies_entitled=False)
    output(a, K.NATIONAL_FUNDED)
    assert route(a) == (False, {"art22.withdrawn"})
    assert not listed_eligible(world, a)


@pytest.mark.parametrize("state", [S.IN_BASE, S.EXIT_REQUESTED, S.EXIT_ASSESSED])
def test_not_exited_is_not_eligible(world, state):
    a = appointment(world, state, destination="base_unit")
    output(a, K.NATIONAL_FUNDED)
    assert route(a) == (False, {"art22.not_exited"})


@pytest.mark.parametrize("day, counts", [(ENTRY - timedelta(days=1), False), (ENTRY, True), (EXIT, True),
                                         (EXIT + timedelta(days=1), False)])  # fmt: skip
def test_only_outputs_within_the_stay_count(world, day, counts):
    a = exited(world)
    output(a, K.NATIONAL_FUNDED, occurred_on=day)
    assert route(a)[0] is counts
    assert listed_eligible(world, a) is counts


@pytest.mark.parametrize("state", [OutputState.SUBMITTED, OutputState.RETURNED])
def test_unconfirmed_outputs_do_not_count(world, state):
    a = exited(world)
    output(a, K.NATIONAL_FUNDED, state=state)
    assert route(a) == (False, {"art22.no_achievement"})


def test_another_appointments_output_does_not_count(world):
    a = exited(world)
    output(exited(world, postdoc=world["p2"]), K.NATIONAL_FUNDED)
    assert route(a) == (False, {"art22.no_achievement"})


def test_title_route_is_one_query(world):
    a = exited(world)
    output(a, K.CPSF_GRANT)
    with CaptureQueriesContext(connection) as ctx:
        exit_services.title_route(a)
    assert len(ctx.captured_queries) == 1


# --- pages, export, API and scoping -----------------------------------------------------------------------------
def other_bureau_exit(w):
    p = make_postdoc(w["b2"], id_type="passport", id_number="E99999999", nationality="蒙古国", name="其他人")
    return make_appointment(w["b2"], w["st2"], p, state=S.EXITED, contract_type="labour_contract",
                            entry_date=ENTRY, exit_date=EXIT, destination="in_region",
                            destination_employer="包头某单位")  # fmt: skip


def test_list_shows_eligibility_and_reasons_and_filters(world):
    yes = exited(world)
    output(yes, K.NATIONAL_FUNDED)
    no = exited(world, "outside", postdoc=world["p2"])
    appointment(world, S.IN_BASE)  # not exited: not listed
    c = login(world["region"])
    page = c.get("/tenure/title-route/").content.decode()
    assert page.count("data-appointment=") == 2
    assert f'data-appointment="{yes.pk}" data-eligible="1"' in page
    assert f'data-appointment="{no.pk}" data-eligible="0"' in page
    assert "未留在内蒙古自治区工作" in page and "获选国家资助博士后研究人员计划" in page
    assert c.get("/tenure/title-route/?eligible=1").content.decode().count("data-appointment=") == 1
    assert f'data-appointment="{no.pk}"' in c.get("/tenure/title-route/?eligible=0").content.decode()


def test_appointment_page_shows_the_title_route_once_exited(world):
    a = exited(world)
    output(a, K.CPSF_GRANT)
    page = login(world["postdoc_own"]).get(a.get_absolute_url()).content.decode()
    assert "第二十二条 职称申报" in page and "可直接申报副高级职称" in page
    b = appointment(world, S.IN_BASE, postdoc=world["p2"])
    assert "title-route-card" not in login(world["base_same"]).get(b.get_absolute_url()).content.decode()


def _export_names(client, query="") -> list[str]:
    r = client.get(f"/tenure/title-route/export/{query}")
    assert r.status_code == 200
    rows = xlsx_rows(r)
    assert rows[0][0] == "博士后研究人员" and rows[0][-2] == "可直接申报副高级职称"
    return [row[0] for row in rows[1:]]


def test_export_is_scoped_and_filtered(world):
    a = exited(world)
    output(a, K.NATIONAL_FUNDED)
    exited(world, "outside", postdoc=world["p2"])
    other_bureau_exit(world)
    assert sorted(_export_names(login(world["region"]))) == sorted(["张晓明", "巴特尔·朝鲁", "其他人"])
    assert _export_names(login(world["region"]), "?eligible=1") == ["张晓明"]
    assert _export_names(login(world["postdoc_other"])) == ["巴特尔·朝鲁"]
    assert _export_names(login(world["bureau_other"])) == ["其他人"]
    r = login(world["region"]).get("/tenure/title-route/export/?eligible=1")
    row = xlsx_rows(r)[1]
    assert (row[4].date(), row[7], row[8], row[-2], row[-1]) == (EXIT, "是", "否", "是", "—")


@pytest.mark.parametrize("who", ROLES)
def test_title_route_is_scoped_on_page_api_and_export(world, who):
    a = exited(world)
    other = exited(world, postdoc=world["p2"])
    far = other_bureau_exit(world)
    c = login(world[who])
    page = c.get("/tenure/title-route/").content.decode()
    listed = {pk for pk in (a.pk, other.pk, far.pk) if f'data-appointment="{pk}"' in page}
    both = {"region", "bureau_same", "base_same", "station_same", "supervisor_own"}
    expected = {"postdoc_own": {a.pk}, "postdoc_other": {other.pk}, "bureau_other": {far.pk},
                "base_other": {far.pk}, "station_other": {far.pk}}.get(who, {a.pk, other.pk} if who in both
                                                                        else set())  # fmt: skip
    if who == "region":
        expected = {a.pk, other.pk, far.pk}
    assert listed == expected
    api = {row["appointment_id"] for row in c.get("/api/v1/exits/title-route").json()["items"]}
    assert api == expected
    assert c.get(f"/api/v1/exits/{a.pk}/title-route").status_code == (200 if who in VISIBLE else 404)
    assert c.get(f"/tenure/appointments/{a.pk}/").status_code == (200 if who in VISIBLE else 404)


def test_api_title_route_of_one_appointment(world):
    a = exited(world)
    output(a, **LED_PROVINCIAL)
    r = login(world["postdoc_own"]).get(f"/api/v1/exits/{a.pk}/title-route")
    body = r.json()
    assert (r.status_code, body["eligible"], body["destination"]) == (200, True, "base_unit")
    assert [f["code"] for f in body["findings"]] == ["art22.exited", "art22.not_withdrawn",
                                                     "art22.stays_in_region", "art22.achievement"]  # fmt: skip
    assert "主持省部级以上项目" in body["findings"][-1]["message"]
    w = appointment(world, S.WITHDRAWN, postdoc=world["p2"], exit_policies_entitled=False)
    body = login(world["region"]).get(f"/api/v1/exits/{w.pk}/title-route").json()
    assert body["eligible"] is False
    assert "art22.withdrawn" in {f["code"] for f in body["findings"] if not f["ok"]}


def _rows(w, n, start):
    made = []
    for i in range(start, start + n):
        p = make_postdoc(
            w["b1"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国", name=f"巴图{i}"
        )
        a = exited(w, postdoc=p)
        output(a, K.NATIONAL_FUNDED)
        output(a, K.PAPER, occurred_on=date(2026, 7, 1))
        made.append(a)
    return made


@pytest.mark.parametrize("url", ["/tenure/title-route/", "/api/v1/exits/title-route",
                                 "/tenure/title-route/export/"])  # fmt: skip
def test_title_route_list_query_count_does_not_grow(world, url):
    c = login(world["region"])
    counts, made = [], []
    for start, rows in ((0, 1), (1, 19)):  # 1 row, then 20
        made += _rows(world, rows, start)
        c.get(url)
        with CaptureQueriesContext(connection) as ctx:
            r = c.get(url)
            assert r.status_code == 200
            if url.endswith("export/"):
                cells = xlsx_cells(r)
        counts.append(len(ctx.captured_queries))
        names = {f"巴图{i}" for i in range(start + rows)}
        if url.endswith("export/"):
            assert names <= cells
        elif url.startswith("/api/"):
            assert {i["appointment_id"] for i in r.json()["items"]} == {a.pk for a in made}
        else:
            assert_rows_shown(r, sorted(names))
    assert counts[0] == counts[1] <= 6, counts
