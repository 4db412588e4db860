"""Issue 9 item 3 "No 500 on any input": the bad input the issue names, each refused with its status and
message, leaving no row and no stored file behind (PostgreSQL refused NUL, over-long text, integers past the
column and pages past any offset with a 500 before)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError
from django.test import Client

from postdoc_base.accounts.enums import Role
from postdoc_base.directory.models import Expert
from postdoc_base.establishment.models import Attachment, Objection, PublicNotice
from postdoc_base.tenure.outputs.models import Output, PayRecord
from tests.factories import PDF_BYTES, UnitFactory, ready_application, user_with_role
from tests.factories.exits import appointment
from tests.factories.notices import passed_round, publish, region_admin

pytestmark = pytest.mark.django_db


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def pdf(name: str = "证明.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def refused(response, errors: dict) -> None:
    assert response.status_code == 422, response.content
    body = response.json()
    assert (body["code"], body["message"], body["errors"]) == ("validation_error", "提交的数据有误。", errors)


EXPERT = {"name": "张三", "field": "材料科学", "title": "教授", "employer": "内蒙古大学"}


def test_nul_in_a_text_field_is_422_and_writes_no_row(world):
    response = login(world["region"]).post(
        "/api/v1/experts", {**EXPERT, "name": "张\x00三"}, content_type="application/json"
    )
    refused(response, {"name": ["不能包含空字符（NUL）。"]})
    assert Expert.objects.filter(name__startswith="张").count() == 0


def test_nul_in_a_form_field_beside_an_upload_writes_no_row_and_no_file(world):
    a = appointment(world)
    files_before = stored_files()
    data = {
        "appointment": a.pk,
        "kind": "paper",
        "title": "论文\x00",
        "occurred_on": "2026-06-01",
        "evidence": pdf(),
    }
    response = login(world["postdoc_own"]).post("/api/v1/outputs", data)
    refused(response, {"title": ["不能包含空字符（NUL）。"]})
    assert (Output.objects.count(), stored_files()) == (0, files_before)


def test_a_lone_surrogate_is_422_and_writes_no_row(world):
    payload = json.dumps({**EXPERT, "employer": "内蒙古\udc80大学"})
    response = login(world["region"]).post("/api/v1/experts", payload, content_type="application/json")
    refused(response, {"employer": ["含有无法识别的字符（不成对的代理字符），请检查输入。"]})
    assert Expert.objects.filter(name="张三").count() == 0


def test_a_too_long_string_with_an_upload_is_422_and_writes_no_row_and_no_file():
    round_, _apps = passed_round(1)
    notice = publish(region_admin(), round_)
    files_before = stored_files()
    data = {"notice": notice.pk, "item": notice.items.get().pk, "name": "张" * 51, "contact": "13812345678",
            "text": "研发场地与申报材料不符。", "attachment": pdf()}  # fmt: skip
    response = Client().post("/api/v1/objections", data)
    refused(response, {"name": ["最多 50 个字符。"]})
    assert (Objection.objects.count(), stored_files()) == (0, files_before)


def test_an_out_of_range_integer_is_422_and_writes_no_row(world):
    a = appointment(world)
    payload = {"appointment": a.pk, "year": 2026, "annual_pay_yuan": 2**31}
    response = login(world["base_same"]).post("/api/v1/pay-records", payload, content_type="application/json")
    refused(response, {"annual_pay_yuan": ["不能大于 2147483647。"]})
    payload = {"appointment": a.pk, "year": 2026, "annual_pay_yuan": 150000, "same_level_pay_yuan": -1}
    response = login(world["base_same"]).post("/api/v1/pay-records", payload, content_type="application/json")
    refused(response, {"same_level_pay_yuan": ["不能小于 0。"]})
    assert PayRecord.objects.count() == 0


def test_a_huge_page_number_is_422_and_a_page_past_the_last_is_empty(world):
    client = login(world["region"])
    refused(client.get("/api/v1/outputs", {"page": 10**20}), {"page": ["不能大于 100000。"]})
    body = client.get("/api/v1/outputs", {"page": 100000}).json()
    assert (body["count"], body["items"]) == (0, [])


@pytest.mark.parametrize(
    ("working_days", "message"), [(0, "不能小于 1。"), (61, "不能大于 60。"), (10**12, "不能大于 60。")]
)
def test_working_days_out_of_range_on_the_notice_api_is_422_and_publishes_nothing(working_days, message):
    admin = region_admin()
    round_, _apps = passed_round(1)
    payload = {"round": round_.pk, "title": "公示", "working_days": working_days}
    response = login(admin).post("/api/v1/notices", payload, content_type="application/json")
    refused(response, {"working_days": [message]})
    assert PublicNotice.objects.count() == 0


@pytest.fixture
def draft_and_admin():
    unit = UnitFactory()
    return ready_application(unit=unit), user_with_role(Role.UNIT_ADMIN, unit)


@pytest.mark.parametrize(
    ("sent", "kept"),
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system.ini.pdf", "system.ini.pdf"),
        ("报" * 250 + ".pdf", "报" * 196 + ".pdf"),
    ],
)
def test_a_path_like_or_too_long_upload_name_keeps_only_a_bounded_base_name(draft_and_admin, sent, kept):
    app, admin = draft_and_admin
    before = set(stored_files())
    response = login(admin).post(
        f"/api/v1/base-applications/{app.pk}/attachments", {"kind": "other", "file": pdf(sent)}
    )
    assert response.status_code == 201, response.content
    assert response.json()["original_name"] == kept
    attachment = Attachment.objects.get(pk=response.json()["id"])
    assert attachment.original_name == kept
    (new_file,) = set(stored_files()) - before
    media = Path(settings.MEDIA_ROOT).resolve()
    assert new_file.resolve().is_relative_to(media)
    assert new_file.name == f"{attachment.sha256[:16]}.pdf"  # stored under its digest, never the sent name


def test_a_database_error_after_the_file_was_stored_is_409_and_leaves_no_row_and_no_file(world, monkeypatch):
    """The services check first; should the database still refuse (a race, a constraint), the answer is a
    JSON 409 and the upload stored inside the failed write is removed again."""
    from postdoc_base.kernel import audit

    a = appointment(world)
    files_before = stored_files()

    def refuse(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(audit, "record", refuse)
    data = {
        "appointment": a.pk,
        "kind": "paper",
        "title": "论文",
        "occurred_on": "2026-06-01",
        "evidence": pdf(),
    }
    response = login(world["postdoc_own"]).post("/api/v1/outputs", data)
    assert response.status_code == 409
    assert response.json() == {
        "code": "conflict",
        "message": "与已有数据冲突，未保存任何内容。请刷新后重试。",
        "findings": [],
    }
    assert (Output.objects.count(), stored_files()) == (0, files_before)


def test_a_multipart_body_that_does_not_parse_is_a_chinese_400_and_writes_nothing(world):
    a = appointment(world)
    client = login(world["postdoc_own"])
    # No boundary: Django's parser gives up on it (a 500 before).
    response = client.post(f"/api/v1/exits/{a.pk}/materials", b"--\r\n", content_type="multipart/form-data")
    assert response.status_code == 400
    assert response.json() == {
        "code": "bad_request",
        "message": "请求内容无法解析，请提交有效的表单或 JSON。",
        "findings": [],
    }
    a.refresh_from_db()
    assert (a.research_report.name, a.work_summary.name) == ("", "")


def test_a_body_past_the_upload_limit_is_413(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
    response = login(world["region"]).post(
        "/api/v1/experts",
        {**EXPERT, "declared_conflicts": "无" * 1024 * 1024},
        content_type="application/json",
    )
    assert response.status_code == 413
    assert response.json()["message"] == "请求内容过大：最大 1 MB。"
    assert Expert.objects.filter(name="张三").count() == 0
