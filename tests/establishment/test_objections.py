"""Objections (异议) during the public notice (Art. 11(3)): the window, who decides, what a decision does,
and the objector's personal data."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.establishment.enums import ObjectionState as O
from postdoc_base.establishment.models import BaseApplication, Objection
from postdoc_base.establishment.notice_workflow import objection_workflow
from postdoc_base.establishment.notices import mask_contact
from postdoc_base.kernel.models import AuditEvent, Notification, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import TransitionRefused
from tests.factories import PDF_BYTES, Role, user_with_role
from tests.factories.notices import in_notice, objection, passed_application, publish, region_admin
from tests.factories.pages import assert_rows_shown, json_ids
from tests.factories.world import ACTORS, actor, fast_passwords

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]


def _codes(exc) -> list[str]:
    return [f.code for f in exc.value.findings]


def _state(obj):
    return type(obj).objects.get(pk=obj.pk).state


@pytest.fixture
def open_item():
    today = timezone.localdate()
    return in_notice(passed_application(), published_on=today, ends_on=today + timedelta(days=7))


# --- the window ------------------------------------------------------------------------------------------
def test_objection_accepted_on_the_last_day_and_refused_the_day_after(open_item):
    ends = open_item.notice.ends_on
    assert objection(open_item, today=ends).state == O.PENDING
    with pytest.raises(TransitionRefused) as exc:
        objection(open_item, today=ends + timedelta(days=1))
    assert _codes(exc) == ["art11.3.notice_ended"]
    assert str(exc.value.findings[0].message) == f"公示已于{ends.isoformat()}结束，不再受理异议。"


def test_objection_accepted_on_the_first_day_and_refused_the_day_before(open_item):
    start = open_item.notice.published_on
    assert objection(open_item, today=start).state == O.PENDING
    with pytest.raises(TransitionRefused) as exc:
        objection(open_item, today=start - timedelta(days=1))
    assert _codes(exc) == ["art11.3.notice_not_started"]
    assert Objection.objects.count() == 1


@pytest.mark.parametrize("contact", ["13812345678", "0471-6960000", "04716960000", "zhang@example.org"])
def test_objection_accepts_a_phone_or_email(open_item, contact):
    assert objection(open_item, contact=contact).contact == contact


@pytest.mark.parametrize("contact", ["", "12345", "1381234567", "not-an-email", "23812345678"])
def test_objection_refuses_an_invalid_contact(open_item, contact):
    with pytest.raises(ValidationError) as exc:
        objection(open_item, contact=contact)
    assert list(exc.value.message_dict) == ["contact"]


def test_objection_requires_a_real_name_and_text(open_item):
    with pytest.raises(ValidationError) as exc:
        objection(open_item, name=" ", text="")
    assert sorted(exc.value.message_dict) == ["name", "text"]


def test_objection_attachment_is_checked_by_content(open_item):
    with pytest.raises(ValidationError):
        objection(
            open_item, uploaded=SimpleUploadedFile("x.pdf", b"MZ not a pdf", content_type="application/pdf")
        )
    good = objection(
        open_item, uploaded=SimpleUploadedFile("证据.pdf", PDF_BYTES, content_type="application/pdf")
    )
    assert (good.attachment_name, good.attachment_type) == ("证据.pdf", "application/pdf")


def test_objection_opens_an_obligation_notifies_the_region_and_masks_contact_in_the_audit(open_item):
    admin = region_admin()
    from tests.establishment.test_notices import _capture_on_commit

    with _capture_on_commit():
        obj = objection(open_item)
    assert Obligation.objects.get(subject_type="establishment.objection", subject_id=str(obj.pk)).kind == (
        "objection_decide"
    )
    assert Notification.objects.filter(recipient=admin).count() == 1
    event = AuditEvent.objects.get(subject_type="establishment.objection", action="create")
    assert event.diff["contact"] == ["***", "***"]
    assert "13812345678" not in str(event.diff)


# --- the decision ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ACTORS)
@pytest.mark.parametrize(("action", "target"), [("uphold", O.UPHELD), ("dismiss", O.DISMISSED)])
def test_each_objection_transition_is_allowed_only_for_the_region(world, action, target, who):
    today = timezone.localdate()
    app = passed_application(unit=world.local_unit)
    obj = objection(in_notice(app, published_on=today, ends_on=today + timedelta(days=3)))
    user = actor(world, who, world.local_unit)

    if who == "region_admin":
        assert objection_workflow.apply(obj, action, actor=user, comment="经调查核实。").state == target
        assert _state(obj) == target
    else:
        with pytest.raises(TransitionRefused) as exc:
            objection_workflow.apply(obj, action, actor=user, comment="经调查核实。")
        assert _codes(exc) == ["kernel.not_permitted"]
        assert _state(obj) == O.PENDING


@pytest.mark.parametrize("action", ["uphold", "dismiss"])
def test_objection_decisions_require_reasons(open_item, action):
    obj = objection(open_item)
    with pytest.raises(TransitionRefused) as exc:
        objection_workflow.apply(obj, action, actor=region_admin(), comment=" ")
    assert _codes(exc) == ["kernel.comment_required"]


@pytest.mark.parametrize("action", ["uphold", "dismiss"])
@pytest.mark.parametrize("state", [O.UPHELD, O.DISMISSED])
def test_a_decided_objection_cannot_be_decided_again(open_item, action, state):
    obj = objection(open_item)
    Objection.objects.filter(pk=obj.pk).update(state=state)
    with pytest.raises(TransitionRefused) as exc:
        objection_workflow.apply(obj, action, actor=region_admin(), comment="再次处理。")
    assert _codes(exc) == ["kernel.wrong_state"]


def test_upheld_objection_rejects_the_application_and_closes_the_obligations(open_item):
    obj = objection(open_item)
    decided = objection_workflow.apply(obj, "uphold", actor=region_admin(), comment="材料不实，异议成立。")

    app = BaseApplication.objects.get(pk=open_item.application_id)
    assert (decided.decision, decided.decided_at is not None) == ("材料不实，异议成立。", True)
    assert app.state == S.REJECTED
    assert AuditEvent.objects.filter(subject_id=str(app.pk), action="objection_upheld").count() == 1
    assert not Obligation.objects.filter(status=ObligationStatus.OPEN).exists()


def test_second_upheld_objection_finds_the_application_rejected_already(open_item):
    first, second = objection(open_item), objection(open_item, name="李四")
    admin = region_admin()
    objection_workflow.apply(first, "uphold", actor=admin, comment="成立。")
    assert objection_workflow.apply(second, "uphold", actor=admin, comment="成立。").state == O.UPHELD
    assert BaseApplication.objects.get(pk=open_item.application_id).state == S.REJECTED


def test_dismissed_objection_leaves_the_application_in_notice(open_item):
    obj = objection(open_item)
    objection_workflow.apply(obj, "dismiss", actor=region_admin(), comment="经核实，异议不成立。")
    assert BaseApplication.objects.get(pk=open_item.application_id).state == S.IN_NOTICE


# --- personal data and pages -----------------------------------------------------------------------------
def test_mask_contact():
    assert mask_contact("13812345678") == "138****5678"
    assert mask_contact("0471-6960000") == "047****0000"
    assert mask_contact("zhang@example.org") == "z***@example.org"


def test_contact_is_masked_for_the_unit_and_shown_to_the_region(client, open_item):
    obj = objection(open_item, uploaded=SimpleUploadedFile("证据.pdf", PDF_BYTES))
    url = reverse("establishment:objection_detail", args=[obj.pk])
    unit_admin = user_with_role(Role.UNIT_ADMIN, open_item.application.unit)
    client.force_login(unit_admin)
    html = client.get(url).content.decode()
    assert "138****5678" in html and "13812345678" not in html and "张三" not in html
    assert client.get(reverse("establishment:objection_attachment", args=[obj.pk])).status_code == 403

    client.force_login(region_admin())
    html = client.get(url).content.decode()
    assert "13812345678" in html and "张三" in html
    download = client.get(reverse("establishment:objection_attachment", args=[obj.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF_BYTES


def test_other_units_and_the_public_cannot_see_objections(client, open_item):
    obj = objection(open_item)
    url = reverse("establishment:objection_detail", args=[obj.pk])
    assert client.get(url).status_code == 302  # to the login page
    client.force_login(user_with_role(Role.UNIT_ADMIN, passed_application().unit))
    assert client.get(url).status_code == 404


def test_anonymous_visitor_objects_through_the_public_page(client):
    today = timezone.localdate()
    app = passed_application()
    notice = publish(region_admin(), app.round, published_on=today)
    item = notice.items.get()
    url = reverse("establishment:public_notice", args=[notice.pk])
    response = client.post(url, {"obj-item": item.pk, "obj-name": "巴特尔·朝鲁", "obj-contact": "13912345678",
                                 "obj-text": "研发团队人数与事实不符。"})  # fmt: skip
    assert response.status_code == 302
    assert Objection.objects.get().name == "巴特尔·朝鲁"


def test_public_page_shows_field_errors_for_a_bad_contact(client):
    app = passed_application()
    notice = publish(region_admin(), app.round, published_on=timezone.localdate())
    response = client.post(
        reverse("establishment:public_notice", args=[notice.pk]),
        {"obj-item": notice.items.get().pk, "obj-name": "张三", "obj-contact": "123", "obj-text": "异议"},
    )
    assert response.status_code == 200
    assert "请填写有效的手机号码" in response.content.decode()
    assert Objection.objects.count() == 0


def test_region_decides_through_the_action_panel(client, open_item):
    obj = objection(open_item)
    client.force_login(region_admin())
    url = reverse("establishment:objection_detail", args=[obj.pk])
    assert 'data-action="dismiss"' in client.get(url).content.decode()
    response = client.post(reverse("establishment:objection_transition", args=[obj.pk]),
                           {"action": "dismiss", "comment": "不成立。"})  # fmt: skip
    assert response.status_code == 302
    assert _state(obj) == O.DISMISSED
    assert "不成立。" in client.get(url).content.decode()


@pytest.mark.parametrize("rows", [1, 20])
def test_objection_list_query_count_does_not_grow(client, django_assert_num_queries, open_item, rows):
    created = [objection(open_item) for _ in range(rows)]
    client.force_login(region_admin())
    with django_assert_num_queries(5):  # session, user, assignments, count, page
        response = client.get(reverse("establishment:objection_list"))
    assert response.status_code == 200
    assert_rows_shown(response, [o.get_absolute_url() for o in created])


# --- API -------------------------------------------------------------------------------------------------
def test_api_anonymous_objection_unit_reads_masked_and_region_reads_in_full(client, open_item):
    response = client.post("/api/v1/objections", {"notice": open_item.notice_id, "item": open_item.pk,
                                                  "name": "张三", "contact": "13812345678", "text": "异议。"})  # fmt: skip
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    assert client.get("/api/v1/objections").status_code == 401
    client.force_login(user_with_role(Role.UNIT_ADMIN, open_item.application.unit))
    body = client.get(f"/api/v1/objections/{pk}").json()
    assert (body["name"], body["contact"], body["text"]) == ("张*", "138****5678", "异议。")
    assert client.get(f"/api/v1/objections/{pk}/transitions").json() == []
    client.force_login(user_with_role(Role.UNIT_ADMIN, passed_application().unit))
    assert client.get(f"/api/v1/objections/{pk}").status_code == 404
    client.force_login(region_admin())
    assert client.get(f"/api/v1/objections/{pk}").json()["contact"] == "13812345678"
    assert [t["action"] for t in client.get(f"/api/v1/objections/{pk}/transitions").json()] == [
        "uphold",
        "dismiss",
    ]


def test_api_objection_after_the_notice_is_refused_with_the_reason(client):
    item = in_notice(passed_application(), ends_on=timezone.localdate() - timedelta(days=1))
    response = client.post("/api/v1/objections", {"notice": item.notice_id, "item": item.pk, "name": "张三",
                                                  "contact": "13812345678", "text": "异议。"})  # fmt: skip
    assert response.status_code == 409
    assert [f["code"] for f in response.json()["findings"]] == ["art11.3.notice_ended"]


@pytest.mark.parametrize("rows", [1, 20])
def test_api_objection_list_query_count_does_not_grow(client, django_assert_num_queries, open_item, rows):
    created = [objection(open_item) for _ in range(rows)]
    client.force_login(region_admin())
    with django_assert_num_queries(5):
        response = client.get("/api/v1/objections")
    assert response.status_code == 200
    assert json_ids(response) == {o.pk for o in created}
