"""Hardening of the public notice and objections (Art. 11(3)): the anonymous objection rate limit, no
objector personal data in the audit trail or obligations, one notice rule (policy.notice) shared by the
objection window, the model, the ``file`` guard and the set-based filing preview, and one objection scope
for web and API."""

from datetime import date, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from postdoc_base.establishment import notices, selectors
from postdoc_base.establishment.models import Objection
from postdoc_base.establishment.notice_workflow import objection_workflow
from postdoc_base.kernel.models import AuditEvent, Notification, Obligation
from postdoc_base.policy.notice import check_filing_allowed, notice_open
from tests.factories import Role, RoundFactory, user_with_role
from tests.factories.notices import in_notice, objection, passed_application, region_admin
from tests.factories.pages import assert_rows_shown

pytestmark = pytest.mark.django_db

NAME, CONTACT = "巴特尔·朝鲁", "13912345678"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def open_item():
    today = timezone.localdate()
    return in_notice(passed_application(), published_on=today, ends_on=today + timedelta(days=7))


def _web_post(client, item, ip="10.0.0.1", contact=CONTACT):
    return client.post(
        reverse("establishment:public_notice", args=[item.notice_id]),
        {"obj-item": item.pk, "obj-name": NAME, "obj-contact": contact, "obj-text": "研发场地与申报不符。"},
        REMOTE_ADDR=ip,
    )


def _api_post(client, item, ip="10.0.0.1"):
    data = {"notice": item.notice_id, "item": item.pk, "name": NAME, "contact": CONTACT, "text": "异议。"}
    return client.post("/api/v1/objections", data, REMOTE_ADDR=ip)


# --- 5. rate limit -----------------------------------------------------------------------------------------
def test_sixth_objection_from_one_address_in_an_hour_is_refused_on_the_page_and_nothing_is_saved(
    client, open_item
):
    admin = region_admin()
    for _ in range(5):
        assert _web_post(client, open_item).status_code == 302
    before = (Objection.objects.count(), Obligation.objects.count(), Notification.objects.count())
    audit_before = AuditEvent.objects.count()

    response = _web_post(client, open_item)

    assert response.status_code == 429
    html = response.content.decode()
    assert "提交异议过于频繁：同一网络地址每60分钟最多提交5件异议，请稍后再试。" in html
    assert (Objection.objects.count(), Obligation.objects.count(), Notification.objects.count()) == before
    assert before[0] == 5 and AuditEvent.objects.count() == audit_before
    assert Notification.objects.filter(recipient=admin).count() == before[2]


def test_sixth_objection_through_the_api_is_refused_with_429_and_nothing_is_saved(client, open_item):
    for _ in range(5):
        assert _api_post(client, open_item).status_code == 201
    response = _api_post(client, open_item)
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "rate_limited"
    assert [f["code"] for f in body["findings"]] == ["objection.rate_limited"]
    assert body["message"] == "提交异议过于频繁：同一网络地址每60分钟最多提交5件异议，请稍后再试。"
    assert Objection.objects.count() == 5


def test_the_limit_is_per_address_and_shared_by_page_and_api(client, open_item):
    for _ in range(3):
        assert _web_post(client, open_item).status_code == 302
    for _ in range(2):
        assert _api_post(client, open_item).status_code == 201
    assert _api_post(client, open_item).status_code == 429
    assert _web_post(client, open_item).status_code == 429
    assert _web_post(client, open_item, ip="10.0.0.2").status_code == 302
    assert Objection.objects.count() == 6


def test_refused_and_invalid_objections_do_not_count_against_the_limit(client, open_item):
    for _ in range(7):
        response = _web_post(client, open_item, contact="123")
        assert response.status_code == 200 and "请填写有效的手机号码" in response.content.decode()
    for _ in range(5):
        assert _web_post(client, open_item).status_code == 302
    assert _web_post(client, open_item).status_code == 429
    assert Objection.objects.count() == 5


def test_the_limit_is_read_from_settings(client, open_item, settings):
    settings.OBJECTION_RATE_LIMIT = "2/120"
    assert [_api_post(client, open_item).status_code for _ in range(3)] == [201, 201, 429]
    assert "每2分钟最多提交2件异议" in _api_post(client, open_item).json()["message"]


# --- 6. no personal data in the audit trail or obligations ------------------------------------------------
def test_objection_label_names_the_unit_not_the_objector(open_item):
    obj = objection(open_item, name=NAME)
    assert str(obj) == f"异议#{obj.pk}（{open_item.application.unit.name}）"


