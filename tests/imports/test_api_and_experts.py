"""The import API (POST /api/v1/imports/{kind}, GET /api/v1/imports/jobs/{id}, POST .../run) and the experts'
importer (natural key: name and employer)."""

import io

import pytest
from django.test import Client
from openpyxl import load_workbook

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.models import Expert, Unit
from postdoc_base.kernel.models import AuditEvent
from tests.factories import ExpertFactory, bureau, user_with_role

from .helpers import bad_uscc, unit_row, upload, workbook_bytes

pytestmark = pytest.mark.django_db

EXPERT_HEADERS = ["姓名*", "专业领域*", "职称*", "工作单位*", "申报的利益冲突", "在库"]


def api_upload(client, data, kind="units"):
    return client.post(f"/api/v1/imports/{kind}", {"file": upload(data)})


def test_api_upload_reports_and_runs_only_valid_rows(region_client):
    data = workbook_bytes([unit_row(name="甲"), unit_row(name="乙", uscc=bad_uscc())])
    response = api_upload(region_client, data)
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["state"], body["valid"], body["invalid"], body["progress"]) == ("validated", 1, 1, 100)
    (row,) = body["rows"]
    assert (
        row["row"] == 3
        and row["errors"][0]["col"] == "B"
        and row["errors"][0]["header"] == "统一社会信用代码"
    )
    refused = region_client.post(f"/api/v1/imports/jobs/{body['id']}/run", {"only_valid": False},
                                 content_type="application/json")  # fmt: skip
    assert refused.status_code == 422
    assert "不能全部导入" in refused.json()["message"] + str(refused.json().get("errors"))
    done = region_client.post(f"/api/v1/imports/jobs/{body['id']}/run", {"only_valid": True},
                              content_type="application/json")  # fmt: skip
    assert done.status_code == 200 and done.json()["imported"] == 1 and done.json()["state"] == "done"
    assert region_client.get(f"/api/v1/imports/jobs/{body['id']}").json()["imported"] == 1
    assert Unit.objects.filter(name="甲").exists() and not Unit.objects.filter(name="乙").exists()


def test_api_refuses_a_file_that_is_not_excel(region_client):
    response = api_upload(region_client, b"%PDF-1.4\n%%EOF")
    assert response.status_code == 422
    assert "文件不是 Excel 工作簿（.xlsx），请下载模板填写后上传。" in str(response.json())


def test_api_is_for_the_region_only(client, region_client):
    job_id = api_upload(region_client, workbook_bytes([unit_row()])).json()["id"]
    officer = user_with_role(Role.BUREAU_OFFICER, bureau("包头市"))
    other = Client()
    other.force_login(officer)
    assert api_upload(other, workbook_bytes([unit_row()])).status_code == 403
    assert other.get(f"/api/v1/imports/jobs/{job_id}").status_code == 404
    assert other.post(f"/api/v1/imports/jobs/{job_id}/run", {"only_valid": True},
                      content_type="application/json").status_code == 404  # fmt: skip
    assert Client().get(f"/api/v1/imports/jobs/{job_id}").status_code == 401


def test_experts_import_with_their_natural_key(region_client):
    ExpertFactory(name="张三", employer="内蒙古大学")
    rows = [
        ["李四", "材料科学", "教授", "内蒙古工业大学", "甲公司；乙公司", ""],
        ["王五", "化学", "研究员", "内蒙古大学", "", "否"],
        ["李四", "材料科学", "教授", "内蒙古工业大学", "", "是"],  # repeats row 2
        ["张三", "冶金", "教授", "内蒙古大学", "", ""],  # already there
        ["赵六", "", "教授", "内蒙古大学", "", "也许"],
    ]
    before = Expert.objects.count(), AuditEvent.objects.count()
    body = api_upload(region_client, workbook_bytes(rows, headers=EXPERT_HEADERS), kind="experts").json()
    assert (body["valid"], body["invalid"], body["existing"]) == (2, 2, 1)
    messages = {(r["row"], e["col"], e["message"]) for r in body["rows"] for e in r["errors"]}
    assert messages == {
        (4, "A", "与第 2 行重复（姓名、工作单位 相同）。"),
        (4, "D", "与第 2 行重复（姓名、工作单位 相同）。"),
        (5, "", "已存在，跳过"),
        (6, "B", "这个字段是必填项。"),
        (6, "F", "应填写“是”或“否”，不能是“也许”。"),
    }
    assert (Expert.objects.count(), AuditEvent.objects.count()) == before
    region_client.post(f"/api/v1/imports/jobs/{body['id']}/run", {"only_valid": True},
                       content_type="application/json")  # fmt: skip
    li = Expert.objects.get(name="李四")
    assert li.conflict_list == ["甲公司", "乙公司"] and li.active
    assert not Expert.objects.get(name="王五").active
    assert Expert.objects.count() == before[0] + 2
    assert AuditEvent.objects.filter(subject_type="directory.expert", action="create").count() == 2


def test_experts_template(region_client):
    response = region_client.get("/imports/experts/template.xlsx")
    ws = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets[0]
    assert [c.value for c in ws[1]] == EXPERT_HEADERS
