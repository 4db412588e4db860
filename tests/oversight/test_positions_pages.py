"""Position pages, API and exports, and the exit destinations report (Art. 21): scope (an intruder gets 404, a
control user 200), a postdoc not near the end of the term refused at the boundary day, forms with Chinese
errors that write nothing, query counts at 1 and 20 rows, the exports in the lists' scopes."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.oversight.positions.enums import PositionState as PS
from postdoc_base.oversight.positions.models import Position, PositionInterest
from postdoc_base.oversight.positions.workflow import position_workflow
from postdoc_base.tenure.stay.enums import AppointmentState as AS
from tests.factories import StationFactory
from tests.factories.appointments import make_appointment
from tests.factories.pages import assert_rows_shown, body_text, json_ids, xlsx_cells
from tests.factories.people import ID_1985, make_postdoc
from tests.oversight.test_positions import express, make_world, post, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_world()


LIST = reverse("oversight:position_list")
EXPORT = reverse("oversight:position_export")
DEST = reverse("oversight:exit_destinations")
DEST_EXPORT = reverse("oversight:exit_destination_export")


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def detail(p) -> str:
    return reverse("oversight:position_detail", args=[p.pk])


# --- scope: pages and API -----------------------------------------------------------------------------
@pytest.mark.parametrize(("who", "status"), [("bureau_same", 404), ("base_same", 404), ("station", 404),
                                             ("postdoc", 404), ("bureau_other", 200), ("region", 200),
                                             ("base_other", 200)])  # fmt: skip
def test_a_closed_position_is_read_only_in_its_posters_scope(world, who, status):
    position = post(world, "base_other")
    position_workflow.apply(position, "close", actor=world["base_other"])
    c = login(world[who])
    assert c.get(detail(position)).status_code == status
    for url in ("", "/history", "/transitions"):
        assert c.get(f"/api/v1/positions/{position.pk}{url}").status_code == status
    assert (position.pk in json_ids(c.get("/api/v1/positions"))) is (status == 200)


def test_a_postdoc_before_the_window_gets_404_and_an_explanation_on_the_list(world):
    position = post(world, "base_same")
    early, near = login(world["postdoc_early"]), login(world["postdoc"])
    assert early.get(detail(position)).status_code == 404
    assert early.get(f"/api/v1/positions/{position.pk}").status_code == 404
    assert json_ids(early.get("/api/v1/positions")) == set()
    r = early.get(LIST)
    assert r.status_code == 200
    assert (
        "可于" in body_text(r)
        and "起查看岗位并表达意向" in body_text(r)
        and position.title not in body_text(r)
    )
    # the control: the postdoc whose window opens today
    assert near.get(detail(position)).status_code == 200
    assert_rows_shown(near.get(LIST), [position.title])
    assert json_ids(near.get("/api/v1/positions")) == {position.pk}


@pytest.mark.parametrize("who", ["station", "expert"])
def test_users_outside_the_region_bureaus_units_and_postdocs_have_no_position_pages(world, who):
    c = login(world[who])
    assert c.get(LIST).status_code == 404
    assert c.get(reverse("oversight:position_create")).status_code == 404
    assert json_ids(c.get("/api/v1/positions")) == set()


def test_the_list_says_positions_are_shared_and_filters(world):
    hohhot, baotou = post(world, "bureau_same"), post(world, "bureau_other")
    c = login(world["base_same"])
    r = c.get(LIST)
    assert "全区共享" in body_text(r)
    assert_rows_shown(r, [hohhot.title])
    assert json_ids(c.get("/api/v1/positions")) == {hohhot.pk, baotou.pk}
    assert json_ids(c.get(f"/api/v1/positions?bureau={baotou.bureau_id}")) == {baotou.pk}
    assert json_ids(c.get("/api/v1/positions?state=closed")) == set()
    assert c.get(LIST + "?bureau=abc&state=zzz").status_code == 200


# --- posting through the page and the API -------------------------------------------------------------
def test_the_form_posts_as_the_users_scope(world):
    c = login(world["base_same"])
    form = c.get(reverse("oversight:position_create"))
    assert f'value="unit:{world["b1"].unit_id}"' in body_text(form)
    r = c.post(reverse("oversight:position_create"), {
        "poster": f"unit:{world['b1'].unit_id}", "title": "工艺工程师", "description": "负责中试",
        "contact": "0471-1234567", "closes_on": (today() + timedelta(days=10)).isoformat(),
    })  # fmt: skip
    position = Position.objects.get()
    assert r.status_code == 302 and r["Location"] == detail(position)
    assert (position.unit, position.employer) == (world["b1"].unit, world["b1"].unit.name)


def test_the_form_shows_chinese_errors_and_writes_nothing(world):
    c = login(world["bureau_same"])
    r = c.post(reverse("oversight:position_create"), {
        "poster": f"bureau:{world['b1'].unit.bureau_id}", "title": "工程师", "description": "负责研发",
        "contact": "0471-1234567", "closes_on": (today() - timedelta(days=1)).isoformat(),
    })  # fmt: skip
    assert r.status_code == 200
    assert "请填写用人单位。" in body_text(r) and "截止日期不能早于今天。" in body_text(r)
    assert Position.objects.count() == 0


def test_a_poster_choice_of_another_scope_is_refused(world):
    c = login(world["bureau_same"])
    r = c.post(reverse("oversight:position_create"), {
        "poster": f"unit:{world['b1'].unit_id}", "title": "工程师", "employer": "某公司", "description": "负责研发",
        "contact": "0471-1234567", "closes_on": (today() + timedelta(days=1)).isoformat(),
    })  # fmt: skip
    assert r.status_code == 200 and Position.objects.count() == 0


def test_the_api_posts_and_refuses_with_chinese_errors(world):
    c = login(world["region"])
    payload = {"as_role": Role.REGION_ADMIN, "title": "研发工程师", "employer": "内蒙古某公司", "description": "负责研发",
               "contact": "0471-1234567", "closes_on": (today() + timedelta(days=5)).isoformat()}  # fmt: skip
    r = c.post("/api/v1/positions", payload, content_type="application/json")
    assert r.status_code == 201 and r.json()["bureau_id"] is None
    bad = c.post("/api/v1/positions", {**payload, "closes_on": "2000-01-01"}, content_type="application/json")
    assert bad.status_code in (400, 422) and "截止日期不能早于今天。" in body_text(bad)
    other = login(world["bureau_same"]).post("/api/v1/positions", payload, content_type="application/json")
    assert other.status_code == 403 and Position.objects.count() == 1


def test_close_and_reopen_through_the_page_and_the_api(world):
    position = post(world, "bureau_same")
    assert login(world["bureau_other"]).post(f"/api/v1/positions/{position.pk}/transitions", {"action": "close"},
                                             content_type="application/json").status_code == 403  # fmt: skip
    c = login(world["bureau_same"])
    page = c.get(detail(position))
    assert 'data-action="close"' in body_text(page)
    c.post(reverse("oversight:position_transition", args=[position.pk]), {"action": "close"})
    assert Position.objects.get(pk=position.pk).state == PS.CLOSED
    r = c.post(
        f"/api/v1/positions/{position.pk}/transitions", {"action": "reopen"}, content_type="application/json"
    )
    assert r.json()["state"] == PS.PUBLISHED


# --- interest through the page and the API ------------------------------------------------------------
def test_the_poster_sees_who_is_interested_without_id_numbers(world):
    position = post(world, "base_same")
    interest = express(world, position)
    page = body_text(login(world["base_same"]).get(detail(position)))
    assert world["p1"].name in page and "13900001111" in page and world["p1"].id_number not in page
    api = login(world["base_same"]).get(f"/api/v1/positions/{position.pk}/interests")
    assert json_ids(api) == {interest.pk}
    assert set(api.json()["items"][0]) == {"id", "postdoc_name", "contact", "note", "created_at"}
    # another official sees the position but not who is interested
    other = login(world["bureau_same"])
    assert world["p1"].name not in body_text(other.get(detail(position)))
    assert other.get(f"/api/v1/positions/{position.pk}/interests").status_code == 404


def test_the_postdoc_expresses_and_withdraws_on_the_page_and_in_the_api(world):
    position = post(world, "region")
    c = login(world["postdoc"])
    assert 'data-testid="interest-form"' in body_text(c.get(detail(position)))
    c.post(
        reverse("oversight:position_interest_create", args=[position.pk]),
        {"contact": "me@example.org", "note": "有意"},
    )
    interest = PositionInterest.objects.get()
    assert "me@example.org" in body_text(c.get(detail(position)))
    assert_rows_shown(c.get(LIST), [position.title])  # 我的求职意向
    assert json_ids(c.get(f"/api/v1/positions/{position.pk}/interests")) == {interest.pk}
    assert (
        login(world["postdoc_early"])
        .post(reverse("oversight:position_interest_withdraw", args=[position.pk, interest.pk]))
        .status_code
        == 404
    )
    c.post(reverse("oversight:position_interest_withdraw", args=[position.pk, interest.pk]))
    assert PositionInterest.objects.get().withdrawn_at is not None
    r = c.post(
        f"/api/v1/positions/{position.pk}/interests",
        {"contact": "13900001111"},
        content_type="application/json",
    )
    assert r.status_code == 201
    again = r.json()["id"]
    r = c.post(f"/api/v1/positions/{position.pk}/interests/{again}/withdraw")
    assert r.status_code == 200 and PositionInterest.objects.filter(withdrawn_at__isnull=True).count() == 0


def test_a_bad_interest_on_the_page_shows_the_error_and_writes_nothing(world):
    position = post(world, "region")
    c = login(world["postdoc"])
    r = c.post(
        reverse("oversight:position_interest_create", args=[position.pk]), {"contact": " "}, follow=True
    )
    assert "这个字段是必填项。" in body_text(r) or "请填写" in body_text(r)
    assert PositionInterest.objects.count() == 0


def test_the_early_postdoc_cannot_express_interest_through_the_api(world):
    position = post(world, "region")
    r = login(world["postdoc_early"]).post(f"/api/v1/positions/{position.pk}/interests", {"contact": "1"},
                                           content_type="application/json")  # fmt: skip
    assert r.status_code == 404 and PositionInterest.objects.count() == 0


# --- query counts -------------------------------------------------------------------------------------
def _grow(w, n, start=0):
    for i in range(start, start + n):
        post(w, "region", title=f"岗位{i:02d}")


@pytest.mark.parametrize("url", [LIST, "/api/v1/positions"])
@pytest.mark.parametrize("who", ["region", "bureau_same", "base_same", "postdoc"])
def test_position_lists_use_the_same_queries_for_1_and_20_rows(world, url, who):
    c = login(world[who])
    _grow(world, 1)
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        r = c.get(url)
    assert_rows_shown(r, ["岗位00"])
    _grow(world, 19, start=1)
    with CaptureQueriesContext(connection) as twenty:
        r = c.get(url + ("?page_size=20" if url.startswith("/api") else ""))
    assert_rows_shown(r, [f"岗位{i:02d}" for i in range(20)])
    assert len(one) == len(twenty), (url, who)


def test_the_interest_list_uses_the_same_queries_for_1_and_20_rows(world):
    position = post(world, "base_same")
    station = StationFactory()
    c = login(world["base_same"])
    url = f"/api/v1/positions/{position.pk}/interests?page_size=20"

    def add(n, start):
        for i in range(start, start + n):
            p = make_postdoc(
                world["b1"], ID_1985, name=f"意向人{i:02d}", id_type="passport", id_number=f"E{i:08d}"
            )
            PositionInterest.objects.create(position=position, postdoc=p, contact=f"1390000{i:04d}")
        return station

    add(1, 0)
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        r = c.get(url)
    assert_rows_shown(r, ["意向人00"])
    add(19, 1)
    with CaptureQueriesContext(connection) as twenty:
        r = c.get(url)
    assert_rows_shown(r, [f"意向人{i:02d}" for i in range(20)])
    assert len(one) == len(twenty)
    page = login(world["base_same"])
    with CaptureQueriesContext(connection) as detail_twenty:
        assert_rows_shown(page.get(detail(position)), [f"意向人{i:02d}" for i in range(20)])
    PositionInterest.objects.exclude(postdoc__name="意向人00").delete()
    with CaptureQueriesContext(connection) as detail_one:
        page.get(detail(position))
    assert len(detail_one) == len(detail_twenty)


# --- exports ------------------------------------------------------------------------------------------
def test_the_export_matches_the_list_scope(world):
    shared, closed = (
        post(world, "bureau_other", title="共享岗位"),
        post(world, "bureau_other", title="已关闭岗位"),
    )
    position_workflow.apply(closed, "close", actor=world["bureau_other"])
    assert {"共享岗位", "已关闭岗位"} <= xlsx_cells(login(world["bureau_other"]).get(EXPORT))
    cells = xlsx_cells(login(world["bureau_same"]).get(EXPORT))
    assert "共享岗位" in cells and "已关闭岗位" not in cells
    assert "共享岗位" not in xlsx_cells(login(world["bureau_other"]).get(EXPORT + "?state=closed"))
    assert shared.pk


# --- the exit destinations report --------------------------------------------------------------------
def _exited(base, station, destination, exit_date, name):
    from tests.factories.people import ID_1988

    p = make_postdoc(base, ID_1988, name=name, id_type="passport", id_number=f"P{name}")
    return make_appointment(base, station, p, state=AS.EXITED, entry_date=date(2024, 1, 1), exit_date=exit_date,
                            destination=destination, destination_employer="某单位")  # fmt: skip


@pytest.fixture
def exits(world):
    station = StationFactory()
    b1, b2 = world["b1"], world["b2"]
    _exited(b1, station, "base_unit", date(2026, 3, 1), "甲")
    _exited(b1, station, "base_unit", date(2026, 5, 1), "乙")
    _exited(b1, station, "outside", date(2025, 5, 1), "丙")
    _exited(b2, station, "in_region", date(2026, 6, 1), "丁")
    return world


def _rows(r) -> dict:
    return {(row["bureau_name"], row["year"]): (row["counts"], row["total"]) for row in r.json()}


def test_the_region_sees_every_bureau_per_year_and_destination(exits):
    r = login(exits["region"]).get("/api/v1/exit-destinations")
    assert _rows(r) == {
        ("呼和浩特市", 2026): ({"base_unit": 2, "in_region": 0, "outside": 0}, 2),
        ("包头市", 2026): ({"base_unit": 0, "in_region": 1, "outside": 0}, 1),
        ("呼和浩特市", 2025): ({"base_unit": 0, "in_region": 0, "outside": 1}, 1),
    }
    assert list(_rows(login(exits["region"]).get("/api/v1/exit-destinations?year=2025"))) == [
        ("呼和浩特市", 2025)
    ]
    page = body_text(login(exits["region"]).get(DEST))
    assert "留在设站（基地）单位" in page and 'data-testid="grand-total">4<' in page


@pytest.mark.parametrize(("who", "bureaus"), [("bureau_same", {"呼和浩特市"}), ("bureau_other", {"包头市"}),
                                              ("base_same", {"呼和浩特市"}), ("base_other", {"包头市"})])  # fmt: skip
def test_a_bureau_and_a_unit_see_their_own_rows(exits, who, bureaus):
    c = login(exits[who])
    assert {b for b, _y in _rows(c.get("/api/v1/exit-destinations"))} == bureaus
    cells = xlsx_cells(c.get(DEST_EXPORT))
    assert bureaus <= cells and not ({"呼和浩特市", "包头市"} - bureaus) & cells
    assert c.get(DEST).status_code == 200


@pytest.mark.parametrize("who", ["station", "expert", "postdoc"])
def test_others_get_404_on_the_report(exits, who):
    c = login(exits[who])
    assert c.get(DEST).status_code == c.get(DEST_EXPORT).status_code == 404
    assert c.get("/api/v1/exit-destinations").status_code == 404


def test_the_report_reads_in_one_query_however_many_rows(exits):
    c = login(exits["region"])
    c.get(DEST)
    with CaptureQueriesContext(connection) as few:
        c.get(DEST)
    station = StationFactory()
    for i in range(20):
        _exited(exits["b2"], station, "outside", date(2000 + i, 1, 1), f"戊{i}")
    with CaptureQueriesContext(connection) as many:
        r = c.get(DEST)
    assert_rows_shown(r, [str(2000 + i) for i in range(20)])
    assert len(few) == len(many)


# --- the base file section ----------------------------------------------------------------------------
def test_the_base_file_lists_the_positions_its_unit_posted(world):
    mine, bureaus = (
        post(world, "base_same", title="本单位研发岗"),
        post(world, "bureau_same", title="盟市征集岗"),
    )
    position_workflow.apply(mine, "close", actor=world["base_same"])
    r = login(world["bureau_same"]).get(reverse("oversight:base_file", args=[world["b1"].pk]))
    text = body_text(r)
    assert 'data-section="unit_positions"' in text and "本单位研发岗" in text and "盟市征集岗" not in text
    assert bureaus.pk


def test_a_year_no_date_has_reads_no_rows_and_is_no_error(exits):
    c = login(exits["region"])
    assert c.get(DEST + "?year=25430").status_code == 200
    assert c.get("/api/v1/exit-destinations?year=25430").status_code == 422
    assert c.get("/api/v1/exit-destinations?year=2100").json() == []