def test_no_audit_event_or_obligation_holds_the_objectors_name_or_contact(client, open_item):
    assert _web_post(client, open_item).status_code == 302
    obj = Objection.objects.get()
    assert (obj.name, obj.contact) == (NAME, CONTACT)
    objection_workflow.apply(obj, "dismiss", actor=region_admin(), comment="经核实，异议不成立。")

    events = list(AuditEvent.objects.filter(subject_type="establishment.objection"))
    assert [e.action for e in events] == ["create", "dismiss"]
    create = events[0]
    assert (create.diff["name"], create.diff["contact"]) == (["***", "***"], ["***", "***"])
    assert create.diff["text"] == [None, "研发场地与申报不符。"]
    obligations = list(Obligation.objects.filter(subject_type="establishment.objection"))
    assert len(obligations) == 1
    rows = [(e.subject_label, str(e.diff), e.comment) for e in AuditEvent.objects.all()]
    rows += [(o.subject_label, o.title, o.url) for o in obligations]
    for needle in (NAME, CONTACT, "巴特尔"):
        assert not any(needle in part for row in rows for part in row), needle


# --- 19. one notice rule ------------------------------------------------------------------------------------
PUBLISHED, ENDS = date(2026, 3, 2), date(2026, 3, 6)


@pytest.mark.parametrize(
    ("day", "open_"),
    [(date(2026, 3, 1), False), (PUBLISHED, True), (ENDS, True), (date(2026, 3, 7), False)],
    ids=["day-before", "first-day", "last-day", "day-after"],
)
def test_notice_open_from_the_first_to_the_last_day_inclusive(day, open_):
    assert notice_open(PUBLISHED, ENDS, day) is open_


@pytest.mark.parametrize(
    ("day", "pending", "failed"),
    [
        (ENDS, 0, ["art11.3.notice_running"]),
        (ENDS, 1, ["art11.3.notice_running", "art11.3.objection_pending"]),
        (date(2026, 3, 7), 0, []),
        (date(2026, 3, 7), 1, ["art11.3.objection_pending"]),
    ],
    ids=["last-day", "last-day-pending", "day-after", "day-after-pending"],
)
def test_filing_allowed_only_after_the_notice_and_with_no_pending_objection(day, pending, failed):
    findings = check_filing_allowed(ENDS, day, pending)
    assert [f.code for f in findings] == ["art11.3.notice_running", "art11.3.objection_pending"]
    assert [f.code for f in findings if not f.ok] == failed
    assert {f.article for f in findings} == {"第十一条第（三）项"}


def test_filing_refused_for_an_application_never_in_notice():
    findings = check_filing_allowed(None, date(2026, 3, 7), 0)
    assert [(f.ok, f.code, str(f.message)) for f in findings] == [
        (False, "art11.3.not_in_notice", "该申请未列入公示。")
    ]


def test_running_notice_message_names_the_end_date():
    finding = check_filing_allowed(ENDS, ENDS, 0)[0]
    assert str(finding.message) == "公示期至2026年3月6日结束，期满后方可备案。"


def test_model_and_objection_window_follow_the_rule(open_item):
    notice = open_item.notice
    assert [notice.is_open_on(notice.published_on + timedelta(days=d)) for d in (-1, 0, 7, 8)] == [
        False, True, True, False,
    ]  # fmt: skip


# --- 14. set-based filing preview, same answer as the guard -------------------------------------------------
def _mixed_round(n):
    round_ = RoundFactory(state="closed")
    past, today = timezone.localdate() - timedelta(days=2), timezone.localdate()
    items = [in_notice(passed_application(round_), ends_on=past) for _ in range(n)]
    objection(items[0])  # pending objection
    items.append(in_notice(passed_application(round_), ends_on=today))  # notice still running
    return round_, items


def test_preview_agrees_with_the_file_guard():
    admin = region_admin()
    round_, items = _mixed_round(3)
    preview = {p.application.pk: [f.code for f in p.findings] for p in notices.filing_preview(actor=admin,
                                                                                              round_=round_)}  # fmt: skip
    results = notices.filing_execute(
        actor=admin, round_=round_, application_ids=[i.application_id for i in items]
    )
    assert {r.application.pk: [f.code for f in r.findings] for r in results} == preview
    assert list(preview.values()) == [["art11.3.objection_pending"], [], [], ["art11.3.notice_running"]]


@pytest.mark.parametrize("rows", [1, 20])
def test_filing_preview_page_query_count_does_not_grow(client, django_assert_num_queries, rows):
    round_, items = _mixed_round(rows)
    client.force_login(region_admin())
    ContentType.objects.get_for_model(round_)  # cached once per process in production
    # session, user, assignments, round, candidates (notice + pending count), bases; the documents card: the
    # round readable (the filing notice's kind), may issue it (bases filed), the issued documents
    with django_assert_num_queries(9):
        response = client.get(reverse("establishment:filing", args=[round_.pk]))
    assert response.status_code == 200
    assert_rows_shown(response, [i.application.unit.name for i in items])


