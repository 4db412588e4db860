"""Funding records (Art. 19) imported by the region: by filing number, checked by the funding form and service
(who records which source, the policy document a subsidy needs, the year), re-imports skipped."""

import pytest

from postdoc_base.kernel.models import AuditEvent
from postdoc_base.oversight.funding.models import FundingRecord
from tests.factories.tenure import make_base

from .helpers import upload, workbook_bytes

pytestmark = pytest.mark.django_db

HEADERS = ["备案号*", "年度*", "经费来源*", "金额（元）*", "用途*", "政策文件名称", "政策文件文号", "备注"]
DOC = ["关于支持博士后创新实践基地建设的若干措施", "内人社发〔2026〕12号"]


def test_funding_rows_are_checked_by_the_funding_rules(region_client):
    base = make_base("草原乳业", "呼和浩特市")
    number = base.filing_number
    rows = [
        [number, 2026, "自治区补助", 200000, "博士后生活补贴", *DOC, ""],
        [number, "2026", "自治区补助", "200,000.00", "博士后生活补贴", *DOC, "同一条"],  # repeats row 2
        [number, 2026, "单位投入", 50000, "科研经费", "", "", ""],  # the unit records its own money
        ["蒙博基备〔2099〕999号", 2026, "自治区补助", 1000, "补贴", *DOC, ""],
        [number, "二〇二六", "自治区补助", "很多", "补贴", *DOC, ""],
        [number, 2026, "自治区补助", 3000, "无文件补贴", "", "", ""],
    ]
    before = FundingRecord.objects.count(), AuditEvent.objects.count()
    body = region_client.post(
        "/api/v1/imports/funding", {"file": upload(workbook_bytes(rows, headers=HEADERS))}
    ).json()
    by_row = {}
    for entry in body["rows"]:
        by_row.setdefault(entry["row"], set()).update((e["col"], e["message"]) for e in entry["errors"])
    assert (body["valid"], body["invalid"]) == (1, 5), by_row
    assert ("A", "与第 2 行重复（备案号、年度、经费来源、金额（元）、用途 相同）。") in by_row[3]
    assert any(col == "" and "单位" in message for col, message in by_row[4])  # the service's refusal
    assert by_row[5] == {("A", "备案号“蒙博基备〔2099〕999号”不存在，请从下拉列表中选择已备案基地的备案号。")}
    assert by_row[6] == {("B", "应填写整数，不能是“二〇二六”。"), ("D", "应填写数字，不能是“很多”。")}
    assert {col for col, _message in by_row[7]} == {"F", "G"}  # a subsidy names its policy document
    assert (FundingRecord.objects.count(), AuditEvent.objects.count()) == before

    done = region_client.post(f"/api/v1/imports/jobs/{body['id']}/run", {"only_valid": True},
                              content_type="application/json").json()  # fmt: skip
    assert done["imported"] == 1
    record = FundingRecord.objects.get()
    assert (record.base, record.year, record.source, str(record.amount)) == (
        base,
        2026,
        "region",
        "200000.00",
    )
    created = AuditEvent.objects.filter(subject_type=FundingRecord._meta.label_lower, action="create")
    assert list(created.values_list("subject_id", flat=True)) == [str(record.pk)]

    again = region_client.post(
        "/api/v1/imports/funding", {"file": upload(workbook_bytes(rows[:1], headers=HEADERS))}
    )
    assert (again.json()["valid"], again.json()["existing"]) == (0, 1)
