"""Yearly pay and social insurance (Arts. 9(5), 20): recorded by the base unit, warned about (never refused)
below the C-tier floor in force for the year, below the unit's same-level researchers, or without social
insurance. Supervisors do not see pay; the postdoc sees their own."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Parameter
from postdoc_base.kernel.params import SALARY_FLOOR
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.tenure.outputs import services
from postdoc_base.tenure.outputs.models import PayRecord
from postdoc_base.tenure.outputs.selectors import pay_records_visible_to
from postdoc_base.tenure.stay.enums import AppointmentState as S
from tests.factories import ExpertFactory, StationFactory, bureau, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.outputs import make_pay
from tests.factories.pages import json_ids
from tests.factories.people import ID_1988, make_postdoc, postdoc_user, supervisor_user
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = pytest.mark.django_db
THIS_YEAR = timezone.localdate().year
ENTRY = date(2025, 3, 1)


@pytest.fixture
def world():
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    st1, st2 = StationFactory(), StationFactory()
    partner(b1, st1), partner(b2, st2)
    p1, p2 = make_postdoc(b1), make_postdoc(b1, ID_1988, name="巴特尔·朝鲁")
    ssup, bsup = station_supervisor(b1, st1), base_supervisor(b1)
    return {
        "b1": b1, "b2": b2, "st1": st1, "p1": p1, "p2": p2, "ssup": ssup, "bsup": bsup,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2),
        "station_same": station_contact(st1), "station_other": station_contact(st2),
        "postdoc_own": postdoc_user(p1), "postdoc_other": postdoc_user(p2),
        "sup_station": supervisor_user(ssup), "sup_base": supervisor_user(bsup),
        "expert": user_with_role(Role.EXPERT, ExpertFactory()),
    }  # fmt: skip


ROLES = ["region", "bureau_same", "bureau_other", "base_same", "base_other", "station_same", "station_other",
         "postdoc_own", "postdoc_other", "sup_station", "sup_base", "expert"]  # fmt: skip
PAY_VISIBLE = {"region", "bureau_same", "base_same", "station_same", "postdoc_own"}


def appointment(w, state=S.IN_BASE, postdoc=None, entry_date=ENTRY, **kwargs):
    return make_appointment(w["b1"], w["st1"], postdoc or w["p1"], state=state, complete=True,
                            station_supervisor=w["ssup"], base_supervisor=w["bsup"], entry_date=entry_date,
                            **kwargs)  # fmt: skip


def save(w, a, who="base_same", year=2026, pay=150000, same=140000, insured=True, notes=""):
    return services.pay_record_save(actor=w[who], appointment=a, year=year, annual_pay_yuan=pay,
                                    same_level_pay_yuan=same, social_insurance=insured, notes=notes)  # fmt: skip


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def failing(record, schedule=None) -> list[str]:
    return [f.code for f in services.pay_findings(record, schedule) if not f.ok]


def schedule_2026_raise():
    """2024: 240,000 yuan per two years (120,000 a year); from 2026: 150,000 a year."""
    Parameter.objects.filter(key=SALARY_FLOOR).delete()
    Parameter.objects.create(key=SALARY_FLOOR, effective_from=date(2024, 1, 1),
                             value={"amount_yuan": 240000, "period_years": 2})  # fmt: skip
    Parameter.objects.create(key=SALARY_FLOOR, effective_from=date(2026, 1, 1),
                             value={"amount_yuan": 150000, "period_years": 1})  # fmt: skip


# --- who records ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_only_the_base_units_administrator_records_pay(world, who):
    a = appointment(world)
    if who == "base_same":
        record, created = save(world, a, who)
        assert created and (record.year, record.annual_pay_yuan, record.social_insurance) == (
            2026,
            150000,
            True,
        )
    else:
        with pytest.raises(TransitionRefused) as refused:
            save(world, a, who)
        assert [f.code for f in refused.value.findings] == ["kernel.not_permitted"]
        assert refused.value.findings[0].article == "第二十条"
        assert PayRecord.objects.count() == 0


def test_pay_before_entry_is_refused(world):
    a = appointment(world, state=S.SIGNED, entry_date=None)
    with pytest.raises(TransitionRefused) as refused:
        save(world, a)
    assert [f.code for f in refused.value.findings] == ["art20.not_entered"]
    assert PayRecord.objects.count() == 0


@pytest.mark.parametrize("year, ok", [(2024, False), (2025, True), (THIS_YEAR, True), (THIS_YEAR + 1, False)])
def test_year_runs_from_the_entry_year_to_this_year(world, year, ok):
    a = appointment(world)
    if ok:
        assert save(world, a, year=year)[0].year == year
    else:
        with pytest.raises(ValidationError) as error:
            save(world, a, year=year)
        assert set(error.value.message_dict) == {"year"}
        assert PayRecord.objects.count() == 0


def test_year_stops_at_the_exit_year(world):
    a = appointment(world, state=S.EXITED, exit_date=date(2025, 12, 31))
    assert save(world, a, year=2025)[1]
    with pytest.raises(ValidationError):
        save(world, a, year=2026)


@pytest.mark.parametrize("bad", [{"pay": None}, {"pay": 0}, {"pay": -5}, {"same": 0}, {"pay": 10**9}])
def test_pay_amounts_are_checked(world, bad):
    with pytest.raises(ValidationError):
        save(world, appointment(world), **bad)
    assert PayRecord.objects.count() == 0


def test_saving_a_year_again_updates_it_with_an_audited_diff(world):
    a = appointment(world)
    record, created = save(world, a, pay=110000, insured=False)
    again, created_again = save(world, a, pay=125000, insured=True, notes="补缴")
    assert (created, created_again, again.pk, PayRecord.objects.count()) == (True, False, record.pk, 1)
    events = AuditEvent.objects.filter(subject_type="tenure.payrecord", subject_id=str(record.pk)).order_by(
        "seq"
    )
    assert [e.action for e in events] == ["create", "update"]
    assert events[1].diff["annual_pay_yuan"] == [110000, 125000]
    assert events[1].diff["social_insurance"] == [False, True]
    save(world, a, pay=125000, insured=True, notes="补缴")  # nothing changed: nothing recorded
    assert events.count() == 2


# --- warnings ------------------------------------------------------------------------------------------
def test_below_the_floor_is_warned_and_still_recorded(world):
    record, _ = save(world, appointment(world), pay=119999, same=None)
    assert failing(record) == ["art9.5.pay_below_c_tier"]
    finding = next(f for f in services.pay_findings(record) if not f.ok)
    assert finding.article == "第九条第（五）项" and "120,000" in str(finding.message)


def test_pay_equal_to_the_floor_passes(world):
    record, _ = save(world, appointment(world), pay=120000, same=None)
    assert failing(record) == []


def test_below_same_level_researchers_is_warned_equal_passes(world):
    a = appointment(world)
    assert failing(save(world, a, year=2025, pay=150000, same=150001)[0]) == ["art20.pay_below_same_level"]
    assert failing(save(world, a, year=2026, pay=150000, same=150000)[0]) == []


def test_same_level_not_recorded_is_not_a_warning(world):
    record, _ = save(world, appointment(world), same=None)
    codes = [f.code for f in services.pay_findings(record)]
    assert "art20.same_level_not_recorded" in codes and failing(record) == []


def test_social_insurance_not_paid_is_warned(world):
    assert failing(save(world, appointment(world), insured=False)[0]) == ["art20.no_social_insurance"]


def test_the_floor_in_force_for_each_year_follows_the_schedule(world):
    schedule_2026_raise()
    a = appointment(world)
    assert (services.pay_floor(2025), services.pay_floor(2026)) == (120000, 150000)
    assert failing(save(world, a, year=2025, pay=130000, same=None)[0]) == []
    assert failing(save(world, a, year=2026, pay=130000, same=None)[0]) == ["art9.5.pay_below_c_tier"]


def test_a_year_before_the_schedule_takes_its_first_floor():
    assert services.pay_floor(2020, [(date(2024, 1, 1), 240000, 2), (date(2026, 1, 1), 150000, 1)]) == 120000


def test_warnings_for_many_records_read_the_schedule_once(world, django_assert_num_queries):
    a = appointment(world)
    records = [
        make_pay(a, 2025, 100000, same_level_pay_yuan=None),
        make_pay(a, 2026, 200000, social_insurance=False),
    ]
    with django_assert_num_queries(1):
        rows = services.pay_warnings(records)
    assert [r.pk for r, _warnings in rows] == [r.pk for r in records]  # every record, each with its warnings
    assert [[f.code for f in warnings] for _r, warnings in rows] == [
        ["art9.5.pay_below_c_tier"], ["art20.no_social_insurance"],
    ]  # fmt: skip


# --- scope ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_pay_is_seen_by_the_appointment_scope_without_supervisors(world, who):
    mine = make_pay(appointment(world))
    theirs = make_pay(appointment(world, postdoc=world["p2"]))
    visible = set(pay_records_visible_to(world[who]).values_list("pk", flat=True))
    expected = {"postdoc_own": {mine.pk}, "postdoc_other": {theirs.pk}}.get(
        who, {mine.pk, theirs.pk} if who in PAY_VISIBLE else set()
    )
    assert visible == expected
    api = [i["id"] for i in login(world[who]).get("/api/v1/pay-records").json()["items"]]
    assert set(api) == expected


@pytest.mark.parametrize("who", ["sup_station", "sup_base"])
def test_supervisors_see_the_outputs_card_but_not_the_pay_card(world, who):
    a = appointment(world)
    make_pay(a)
    page = login(world[who]).get(a.get_absolute_url()).content.decode()
    assert 'data-testid="outputs-card"' in page and 'data-testid="pay-card"' not in page


def test_postdoc_sees_own_pay_without_the_form(world):
    a = appointment(world)
    make_pay(a, social_insurance=False)
    page = login(world["postdoc_own"]).get(a.get_absolute_url()).content.decode()
    assert 'data-testid="pay-card"' in page and 'data-finding="art20.no_social_insurance"' in page
    assert 'data-testid="pay-form"' not in page


# --- page and API --------------------------------------------------------------------------------------
def test_base_records_pay_on_the_appointment_page_and_sees_the_warnings(world):
    a = appointment(world)
    c = login(world["base_same"])
    assert 'data-testid="pay-form"' in c.get(a.get_absolute_url()).content.decode()
    r = c.post(f"/tenure/appointments/{a.pk}/pay/", {"year": "2026", "annual_pay_yuan": "100000",
                                                     "same_level_pay_yuan": "130000"}, follow=True)  # fmt: skip
    page = r.content.decode()
    assert "2026年度薪酬记录已保存" in page
    assert 'data-finding="art9.5.pay_below_c_tier"' in page and "第九条第（五）项" in page
    assert 'data-finding="art20.pay_below_same_level"' in page
    assert 'data-finding="art20.no_social_insurance"' in page
    assert PayRecord.objects.get().annual_pay_yuan == 100000


def test_pay_post_is_refused_to_others(world):
    a = appointment(world)
    assert login(world["postdoc_own"]).post(f"/tenure/appointments/{a.pk}/pay/",
                                            {"year": "2026", "annual_pay_yuan": "1"}).status_code == 404  # fmt: skip
    assert login(world["base_other"]).post(f"/tenure/appointments/{a.pk}/pay/",
                                           {"year": "2026", "annual_pay_yuan": "1"}).status_code == 404  # fmt: skip
    assert PayRecord.objects.count() == 0


def test_api_create_then_update_with_findings(world):
    a = appointment(world)
    c = login(world["base_same"])
    body = {"appointment": a.pk, "year": 2026, "annual_pay_yuan": 110000, "social_insurance": False}
    r = c.post("/api/v1/pay-records", body, content_type="application/json")
    assert r.status_code == 201
    assert r.json()["c_tier_floor_yuan"] == 120000
    assert {f["code"] for f in r.json()["findings"] if not f["ok"]} == {
        "art9.5.pay_below_c_tier", "art20.no_social_insurance",
    }  # fmt: skip
    r = c.post("/api/v1/pay-records", {**body, "annual_pay_yuan": 130000, "social_insurance": True},
               content_type="application/json")  # fmt: skip
    assert r.status_code == 200 and [f for f in r.json()["findings"] if not f["ok"]] == []
    listed = c.get(f"/api/v1/pay-records?appointment={a.pk}").json()
    assert listed["count"] == 1 and listed["items"][0]["annual_pay_yuan"] == 130000


def test_api_refusals(world):
    a = appointment(world)
    body = {"appointment": a.pk, "year": 2026, "annual_pay_yuan": 150000}
    assert login(world["sup_base"]).post("/api/v1/pay-records", body,
                                         content_type="application/json").status_code == 403  # fmt: skip
    assert login(world["postdoc_other"]).post("/api/v1/pay-records", body,
                                              content_type="application/json").status_code == 404  # fmt: skip
    r = login(world["base_same"]).post("/api/v1/pay-records", {**body, "year": 2020},
                                       content_type="application/json")  # fmt: skip
    assert r.status_code == 422 and "year" in r.json()["errors"]
    assert PayRecord.objects.count() == 0


@pytest.mark.parametrize("rows", [1, 20])
def test_pay_list_query_count_does_not_grow(world, django_assert_max_num_queries, rows):
    made = []
    for i in range(rows):
        p = make_postdoc(world["b1"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国",
                         name=f"巴雅尔{i}号")  # fmt: skip
        made.append(make_pay(appointment(world, postdoc=p), annual_pay_yuan=100000 + i))
    c = login(world["base_same"])
    c.get("/api/v1/pay-records")
    with django_assert_max_num_queries(6):
        r = c.get("/api/v1/pay-records")
    assert len(r.json()["items"]) == rows
    assert json_ids(r) == {m.pk for m in made}
    assert {(i["id"], i["postdoc_name"], i["annual_pay_yuan"]) for i in r.json()["items"]} == {
        (m.pk, f"巴雅尔{n}号", 100000 + n) for n, m in enumerate(made)
    }