# --- 20. one objection scope for web and API, objector masked ---------------------------------------------
def test_unit_admin_sees_own_objections_masked_on_the_list_page_and_in_the_api(client, open_item):
    obj = objection(open_item, name=NAME, contact=CONTACT)
    other = objection(in_notice(passed_application(), ends_on=timezone.localdate() + timedelta(days=3)))
    client.force_login(user_with_role(Role.UNIT_ADMIN, open_item.application.unit))

    html = client.get(reverse("establishment:objection_list")).content.decode()
    assert f'data-objection="{obj.pk}"' in html and f'data-objection="{other.pk}"' not in html
    assert "巴*" in html and "139****5678" in html and NAME not in html and CONTACT not in html

    body = client.get("/api/v1/objections").json()
    assert [(o["id"], o["name"], o["contact"]) for o in body["items"]] == [(obj.pk, "巴*", "139****5678")]
    assert client.get(f"/api/v1/objections/{other.pk}").status_code == 404


def test_region_admin_sees_the_objector_in_full_on_the_list_page_and_in_the_api(client, open_item):
    objection(open_item, name=NAME, contact=CONTACT)
    client.force_login(region_admin())
    html = client.get(reverse("establishment:objection_list")).content.decode()
    assert NAME in html and CONTACT in html
    assert [(o["name"], o["contact"]) for o in client.get("/api/v1/objections").json()["items"]] == [
        (NAME, CONTACT)
    ]


@pytest.mark.parametrize(
    ("who", "visible", "full"),
    [
        ("region", True, True),
        ("own_unit", True, False),
        ("other_unit", False, False),
        ("bureau", False, False),
    ],
)
def test_objection_selectors_decide_scope_and_masking(open_item, who, visible, full):
    obj = objection(open_item)
    unit = open_item.application.unit
    user = {
        "region": lambda: region_admin(),
        "own_unit": lambda: user_with_role(Role.UNIT_ADMIN, unit),
        "other_unit": lambda: user_with_role(Role.UNIT_ADMIN, passed_application().unit),
        "bureau": lambda: user_with_role(Role.BUREAU_OFFICER, unit.bureau),
    }[who]()
    assert selectors.objections_visible_to(user).filter(pk=obj.pk).exists() is visible
    assert selectors.objector_visible_to(user) is full


# --- issue 9 item 3: refused submissions are bounded and leave nothing behind ----------------------------
def _pdf_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import PDF_BYTES

    return SimpleUploadedFile("证据.pdf", PDF_BYTES, content_type="application/pdf")


def _stored_files(settings) -> list:
    """Objection uploads in storage (the application in notice has its own attachments elsewhere)."""
    from pathlib import Path

    root = Path(settings.MEDIA_ROOT) / "objections"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def test_an_objection_that_fails_after_its_upload_is_stored_leaves_no_row_and_no_file(
    client, open_item, settings, monkeypatch
):
    def broken_record(**kwargs):
        raise RuntimeError("audit store unavailable")

    monkeypatch.setattr(notices.audit, "record", broken_record)
    with pytest.raises(RuntimeError):
        notices.objection_create(
            notice=open_item.notice, item_id=open_item.pk, name=NAME, contact=CONTACT, text="异议。",
            uploaded=_pdf_upload(), client_ip="10.0.0.9",
        )  # fmt: skip
    assert Objection.objects.count() == 0
    assert _stored_files(settings) == []


def test_an_upload_with_an_invalid_objection_is_refused_without_a_file(client, open_item, settings):
    data = {
        "notice": open_item.notice_id,
        "item": open_item.pk,
        "name": NAME,
        "contact": "123",
        "text": "异议。",
    }
    response = client.post(
        "/api/v1/objections", {**data, "attachment": _pdf_upload()}, REMOTE_ADDR="10.0.0.3"
    )
    assert response.status_code == 422
    assert Objection.objects.count() == 0
    assert _stored_files(settings) == []


def test_refused_submissions_from_one_address_are_bounded_too(client, open_item, settings):
    for _ in range(20):
        assert _web_post(client, open_item, contact="123").status_code == 200
    response = _api_post(client, open_item)
    assert response.status_code == 429
    assert response.json()["message"] == (
        "提交次数过多：同一网络地址每60分钟最多提交20次（含未受理的提交），请稍后再试。"
    )
    assert _api_post(client, open_item, ip="10.0.0.2").status_code == 201
    assert Objection.objects.count() == 1


def test_uploads_go_through_the_storage_api_so_another_backend_can_be_configured(client, open_item, settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    }
    data = {
        "notice": open_item.notice_id,
        "item": open_item.pk,
        "name": NAME,
        "contact": CONTACT,
        "text": "异议。",
    }
    response = client.post(
        "/api/v1/objections", {**data, "attachment": _pdf_upload()}, REMOTE_ADDR="10.0.0.4"
    )
    assert response.status_code == 201
    assert _stored_files(settings) == []  # nothing on the local disk: the configured backend holds it
    objection = Objection.objects.get()
    client.force_login(region_admin())
    download = client.get(reverse("establishment:objection_attachment", args=[objection.pk]))
    assert download.status_code == 200
    from tests.factories import PDF_BYTES

    assert b"".join(download.streaming_content) == PDF_BYTES
