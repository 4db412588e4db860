"""An expert sees only what is assigned to them: through no page, endpoint or export an unassigned
application; other experts' scores only from the shared phase on (第十一条第（三）项)."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from postdoc_base.establishment.selectors import applications_visible_to
from postdoc_base.review import services
from postdoc_base.review.enums import PanelPhase
from postdoc_base.review.workflow import assignment_workflow

from .conftest import assigned, assignment_of, fresh, score

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _export_text(response) -> str:
    import io

    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    return "\n".join(str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c)


def test_expert_sees_an_assigned_application_and_nothing_else(rw):
    assigned(rw)
    expert = rw.user("王敏")
    assert list(applications_visible_to(expert)) == [rw.app]
    assert list(applications_visible_to(rw.user("孙丽"))) == []


def test_withdrawn_assignment_hides_the_application_again(rw):
    panel = assigned(rw)
    assignment_workflow.apply(
        assignment_of(panel, rw, "王敏"), "withdraw", actor=fresh(rw.admin), comment="调整。"
    )
    assert list(applications_visible_to(rw.user("王敏"))) == []


def test_unassigned_application_is_invisible_through_every_page(rw):
    assigned(rw)  # 王敏 has rw.app, not rw.other_app
    client = _client(rw.user("王敏"))
    other = rw.other_app
    attachment = other.attachments.get()

    assert client.get(reverse("establishment:application_detail", args=[rw.app.pk])).status_code == 200
    assert client.get(reverse("establishment:application_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("establishment:attachment_download", args=[attachment.pk])).status_code == 404
    listing = client.get(reverse("establishment:application_list")).content.decode()
    assert rw.app.unit.name in listing and other.unit.name not in listing
    export = _export_text(client.get(reverse("establishment:application_export")))
    assert rw.app.unit.name in export and other.unit.name not in export


def test_unassigned_application_is_invisible_through_every_endpoint(rw):
    assigned(rw)
    client = _client(rw.user("王敏"))
    other = rw.other_app
    attachment = other.attachments.get()

    listing = client.get("/api/v1/base-applications").json()
    assert [i["id"] for i in listing["items"]] == [rw.app.pk]
    assert client.get(f"/api/v1/base-applications/{rw.app.pk}").status_code == 200
    for path in (
        f"/api/v1/base-applications/{other.pk}",
        f"/api/v1/base-applications/{other.pk}/history",
        f"/api/v1/base-applications/{other.pk}/transitions",
        f"/api/v1/base-applications/{other.pk}/attachments/{attachment.pk}",
    ):
        assert client.get(path).status_code == 404, path


def test_expert_can_download_the_assigned_applications_attachment(rw):
    assigned(rw)
    attachment = rw.app.attachments.get()
    response = _client(rw.user("王敏")).get(
        reverse("establishment:attachment_download", args=[attachment.pk])
    )
    assert response.status_code == 200


def test_expert_sees_only_own_assignments_in_pages_and_api(rw):
    panel = assigned(rw)
    mine, theirs = assignment_of(panel, rw, "王敏"), assignment_of(panel, rw, "李强")
    client = _client(rw.user("王敏"))
    assert client.get(reverse("review:assignment_detail", args=[theirs.pk])).status_code == 404
    assert client.get(f"/api/v1/reviews/{theirs.pk}").status_code == 404
    assert client.get(f"/api/v1/reviews/{theirs.pk}/history").status_code == 404
    assert [i["id"] for i in client.get("/api/v1/reviews").json()["items"]] == [mine.pk]
    assert client.get(reverse("review:panel_list")).status_code == 403
    assert client.get(reverse("review:panel_detail", args=[panel.pk])).status_code == 403
    assert client.get(reverse("review:panel_export", args=[panel.pk])).status_code == 403


def test_independent_phase_hides_other_experts_scores_and_shared_phase_shows_them(rw):
    panel = assigned(rw)
    score(rw, assignment_of(panel, rw, "李强"), "李强", comment="李强的意见")
    mine = assignment_of(panel, rw, "王敏")
    client = _client(rw.user("王敏"))
    page = client.get(reverse("review:assignment_detail", args=[mine.pk])).content.decode()
    assert "李强的意见" not in page and "87.50" not in page
    assert client.get(f"/api/v1/reviews/{mine.pk}").json()["peers"] is None

    services.panel_set_phase(actor=fresh(rw.admin), panel=panel, phase=PanelPhase.SHARED)

    page = client.get(reverse("review:assignment_detail", args=[mine.pk])).content.decode()
    assert "李强的意见" in page and "87.50" in page
    peers = client.get(f"/api/v1/reviews/{mine.pk}").json()["peers"]
    assert [(p["expert_label"], p["total"], p["comment"]) for p in peers] == [
        ("李强（专家B）", "87.50", "李强的意见")
    ]


def test_scores_put_through_the_api_and_submit_by_transition(rw):
    panel = assigned(rw)
    mine = assignment_of(panel, rw, "王敏")
    items = list(panel.rubric.items.all())
    client = _client(rw.user("王敏"))
    body = {"scores": {str(items[0].pk): "90", str(items[1].pk): "8"}, "comment": "同意。"}
    response = client.put(
        f"/api/v1/reviews/{mine.pk}/scores", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["total"] == "87.50"
    bad = {"scores": {str(items[0].pk): "101"}, "comment": "x"}
    response = client.put(
        f"/api/v1/reviews/{mine.pk}/scores", json.dumps(bad), content_type="application/json"
    )
    assert response.status_code == 422
    response = client.post(f"/api/v1/reviews/{mine.pk}/transitions", json.dumps({"action": "submit"}),
                           content_type="application/json")  # fmt: skip
    assert response.json()["state"] == "submitted"
