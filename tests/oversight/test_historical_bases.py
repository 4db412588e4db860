"""Historical filed bases (历史备案基地, Art. 11(3)): the region records a base it filed on paper before the system,
from its filing notice. Only the region; each refusal says why and writes nothing; a number in the system's format
moves the year's sequence so a later filing in the system never collides; one audit event through the creation
row; the base then reads like any other (directory, base file, stats, ledgers)."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.establishment import notices
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.historical.services import historical_base_file
from postdoc_base.oversight.models import FilingSequence, PracticeBase
from postdoc_base.oversight.workflow import base_workflow
from tests.factories import RoundFactory, UnitFactory, bureau, user_with_role
from tests.factories.notices import in_notice, passed_application
from tests.factories.tenure import make_base

pytestmark = pytest.mark.django_db

NOTICE = "内人社发〔2019〕45号"


@pytest.fixture
def region():
    return user_with_role(Role.REGION_ADMIN)


@pytest.fixture
def unit():
    return UnitFactory(name="草原乳业有限公司", bureau=bureau("呼和浩特市"))


def record(actor, unit, **kwargs):
    fields = {
        "filing_number": "内基备字第12号",
        "filed_on": date(2019, 6, 1),
        "notice_number": NOTICE,
        **kwargs,
    }
    return historical_base_file(actor=actor, unit=unit, **fields)


def written() -> tuple:
    """Everything a recording could write: the bases, the audit trail, the filing sequences."""
    return (
        list(PracticeBase.objects.order_by("pk").values_list("pk", "filing_number")),
        AuditEvent.objects.count(),
        list(FilingSequence.objects.order_by("year").values_list("year", "last_number")),
    )


def test_the_region_records_a_base_filed_on_paper(region, unit):
    base = record(region, unit)

    base.refresh_from_db()
    assert (base.unit, base.application, base.state, base.recorded_from_paper) == (
        unit, None, BaseState.ACTIVE, True,
    )  # fmt: skip
    assert base.name == "草原乳业有限公司博士后创新实践基地"
    assert (base.filing_number, base.filing_year, base.filing_serial, base.filed_on, base.notice_number) == (
        "内基备字第12号", 2019, 1, date(2019, 6, 1), NOTICE,
    )  # fmt: skip
    assert FilingSequence.objects.get(year=2019).last_number == 1


def test_the_creation_is_audited_once_through_the_creation_row(region, unit):
    base = record(region, unit, name="  草原乳业创新基地 ")

    (event,) = AuditEvent.objects.filter(subject_type="oversight.practicebase", subject_id=str(base.pk))
    assert (event.actor, event.action, event.role, event.from_state, event.to_state) == (
        region, "record_historical", Role.REGION_ADMIN, "", BaseState.ACTIVE,
    )  # fmt: skip
    assert event.diff["name"] == [None, "草原乳业创新基地"]
    assert event.diff["notice_number"] == [None, NOTICE]
    assert "application_id" not in event.diff  # none: the base has no application in the system
    row = base_workflow.get("record_historical")
    assert (row.sources, row.target, row.roles, row.article) == (
        (), BaseState.ACTIVE, (Role.REGION_ADMIN,), "第十一条第（三）项",
    )  # fmt: skip


def test_a_number_in_the_system_format_keeps_its_year_and_serial_and_moves_the_sequence(region):
    first = record(region, UnitFactory(), filing_number=" 蒙博基备[2024]7号", filed_on=date(2024, 3, 1),
                   notice_number="内人社发〔2024〕9号")  # fmt: skip
    assert (first.filing_number, first.filing_year, first.filing_serial) == ("蒙博基备〔2024〕007号", 2024, 7)
    assert FilingSequence.objects.get(year=2024).last_number == 7

    lower = record(region, UnitFactory(), filing_number="蒙博基备〔2024〕003号", filed_on=date(2024, 3, 1),
                   notice_number="内人社发〔2024〕9号")  # fmt: skip
    assert lower.filing_serial == 3
    assert FilingSequence.objects.get(year=2024).last_number == 7  # never moved back

    other = record(region, UnitFactory(), filing_number="内基备字第3号", filed_on=date(2024, 5, 1),
                   notice_number="内人社发〔2024〕19号")  # fmt: skip
    assert (other.filing_number, other.filing_year, other.filing_serial) == ("内基备字第3号", 2024, 8)


def test_a_later_filing_in_the_system_gets_the_serial_after_the_recorded_one(region):
    today = timezone.localdate()
    recorded = record(region, UnitFactory(), filing_number=f"蒙博基备〔{today.year}〕005号", filed_on=today,
                      notice_number=f"内人社发〔{today.year}〕3号")  # fmt: skip
    round_ = RoundFactory(state="closed")
    app = in_notice(passed_application(round_), ends_on=today - timedelta(days=2)).application

    (result,) = notices.filing_execute(actor=region, round_=round_, application_ids=[app.pk])

    assert result.ok, result.findings
    assert result.filing_number == f"蒙博基备〔{today.year}〕006号"
    filed = PracticeBase.objects.get(pk=result.base_id)
    assert (filed.filing_serial, recorded.filing_serial) == (6, 5)


@pytest.mark.parametrize("role", [Role.BUREAU_OFFICER, Role.UNIT_ADMIN])
def test_only_the_region_records_a_historical_base(role, unit):
    scope = {Role.BUREAU_OFFICER: unit.bureau, Role.UNIT_ADMIN: unit}[role]
    before = written()
    with pytest.raises(TransitionRefused) as refused:
        record(user_with_role(role, scope), unit)
    assert [(f.code, str(f.message)) for f in refused.value.findings] == [
        ("kernel.not_permitted", "只有自治区人力资源和社会保障厅可以登记历史备案基地。")
    ]
    assert written() == before


def _unit_with_base(state):
    return make_base("已有基地", state=state).unit


# One case per clause of the service's refusals: (how the unit is set up, the arguments, field, message).
TODAY = timezone.localdate()
TOMORROW = TODAY + timedelta(days=1)
REFUSALS = {
    "filed_in_future": (
        None, {"filed_on": TOMORROW, "notice_number": f"内人社发〔{TOMORROW.year}〕1号"}, "filed_on",
        "备案日期不能晚于今天。",
    ),
    "filed_before_2011": (
        None, {"filed_on": date(2010, 12, 31), "notice_number": "内人社发〔2010〕5号"}, "filed_on",
        "备案日期不能早于2011年1月1日（本办法第一条所依据的《关于博士后创新实践基地建设有关问题的通知》"
        "（人社部发〔2011〕21号）印发之年）。",
    ),
    "number_of_another_year": (
        None, {"filing_number": "蒙博基备〔2020〕001号"}, "filing_number",
        "备案号中的年份（2020年）与备案日期所在年份（2019年）不一致。",
    ),
    "bad_notice_number": (
        None, {"notice_number": "45号文"}, "notice_number",
        "请按“机关代字〔年份〕序号号”填写备案通知文号，例如：内人社发〔2023〕12号。",
    ),
    "notice_before_filing": (
        None, {"notice_number": "内人社发〔2018〕45号"}, "notice_number",
        "备案通知文号中的年份（2018年）早于备案日期所在年份（2019年），请核对。",
    ),
    "no_notice_number": (None, {"notice_number": "  "}, "notice_number", "请填写备案通知文号。"),
    "no_filing_number": (None, {"filing_number": ""}, "filing_number", "请填写备案号。"),
    "no_date": (None, {"filed_on": None}, "filed_on", "请填写备案日期。"),
    "no_unit": ("none", {}, "unit", "请选择设站单位。"),
    "name_too_long": (None, {"name": "基" * 251}, "name", "不能超过250个字。"),
    "unit_has_an_active_base": (
        BaseState.ACTIVE, {}, "unit",
        "单位“已有基地有限公司”已有博士后创新实践基地（备案号蒙博基备〔2026〕001号，已备案），不能再登记历史备案基地。",
    ),
    "unit_has_a_revoked_base": (
        BaseState.REVOKED, {}, "unit",
        "单位“已有基地有限公司”已有博士后创新实践基地（备案号蒙博基备〔2026〕001号，已取消备案），不能再登记历史备案基地。",
    ),
    "unit_has_a_workstation": (
        "workstation", {}, "unit",
        "不符合第二条：申报单位“草原乳业有限公司”已设立博士后科研工作站，不能设立为博士后创新实践基地，"
        "本申请不能继续办理（第二十四条：基地获批设立博士后科研工作站的，其基地资格自动注销）。",
    ),
    "unit_has_a_mobile_station": (
        "mobile_station", {}, "unit",
        "不符合第二条：申报单位“草原乳业有限公司”已设立博士后科研流动站，不能设立为博士后创新实践基地，本申请不能继续办理。",
    ),
    "number_taken": (
        "taken", {"filing_number": "内基备字第12号"}, "filing_number",
        "备案号“内基备字第12号”已被基地“另一单位博士后创新实践基地”使用。",
    ),
    "serial_taken": (
        "serial_taken", {"filing_number": "蒙博基备〔2019〕1号"}, "filing_number",
        "2019年第1号备案序号已由基地“另一单位博士后创新实践基地”（备案号内基备字第12号）占用，请核对备案号。",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(REFUSALS))
def test_each_refusal_says_why_and_writes_nothing(region, unit, case):
    setup, overrides, field, message = REFUSALS[case]
    target = unit
    if setup in (BaseState.ACTIVE, BaseState.REVOKED):
        target = _unit_with_base(setup)
    elif setup == "none":
        target = None
    elif setup == "workstation":
        unit.has_workstation = True
        unit.save()
    elif setup == "mobile_station":
        unit.has_mobile_station = True
        unit.save()
    elif setup in ("taken", "serial_taken"):
        record(region, UnitFactory(name="另一单位"))  # 内基备字第12号, the 1st serial of 2019
    before = written()
    with pytest.raises(ValidationError) as refused:
        record(region, target, **overrides)
    assert refused.value.message_dict == {field: [message]}
    assert written() == before


def test_several_refusals_are_reported_together(region, unit):
    unit.has_workstation = True
    unit.save()
    with pytest.raises(ValidationError) as refused:
        record(region, unit, filed_on=TODAY + timedelta(days=1), notice_number="无")
    assert set(refused.value.message_dict) == {"unit", "filed_on", "notice_number"}
    assert not PracticeBase.objects.exists()


def test_the_recorded_base_reads_like_any_other(region, unit):
    """The directory, the base file, the overview, the statistics and the ledgers read a base without an
    application: it shows with its notice number where the register is shown, and counts as a filed base."""
    base = record(region, unit)
    anonymous = Client()
    assert base.name in anonymous.get(reverse("establishment:public_base_list")).content.decode()
    assert anonymous.get(reverse("establishment:public_base_detail", args=[base.pk])).status_code == 200
    api = anonymous.get(f"/api/v1/bases/{base.pk}").json()
    assert (api["filing_number"], api["filed_on"], api["state"]) == ("内基备字第12号", "2019-06-01", "active")

    client = Client()
    client.force_login(region)
    page = client.get(reverse("oversight:base_file", args=[base.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert NOTICE in html and "历史备案：系统启用前备案，据纸质备案通知登记，系统中无设立申请" in html
    for name in ("oversight:base_file_list", "oversight:base_overview"):
        response = client.get(reverse(name))
        assert response.status_code == 200 and base.name in response.content.decode()

    year = TODAY.year
    assert client.get("/stats/", {"year": year}).status_code == 200
    by_state = client.get("/api/v1/stats/bases_by_state", {"year": year}).json()
    assert by_state["labels"][0] == "已备案" and by_state["series"][0]["data"][0] == 1
    by_category = client.get("/api/v1/stats/bases_by_category", {"year": year}).json()
    counts = dict(zip(by_category["labels"], by_category["series"][0]["data"], strict=True))
    # No Art. 10 claim (it had no application here): counted once, in a row of its own.
    assert (counts["历史备案基地"], counts["未申报优先条件"], sum(counts.values())) == (1, 0, 1)
    assert client.get(reverse("stats:ledger_base", args=[base.pk])).status_code == 200
    assert client.get(reverse("stats:ledger_region")).status_code == 200


def test_art24_counts_a_recorded_base_empty_from_its_day_of_recording_not_from_its_paper_filing(region, unit):
    """The system holds a paper-era base's postdocs only from the day it was recorded: a base filed in 2019 and
    recorded today is not revoked tomorrow for 2019-2026 with no postdoc in the system, but once 2 years from
    the recording have passed with none."""
    from postdoc_base.oversight.revocations.models import RevocationCase
    from postdoc_base.oversight.revocations.sweeps import empty_base_sweep
    from postdoc_base.policy.common import add_years

    base = record(region, unit)
    today = timezone.localdate()
    assert (base.recorded_on, base.watched_from) == (today, today)

    assert empty_base_sweep(today + timedelta(days=1)) == []
    assert empty_base_sweep(add_years(today, 2) - timedelta(days=1)) == []
    (case,) = empty_base_sweep(add_years(today, 2))
    assert (case.base_id, case.empty_since, case.due_on) == (base.pk, today, add_years(today, 2))
    assert RevocationCase.objects.filter(base=base).count() == 1


def test_a_base_filed_in_the_system_is_still_counted_from_its_filing_day():
    base = make_base(filed_on=date(2020, 3, 1))
    assert (base.recorded_on, base.watched_from) == (None, date(2020, 3, 1))


def test_self_inspections_are_owed_from_the_year_after_recording(region, unit):
    from postdoc_base.oversight.inspections.basefile import _yearly

    base = record(region, unit)
    # Filed in 2019 on paper, recorded this year: no year is owed yet (one would be owed for each of 2020 to last
    # year had it been filed in the system).
    assert _yearly(base, []) == []
