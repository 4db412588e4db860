"""Funding records of the bases (经费, Art. 19): who records which source, what a record must say, scope of the
list, totals, exports and API, and the base file's section."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight.basefile import sections_for
from postdoc_base.oversight.funding import services
from postdoc_base.oversight.funding.models import FundingRecord
from postdoc_base.oversight.funding.selectors import funding_totals, funding_visible_to
from postdoc_base.policy.oversight.funding import FUNDING_SOURCES, FundingParty, FundingSource, recorder_of
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.appointments import make_appointment
from tests.factories.pages import assert_rows_shown, json_ids, xlsx_cells
from tests.factories.people import ID_1988, ID_1990, make_postdoc
from tests.factories.tenure import base_admin, make_base, station_contact
from tests.factories.world import fresh

pytestmark = pytest.mark.django_db

UNIT, REGION, LEAGUE = FundingSource.UNIT, FundingSource.REGION, FundingSource.LEAGUE_CITY
DOC = {"policy_title": "关于支持博士后创新实践基地建设的若干措施", "policy_number": "呼人社发〔2026〕12号"}


@pytest.fixture
def w():
    """Base 1 in Hohhot (with one postdoc), base 2 in Baotou; one user per relation to base 1."""
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    station = StationFactory()
    return {
        "b1": b1, "b2": b2, "appt": make_appointment(b1, station, make_postdoc(b1, ID_1990)),
        "other_appt": make_appointment(b2, station, make_postdoc(b2, ID_1988, name="巴特尔·朝鲁")),
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "unit_same": base_admin(b1), "unit_other": base_admin(b2), "station": station_contact(station),
    }  # fmt: skip


def record(w, who="unit_same", source=UNIT, base="b1", amount="50000", **kwargs):
    extra = DOC if source != UNIT else {}
    return services.funding_record_create(
        actor=fresh(w[who]), base=w[base], year=w[base].filing_year, source=source, amount=amount,
        **{"purpose": "博士后生活补贴", **extra, **kwargs},
    )  # fmt: skip


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- who records which source (the policy's table) -----------------------------------------------------
def test_the_table_names_one_recorder_per_source_and_subsidies_need_a_policy():
    assert recorder_of(UNIT) == FundingParty.UNIT
    assert recorder_of(LEAGUE) == FundingParty.LEAGUE_CITY
    assert recorder_of(REGION) == FundingParty.REGION
    assert [s for s, rule in FUNDING_SOURCES.items() if rule.needs_policy_document] == [LEAGUE, REGION]
    assert {rule.article for rule in FUNDING_SOURCES.values()} == {"第十九条"}


ALLOWED = {("unit_same", UNIT), ("bureau_same", LEAGUE), ("region", REGION)}
WHO = ["region", "bureau_same", "bureau_other", "unit_same", "unit_other", "station"]


@pytest.mark.parametrize("source", [UNIT, LEAGUE, REGION])
@pytest.mark.parametrize("who", WHO)
def test_each_source_is_recorded_only_by_the_party_that_pays_it(w, who, source):
    if (who, source) in ALLOWED:
        created = record(w, who, source)
        assert FundingRecord.objects.get().pk == created.pk
        event = AuditEvent.objects.get(subject_type="oversight.fundingrecord", subject_id=str(created.pk))
        assert event.action == "create" and event.diff["amount"] == [None, "50000.00"]
        return
    with pytest.raises(TransitionRefused) as refused:
        record(w, who, source)
    finding = refused.value.findings[0]
    assert finding.code == "kernel.not_permitted" and finding.article == "第十九条"
    if who in ("region", "bureau_same", "unit_same"):  # acts for the base, not for this source: says who does
        party = {
            UNIT: "设立基地的单位",
            LEAGUE: "基地所在盟市人力资源社会保障部门",
            REGION: "自治区人力资源和社会保障厅",
        }
        assert str(finding.message) == f"{FundingSource(source).label}由{party[source]}记录（第十九条）。"
    assert not FundingRecord.objects.exists()


@pytest.mark.parametrize("source", [LEAGUE, REGION])
@pytest.mark.parametrize("missing", ["policy_title", "policy_number"])
def test_a_subsidy_without_its_policy_document_is_refused_in_chinese_and_writes_nothing(w, source, missing):
    who = "bureau_same" if source == LEAGUE else "region"
    with pytest.raises(ValidationError) as error:
        record(w, who, source, **{missing: "  "})
    word = "名称" if missing == "policy_title" else "文号"
    label = FundingSource(source).label
    assert error.value.message_dict == {
        missing: [f"{label}应依据有关政策给予（第十九条），请填写政策文件{word}。"]
    }
    assert not FundingRecord.objects.exists() and not AuditEvent.objects.filter(action="create").exists()


def test_the_units_own_money_needs_no_policy_and_keeps_none(w):
    created = record(w, "unit_same", UNIT, **DOC)
    assert (created.policy_title, created.policy_number) == ("", "")


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"amount": "0"}, "amount", "金额应大于0元。"),
        ({"amount": "-5"}, "amount", "金额应大于0元。"),
        ({"amount": "abc"}, "amount", "请填写金额（元），应为数字。"),
        ({"amount": "1.005"}, "amount", "金额最多保留两位小数，且不超过999,999,999,999.99元。"),
        ({"purpose": " "}, "purpose", "请填写用途。"),
        ({"year": 2020}, "year", None),
        ({"source": "bank"}, "source", "请选择经费来源：单位投入、自治区补助或盟市补助。"),
    ],
)
def test_bad_input_is_a_clear_chinese_error_and_writes_nothing(w, fields, field, message):
    args = {"year": w["b1"].filing_year, "source": UNIT, "amount": "100", "purpose": "补贴", **fields}
    with pytest.raises(ValidationError) as error:
        services.funding_record_create(actor=fresh(w["unit_same"]), base=w["b1"], **args)
    got = [str(m) for m in error.value.message_dict[field]]
    if message:
        assert got == [message]
    else:
        assert got[0].startswith(f"年度应在{w['b1'].filing_year}年（基地备案年度）至")
    assert not FundingRecord.objects.exists()


def test_a_postdoc_of_another_base_is_refused(w):
    with pytest.raises(ValidationError) as error:
        record(w, appointment=w["other_appt"])
    assert error.value.message_dict == {"appointment": ["所选博士后研究人员不在该基地。"]}
    assert record(w, appointment=w["appt"]).appointment_id == w["appt"].pk


# --- correcting and deleting -----------------------------------------------------------------------------
def test_the_recorder_corrects_and_deletes_with_an_audited_diff(w):
    created = record(w, "bureau_same", LEAGUE)
    updated = services.funding_record_update(
        actor=fresh(w["bureau_same"]), record=created, amount=Decimal("60000")
    )
    assert updated.amount == Decimal("60000.00")
    event = AuditEvent.objects.get(subject_id=str(created.pk), action="update")
    assert event.diff == {"amount": ["50000.00", "60000.00"]}
    services.funding_record_delete(actor=fresh(w["bureau_same"]), record=updated)
    assert not FundingRecord.objects.exists()
    gone = AuditEvent.objects.get(subject_id=str(created.pk), action="delete")
    assert gone.diff["amount"] == ["60000.00", None] and gone.diff["policy_number"] == [
        DOC["policy_number"],
        None,
    ]


@pytest.mark.parametrize("who", ["unit_same", "region", "bureau_other", "station"])
def test_others_may_neither_correct_nor_delete(w, who):
    created = record(w, "bureau_same", LEAGUE)
    with pytest.raises(TransitionRefused):
        services.funding_record_update(actor=fresh(w[who]), record=created, amount="1")
    with pytest.raises(TransitionRefused):
        services.funding_record_delete(actor=fresh(w[who]), record=created)
    assert FundingRecord.objects.get().amount == Decimal("50000.00")


def test_changing_the_source_needs_the_right_to_record_the_new_one(w):
    created = record(w, "unit_same", UNIT)
    with pytest.raises(TransitionRefused):
        services.funding_record_update(actor=fresh(w["unit_same"]), record=created, source=REGION, **DOC)
    assert FundingRecord.objects.get().source == UNIT


# --- scope: pages and API ------------------------------------------------------------------------------
def test_the_list_shows_each_viewer_its_scope(w):
    mine, theirs = record(w), record(w, "unit_other", base="b2")
    expect = {"region": {mine, theirs}, "bureau_same": {mine}, "bureau_other": {theirs}, "unit_same": {mine},
              "unit_other": {theirs}, "station": set()}  # fmt: skip
    for who, rows in expect.items():
        assert set(funding_visible_to(fresh(w[who]))) == rows, who
        body = client_for(w[who]).get("/bases/funding/").content.decode()
        assert ("草原乳业" in body) == (mine in rows) and ("稀土新材料" in body) == (theirs in rows), who
        ids = json_ids(client_for(w[who]).get("/api/v1/funding"))
        assert ids == {r.pk for r in rows}, who


PAGES = ["/bases/funding/{pk}/", "/bases/funding/{pk}/edit/"]


@pytest.mark.parametrize("url", PAGES)
def test_an_intruder_gets_404_where_the_control_user_gets_200(w, url):
    created = record(w, "bureau_same", LEAGUE)
    url = url.format(pk=created.pk)
    assert client_for(w["bureau_same"]).get(url).status_code == 200
    for intruder in ("bureau_other", "unit_other", "station"):
        assert client_for(w[intruder]).get(url).status_code == 404, intruder
    # The base's unit reads the record but corrects only its own source.
    assert client_for(w["unit_same"]).get(url).status_code == (
        200 if url.endswith(f"/{created.pk}/") else 404
    )


def test_intruders_get_404_from_the_api_and_change_nothing(w):
    created = record(w, "bureau_same", LEAGUE)
    url = f"/api/v1/funding/{created.pk}"
    for intruder in ("bureau_other", "unit_other", "station"):
        c = client_for(w[intruder])
        assert c.get(url).status_code == 404
        assert c.patch(url, {"amount": "1"}, content_type="application/json").status_code == 404
        assert c.delete(url).status_code == 404
        assert client_for(w[intruder]).post(f"/bases/funding/{created.pk}/delete/").status_code == 404
    assert client_for(w["bureau_same"]).get(url).json()["amount"] == "50000.00"
    assert FundingRecord.objects.get().amount == Decimal("50000.00")


def test_the_api_records_corrects_and_deletes_in_the_error_shape(w):
    c = client_for(w["bureau_same"])
    body = {
        "base": w["b1"].pk,
        "year": w["b1"].filing_year,
        "source": LEAGUE,
        "amount": "30000",
        "purpose": "安家补贴",
    }
    missing = c.post("/api/v1/funding", body, content_type="application/json")
    assert missing.status_code == 422 and missing.json()["code"] == "validation_error"
    assert missing.json()["errors"]["policy_title"] == [
        "盟市补助应依据有关政策给予（第十九条），请填写政策文件名称。"
    ]
    refused = c.post("/api/v1/funding", {**body, "source": UNIT}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["findings"][0]["article"] == "第十九条"
    elsewhere = c.post(
        "/api/v1/funding", {**body, **DOC, "base": w["b2"].pk}, content_type="application/json"
    )
    assert elsewhere.status_code == 404
    assert not FundingRecord.objects.exists()
    created = c.post(
        "/api/v1/funding", {**body, **DOC, "appointment": w["appt"].pk}, content_type="application/json"
    )
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["source_label"], data["amount"], data["bureau_name"]) == (
        "盟市补助",
        "30000.00",
        "呼和浩特市",
    )
    patched = c.patch(f"/api/v1/funding/{data['id']}", {"amount": "35000.5"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["amount"] == "35000.50"
    assert c.delete(f"/api/v1/funding/{data['id']}").status_code == 204
    assert not FundingRecord.objects.exists()


# --- pages ----------------------------------------------------------------------------------------------
def test_the_unit_records_through_the_page_and_sees_refusals_on_the_form(w):
    c = client_for(w["unit_same"])
    picker = c.get("/bases/funding/new/")
    assert picker.status_code == 200 and "草原乳业" in picker.content.decode()
    url = f"/bases/funding/new/?base={w['b1'].pk}"
    page = c.get(url).content.decode()
    assert "单位投入" in page and "自治区补助</option>" not in page  # only the source it records
    bad = c.post(url, {"year": w["b1"].filing_year, "source": UNIT, "amount": "0", "purpose": "补贴"})
    assert bad.status_code == 200 and "金额应大于0元。" in bad.content.decode()
    assert not FundingRecord.objects.exists()
    ok = c.post(url, {"year": w["b1"].filing_year, "source": UNIT, "amount": "120000", "purpose": "科研经费",
                      "appointment": w["appt"].pk})  # fmt: skip
    created = FundingRecord.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/bases/funding/{created.pk}/"
    assert "120,000.00" in c.get(ok["Location"]).content.decode()
    assert (
        client_for(w["unit_same"]).get(f"/bases/funding/new/?base={w['b2'].pk}").status_code == 200
    )  # picker
    assert client_for(w["station"]).get("/bases/funding/new/").status_code == 404


def test_the_bureau_corrects_and_deletes_through_the_pages(w):
    created = record(w, "bureau_same", LEAGUE)
    c = client_for(w["bureau_same"])
    form = {"year": created.year, "source": LEAGUE, "amount": "45000", "purpose": "调整后", **DOC}
    assert c.post(f"/bases/funding/{created.pk}/edit/", form).status_code == 302
    assert FundingRecord.objects.get().amount == Decimal("45000.00")
    assert c.post(f"/bases/funding/{created.pk}/delete/").status_code == 302
    assert not FundingRecord.objects.exists()


def _grow(w, n, start=0):
    for i in range(start, start + n):
        base = "b1" if i % 2 == 0 else "b2"
        who = "unit_same" if base == "b1" else "unit_other"
        record(
            w,
            who,
            base=base,
            amount=str(1000 + i),
            purpose=f"用途{i:02d}",
            appointment=w["appt"] if base == "b1" else None,
        )


@pytest.mark.parametrize("url", ["/bases/funding/", "/api/v1/funding", "/bases/funding/totals/"])
def test_list_queries_are_the_same_for_1_and_20_rows(w, url):
    c = client_for(w["region"])
    _grow(w, 1)
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        response = c.get(url)
    assert_rows_shown(response, ["用途00"] if "totals" not in url else ["草原乳业"])
    _grow(w, 19, start=1)
    with CaptureQueriesContext(connection) as twenty:
        response = c.get(url)
    if "totals" in url:
        assert_rows_shown(response, ["草原乳业", "稀土新材料", "呼和浩特市", "包头市"])
    else:
        assert_rows_shown(response, [f"用途{i:02d}" for i in range(20)])
    assert len(twenty) == len(one), url


def test_totals_sum_each_source_per_base_bureau_and_year(w):
    record(w, amount="100"), record(w, amount="50.5")
    record(w, "bureau_same", LEAGUE, amount="30"), record(w, "region", REGION, amount="20")
    record(w, "unit_other", base="b2", amount="7")
    qs = funding_visible_to(fresh(w["region"]))
    by_base = {row["base__name"]: row for row in funding_totals(qs, "base")}
    b1 = by_base[w["b1"].name]
    assert (b1["unit_total"], b1["league_city_total"], b1["region_total"], b1["total"]) == (
        Decimal("150.50"), Decimal("30"), Decimal("20"), Decimal("200.50"))  # fmt: skip
    assert {r["base__unit__bureau__name"]: r["total"] for r in funding_totals(qs, "bureau")} == {
        "呼和浩特市": Decimal("200.50"), "包头市": Decimal("7")}  # fmt: skip
    assert [(r["year"], r["total"]) for r in funding_totals(qs, "year")] == [
        (w["b1"].filing_year, Decimal("207.50"))
    ]
    with CaptureQueriesContext(connection) as q:
        list(funding_totals(qs, "base")), list(funding_totals(qs, "bureau")), list(funding_totals(qs, "year"))
    assert len(q) == 3
    # The bureau's totals keep its scope.
    mine = funding_totals(funding_visible_to(fresh(w["bureau_same"])), "bureau")
    assert [r["base__unit__bureau__name"] for r in mine] == ["呼和浩特市"]
    body = client_for(w["bureau_same"]).get("/bases/funding/totals/").content.decode()
    assert "200.50" in body and "稀土新材料" not in body


def test_the_exports_match_the_list_scope(w):
    record(w, purpose="呼市用途"), record(w, "unit_other", base="b2", purpose="包头用途")
    c = client_for(w["bureau_same"])
    cells = xlsx_cells(c.get("/bases/funding/export/"))
    assert "呼市用途" in cells and "包头用途" not in cells and w["b2"].name not in cells
    for by in ("base", "bureau", "year"):
        cells = xlsx_cells(c.get(f"/bases/funding/totals/export/?by={by}"))
        assert "包头市" not in cells and w["b2"].name not in cells, by
    assert w["b1"].name in xlsx_cells(c.get("/bases/funding/totals/export/?by=base"))
    assert xlsx_cells(
        client_for(w["region"]).get("/bases/funding/export/?source=unit&bureau=" + str(bureau("包头市").pk))
    ) >= {"包头用途"}


# --- the base file -------------------------------------------------------------------------------------
def test_the_base_file_section_lists_the_years_with_totals_in_fixed_queries(w):
    record(w, amount="100"), record(w, "bureau_same", LEAGUE, amount="30")
    record(w, "unit_other", base="b2", amount="7")
    user = fresh(w["bureau_same"])
    section = next(s for s in sections_for(w["b1"], user) if s.section.key == "funding")
    assert section.section.article == "第十九条" and str(section.section.title) == "经费"
    [year] = section.context["funding_years"]
    assert year["total"]["total_text"] == "130.00" and len(year["records"]) == 2
    assert [r.may_edit for r in year["records"]] == [
        True,
        False,
    ]  # league first (sorted by source), then unit
    from postdoc_base.oversight.funding.basefile import funding_context

    with CaptureQueriesContext(connection) as q:
        funding_context(w["b1"], user)
    _grow(w, 6)
    with CaptureQueriesContext(connection) as more:
        funding_context(w["b1"], user)
    assert len(q) == len(more) == 2
