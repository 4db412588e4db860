"""Blind review leaks no identity: experts and the exported file name experts by alias only, and the
application's own history never names them (第十一条第（三）项)."""

import io
import json

import pytest
from django.test import Client
from django.urls import reverse

from postdoc_base.review import services
from postdoc_base.review.enums import PanelPhase

from .conftest import assigned, assignment_of, fresh, score

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _xlsx_text(response) -> str:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return "\n".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)


@pytest.fixture
def blind(rw):
    panel = assigned(rw, blind=True)
    score(rw, assignment_of(panel, rw, "李强"), "李强", comment="李强的意见")
    score(rw, assignment_of(panel, rw, "王敏"), "王敏", comment="王敏的意见")
    services.panel_set_phase(actor=fresh(rw.admin), panel=panel, phase=PanelPhase.SHARED)
    return panel


def test_expert_sees_the_other_expert_only_by_alias(rw, blind):
    client = _client(rw.user("王敏"))
    mine = assignment_of(blind, rw, "王敏")
    page = client.get(reverse("review:assignment_detail", args=[mine.pk])).content.decode()
    assert "李强的意见" in page and "专家B" in page
    assert "李强" not in page.replace("李强的意见", "")
    detail = client.get(f"/api/v1/reviews/{mine.pk}").content.decode("unicode_escape")
    assert "专家B" in detail and "李强" not in detail.replace("李强的意见", "")
    panel_json = client.get(f"/api/v1/panels/{blind.pk}").json()
    assert [(m["label"], m["expert_name"], m["expert_id"]) for m in panel_json["members"]] == [
        ("专家A", None, None), ("专家B", None, None),
    ]  # fmt: skip
    assert "李强" not in json.dumps(panel_json, ensure_ascii=False)


def test_blind_export_names_experts_by_alias_only(rw, blind):
    text = _xlsx_text(_client(fresh(rw.admin)).get(reverse("review:panel_export", args=[blind.pk])))
    assert "专家A" in text and "专家B" in text and "87.5" in text
    for name in ("王敏", "李强"):
        assert name not in text.replace(f"{name}的意见", "")


def test_open_export_names_the_experts(rw):
    panel = assigned(rw)
    text = _xlsx_text(_client(fresh(rw.admin)).get(reverse("review:panel_export", args=[panel.pk])))
    assert "王敏（专家A）" in text and "李强（专家B）" in text


def test_application_timeline_and_history_do_not_name_the_experts(rw, blind):
    for user in (rw.user("王敏"), fresh(rw.admin)):
        client = _client(user)
        page = client.get(reverse("establishment:application_detail", args=[rw.app.pk])).content.decode()
        timeline = page[page.index('data-testid="timeline"') :]
        history = json.dumps(
            client.get(f"/api/v1/base-applications/{rw.app.pk}/history").json(), ensure_ascii=False
        )
        for name in ("王敏", "李强"):
            assert name not in timeline
            assert name not in history
    expert_page = _client(rw.user("王敏")).get(reverse("establishment:application_detail", args=[rw.app.pk]))
    assert "李强" not in expert_page.content.decode()


def test_region_administrator_sees_names_in_the_summary(rw, blind):
    page = (
        _client(fresh(rw.admin))
        .get(reverse("establishment:application_detail", args=[rw.app.pk]))
        .content.decode()
    )
    summary = page[page.index('data-testid="review-summary"') :]
    assert "王敏（专家A）" in summary and "李强（专家B）" in summary and "87.50" in summary


def test_expert_sees_no_review_summary_on_the_application(rw, blind):
    page = (
        _client(rw.user("王敏"))
        .get(reverse("establishment:application_detail", args=[rw.app.pk]))
        .content.decode()
    )
    assert 'data-testid="review-summary"' not in page
