"""Writes for rounds and applications: who may make them, what they refuse, and the audit event each leaves."""

import io
import struct
import zipfile
import zlib
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from postdoc_base.establishment import services
from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.establishment.enums import AttachmentKind, RoundState
from postdoc_base.establishment.models import (
    Attachment,
    BaseApplication,
    PreliminaryReview,
    PriorityClaim,
    Round,
)
from postdoc_base.kernel.models import AuditEvent, Obligation
from postdoc_base.kernel.workflow import TransitionRefused
from tests.factories import PDF_BYTES, RoundFactory, UnitFactory
from tests.factories.world import (
    application_in,
    complete_review,
    events_for,
    fast_passwords,
    fresh,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]
__all__ = ["fast_passwords"]


def _codes(exc) -> list[str]:
    return [f.code for f in exc.value.findings]


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1x1, 8-bit greyscale
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\x00"))
        + chunk(b"IEND", b"")
    )


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'wordprocessingml.document.main+xml"/></Types>',
        )
        zf.writestr(
            "word/document.xml",
            '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            "<w:body><w:p><w:r><w:t>合作意向书</w:t></w:r></w:p></w:body></w:document>",
        )
    return buffer.getvalue()


def _zip_without_word() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("readme.txt", "not a document")
    return buffer.getvalue()


# --- rounds ------------------------------------------------------------------------------------------------
def test_region_admin_creates_a_draft_round_with_an_audit_event(world):
    admin = fresh(world["region_admin"])
    round_ = services.round_create(actor=admin, name="2027年第一批", year=2027,
                                   application_deadline=date(2027, 3, 31), review_deadline=date(2027, 4, 30))  # fmt: skip
    assert (round_.state, round_.year, round_.application_deadline) == (
        RoundState.DRAFT,
        2027,
        date(2027, 3, 31),
    )
    [event] = events_for(round_)
    assert (event.action, event.role, event.scope, event.to_state) == (
        "create",
        "region_admin",
        "全区",
        "draft",
    )
    assert event.diff["name"] == [None, "2027年第一批"]


@pytest.mark.parametrize("who", ["bureau_own", "dept_own", "local_admin", "station", "expert"])
def test_only_the_region_admin_creates_or_updates_rounds(world, who):
    user = fresh(world[who])
    with pytest.raises(TransitionRefused) as exc:
        services.round_create(actor=user, name="非法批次", year=2027,
                              application_deadline=date(2027, 3, 31), review_deadline=date(2027, 4, 30))  # fmt: skip
    assert _codes(exc) == ["kernel.not_permitted"]
    round_ = RoundFactory(name="原名")
    with pytest.raises(TransitionRefused) as exc:
        services.round_update(actor=user, round_=round_, name="改名")
    assert _codes(exc) == ["kernel.not_permitted"]
    assert list(Round.objects.values_list("name", flat=True)) == ["原名"]
    assert AuditEvent.objects.count() == 0


def test_round_dates_must_be_in_order(world):
    with pytest.raises(ValidationError) as exc:
        services.round_create(actor=fresh(world["region_admin"]), name="x", year=2027,
                              application_deadline=date(2027, 3, 31), review_deadline=date(2027, 3, 30))  # fmt: skip
    assert list(exc.value.message_dict) == ["review_deadline"]
    assert Round.objects.count() == 0


def test_round_name_is_unique(world):
    RoundFactory(name="2027年第一批")
    with pytest.raises(ValidationError) as exc:
        services.round_create(actor=fresh(world["region_admin"]), name="2027年第一批", year=2027,
                              application_deadline=date(2027, 3, 31), review_deadline=date(2027, 4, 30))  # fmt: skip
    assert list(exc.value.message_dict) == ["name"]
    assert AuditEvent.objects.count() == 0


def test_round_update_moves_open_obligation_due_dates_and_is_audited(world):
    app = application_in(world, world.local_unit)
    new_deadline = timezone.localdate() + timedelta(days=40)
    services.round_update(actor=fresh(world["region_admin"]), round_=app.round, application_deadline=new_deadline,
                          review_deadline=new_deadline + timedelta(days=10))  # fmt: skip
    assert Obligation.objects.get(subject_id=str(app.pk), kind="application_submit").due_on == new_deadline
    [event] = events_for(app.round)
    assert event.action == "update"
    assert sorted(event.diff) == ["application_deadline", "review_deadline"]


def test_round_update_refuses_dates_out_of_order_and_changes_nothing(world):
    round_ = RoundFactory()
    before = Round.objects.get(pk=round_.pk).review_deadline
    with pytest.raises(ValidationError):
        services.round_update(actor=fresh(world["region_admin"]), round_=round_,
                              review_deadline=round_.application_deadline - timedelta(days=1))  # fmt: skip
    assert Round.objects.get(pk=round_.pk).review_deadline == before
    assert AuditEvent.objects.count() == 0


# --- application_create ----------------------------------------------------------------------------------
def test_unit_admin_creates_an_application_in_an_open_round(world):
    round_ = RoundFactory()
    admin = fresh(world["local_admin"])
    app = services.application_create(actor=admin, round_=round_, unit=world.local_unit)
    assert (app.state, app.round_id, app.unit_id, app.created_by_id) == (
        S.DRAFT,
        round_.pk,
        world.local_unit.pk,
        admin.pk,
    )
    assert (app.contact_name, app.contact_phone) == ("联系人", "0471-0000000")
    [event] = events_for(app)
    assert (event.action, event.role, event.scope, event.to_state) == (
        "create",
        "unit_admin",
        "呼和浩特本地公司",
        "draft",
    )
    assert list(Obligation.objects.filter(subject_id=str(app.pk)).values_list("kind", "status")) == [
        ("application_submit", "open")
    ]


@pytest.mark.parametrize("state", [RoundState.DRAFT, RoundState.CLOSED])
def test_application_create_refused_outside_an_open_round(world, state):
    with pytest.raises(TransitionRefused) as exc:
        services.application_create(actor=fresh(world["local_admin"]), round_=RoundFactory(state=state),
                                    unit=world.local_unit)  # fmt: skip
    assert _codes(exc) == ["art11.round_not_open"]
    assert BaseApplication.objects.count() == 0


@pytest.mark.parametrize("who", ["unit_other", "region_admin", "bureau_own", "dept_own", "station", "expert"])
def test_application_create_refused_for_anyone_but_the_units_admin(world, who):
    with pytest.raises(TransitionRefused) as exc:
        services.application_create(actor=fresh(world[who]), round_=RoundFactory(), unit=world.local_unit)
    assert _codes(exc) == ["kernel.not_permitted"]
    assert BaseApplication.objects.count() == 0
    assert AuditEvent.objects.count() == 0


def test_second_application_of_a_unit_in_a_round_is_refused_and_nothing_changes(world):
    round_ = RoundFactory()
    admin = fresh(world["local_admin"])
    first = services.application_create(actor=admin, round_=round_, unit=world.local_unit)
    counts = (BaseApplication.objects.count(), AuditEvent.objects.count(), Obligation.objects.count())

    with pytest.raises(TransitionRefused) as exc:
        services.application_create(actor=admin, round_=round_, unit=world.local_unit)

    assert _codes(exc) == ["art11.duplicate"]
    assert (BaseApplication.objects.count(), AuditEvent.objects.count(), Obligation.objects.count()) == counts
    assert list(BaseApplication.objects.values_list("pk", flat=True)) == [first.pk]
    # The same unit may apply in another round (once this one is closed: one round is open at a time).
    Round.objects.filter(pk=round_.pk).update(state="closed")
    services.application_create(actor=admin, round_=RoundFactory(state="open"), unit=world.local_unit)
    assert BaseApplication.objects.count() == 2


# --- application_update ----------------------------------------------------------------------------------
@pytest.mark.parametrize("state", [S.DRAFT, S.RETURNED])
def test_applicant_updates_a_draft_or_returned_application(world, state):
    app = application_in(world, world.local_unit, state)
    researchers = [{"name": "乌云·其其格", "title": "研究员", "field": "稀土材料"}]
    services.application_update(actor=fresh(world["local_admin"]), app=app,
                                fields={"planned_recruits": 3, "state": "at_region", "unit_id": 999},
                                researchers=researchers, projects=[{"title": "稀土功能材料"}])  # fmt: skip
    app = BaseApplication.objects.get(pk=app.pk)
    assert (app.planned_recruits, app.state, app.unit_id) == (3, state, world.local_unit.pk)
    assert list(app.researchers.values_list("name", flat=True)) == ["乌云·其其格"]
    assert list(app.projects.values_list("title", flat=True)) == ["稀土功能材料"]
    [event] = [e for e in events_for(app) if e.action == "update"]
    assert event.diff["planned_recruits"] == [2, 3]
    assert event.diff["projects"] == [
        [{"title": "煤基新材料关键技术研究", "summary": ""}],
        [{"title": "稀土功能材料"}],
    ]
    assert "state" not in event.diff


@pytest.mark.parametrize(
    "state", [S.DEPT_REVIEW, S.BUREAU_REVIEW, S.RECOMMENDED, S.AT_REGION, S.REJECTED, S.WITHDRAWN]
)
def test_application_update_refused_once_out_of_the_applicants_hands(world, state):
    app = application_in(world, world.local_unit, state)
    with pytest.raises(TransitionRefused) as exc:
        services.application_update(
            actor=fresh(world["local_admin"]), app=app, fields={"planned_recruits": 9}
        )
    assert _codes(exc) == ["kernel.wrong_state"]
    assert BaseApplication.objects.get(pk=app.pk).planned_recruits == 2
    assert events_for(app) == []


@pytest.mark.parametrize("who", ["unit_other", "region_admin", "bureau_own", "dept_own"])
def test_application_update_refused_for_anyone_but_the_applicant(world, who):
    app = application_in(world, world.local_unit)
    with pytest.raises(TransitionRefused) as exc:
        services.application_update(actor=fresh(world[who]), app=app, fields={"planned_recruits": 9})
    assert _codes(exc) == ["kernel.not_permitted"]
    assert BaseApplication.objects.get(pk=app.pk).planned_recruits == 2


# --- attachments -----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "content", "ext", "content_type"),
    [
        ("意向书.pdf", PDF_BYTES, "pdf", "application/pdf"),
        ("照片.png", None, "png", "image/png"),
        ("照片.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 20 + b"\xff\xd9", "jpg", "image/jpeg"),
        (
            "办法.docx",
            "docx",
            "docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_attachment_add_accepts_allowed_types_by_content(world, name, content, ext, content_type):
    data = {None: _png(), "docx": _docx()}.get(content, content)
    app = application_in(world, world.local_unit)
    attachment = services.attachment_add(actor=fresh(world["local_admin"]), app=app, kind=AttachmentKind.OTHER,
                                         uploaded=SimpleUploadedFile(name, data))  # fmt: skip
    assert (attachment.original_name, attachment.content_type, attachment.size) == (
        name,
        content_type,
        len(data),
    )
    assert attachment.file.name.endswith(f".{ext}")
    assert name not in attachment.file.name
    with attachment.file.open("rb") as fh:
        assert fh.read() == data
    event = events_for(app)[-1]
    assert event.action == "attachment_add"
    assert event.diff["attachment"][1]["name"] == name


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("伪装.pdf", "这是一段文本，不是PDF。".encode()),
        ("脚本.png", b"<script>alert(1)</script>"),
        ("压缩包.docx", b"zip"),  # replaced below by a zip without word/document.xml
        ("程序.pdf", b"MZ\x90\x00\x03\x00\x00\x00"),
    ],
)
def test_attachment_add_refuses_content_that_is_not_an_allowed_type(world, name, data):
    if data == b"zip":
        data = _zip_without_word()
    app = application_in(world, world.local_unit)
    attachments_before = Attachment.objects.count()
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=fresh(world["local_admin"]), app=app, kind=AttachmentKind.OTHER,
                                uploaded=SimpleUploadedFile(name, data))  # fmt: skip
    assert exc.value.code == "bad_type"
    assert Attachment.objects.count() == attachments_before
    assert events_for(app) == []


def test_attachment_add_refuses_an_oversize_file(world, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    app = application_in(world, world.local_unit)
    big = PDF_BYTES + b"0" * 1024
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=fresh(world["local_admin"]), app=app, kind=AttachmentKind.OTHER,
                                uploaded=SimpleUploadedFile("大.pdf", big))  # fmt: skip
    assert exc.value.code == "too_large"
    exactly = PDF_BYTES + b"0" * (1024 - len(PDF_BYTES))
    services.attachment_add(actor=fresh(world["local_admin"]), app=app, kind=AttachmentKind.OTHER,
                            uploaded=SimpleUploadedFile("刚好.pdf", exactly))  # fmt: skip


def test_attachment_add_refuses_an_empty_file(world):
    app = application_in(world, world.local_unit)
    with pytest.raises(ValidationError) as exc:
        services.attachment_add(actor=fresh(world["local_admin"]), app=app, kind=AttachmentKind.OTHER,
                                uploaded=SimpleUploadedFile("空.pdf", b""))  # fmt: skip
    assert exc.value.code == "empty"


def test_attachment_add_refused_for_another_unit_and_after_submission(world):
    app = application_in(world, world.local_unit)
    with pytest.raises(TransitionRefused) as exc:
        services.attachment_add(actor=fresh(world["unit_other"]), app=app, kind=AttachmentKind.OTHER,
                                uploaded=SimpleUploadedFile("a.pdf", PDF_BYTES))  # fmt: skip
    assert _codes(exc) == ["kernel.not_permitted"]
    submitted = application_in(world, world.central_unit, S.DEPT_REVIEW)
    with pytest.raises(TransitionRefused) as exc:
        services.attachment_add(actor=fresh(world["central_admin"]), app=submitted, kind=AttachmentKind.OTHER,
                                uploaded=SimpleUploadedFile("a.pdf", PDF_BYTES))  # fmt: skip
    assert _codes(exc) == ["kernel.wrong_state"]


def test_attachment_remove_and_claims_are_audited(world, django_capture_on_commit_callbacks):
    admin = fresh(world["local_admin"])
    app = application_in(world, world.local_unit)
    attachment = services.attachment_add(actor=admin, app=app, kind=AttachmentKind.PRIORITY_EVIDENCE,
                                         uploaded=SimpleUploadedFile("证书.pdf", PDF_BYTES))  # fmt: skip
    claim = services.claim_add(actor=admin, app=app, category="platform", description="自治区工程技术研究中心",
                               year=None, evidence=attachment)  # fmt: skip
    services.claim_remove(actor=admin, claim=claim)
    stored = attachment.file.name
    storage = attachment.file.storage
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_remove(actor=admin, attachment=attachment)

    assert [e.action for e in events_for(app)] == [
        "attachment_add",
        "claim_add",
        "claim_remove",
        "attachment_remove",
    ]
    assert not PriorityClaim.objects.exists()
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not storage.exists(stored)


def test_claim_evidence_must_belong_to_the_same_application(world):
    admin = fresh(world["local_admin"])
    app = application_in(world, world.local_unit)
    other = application_in(world, world.local_unit)
    foreign = other.attachments.get()
    with pytest.raises(ValidationError) as exc:
        services.claim_add(
            actor=admin, app=app, category="platform", description="平台", year=None, evidence=foreign
        )
    assert list(exc.value.message_dict) == ["evidence"]
    assert not PriorityClaim.objects.exists()


# --- preliminary review and ranking ----------------------------------------------------------------------
def test_preliminary_review_is_saved_by_the_units_bureau_only_and_audited(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    kwargs = dict(app=app, condition_checks={"1": True, "2": True, "3": True, "4": True, "5": True, "9": True},
                  condition_comments={"3": "导师3名"}, inspection="已考察。", inspected_on=date(2026, 11, 20),
                  recommendation="同意推荐。")  # fmt: skip
    with pytest.raises(TransitionRefused) as exc:
        services.preliminary_review_save(actor=fresh(world["bureau_other"]), **kwargs)
    assert _codes(exc) == ["kernel.not_permitted"]

    review = services.preliminary_review_save(actor=fresh(world["bureau_own"]), **kwargs)

    assert review.condition_checks == {"1": True, "2": True, "3": True, "4": True, "5": True}
    assert events_for(app)[-1].action == "preliminary_review_save"


def test_preliminary_review_refused_outside_the_bureau_stage(world):
    app = application_in(world, world.local_unit, S.AT_REGION)
    with pytest.raises(TransitionRefused) as exc:
        services.preliminary_review_save(actor=fresh(world["bureau_own"]), app=app, condition_checks={},
                                         condition_comments={}, inspection="", inspected_on=None,
                                         recommendation="")  # fmt: skip
    assert _codes(exc) == ["kernel.wrong_state"]
    assert not PreliminaryReview.objects.exists()


# --- bureau batch submission (Art. 11(2)) ----------------------------------------------------------------
@pytest.fixture
def batch(world):
    """Three recommended local applications of 呼和浩特市 in one open round, ranked 2, 1, 3."""
    round_ = RoundFactory()
    apps = []
    for rank in (2, 1, 3):
        unit = UnitFactory(bureau=world.hohhot)
        app = application_in(world, unit, S.RECOMMENDED, round_=round_)
        complete_review(app, rank=rank)
        apps.append(app)
    return round_, apps


def test_batch_submit_forwards_every_recommended_application_in_rank_order(world, batch):
    round_, apps = batch
    events_before = AuditEvent.objects.count()

    done = services.bureau_batch_submit(actor=fresh(world["bureau_own"]), round_=round_, bureau_id=world.hohhot.pk,
                                        comment="按排序报送。")  # fmt: skip

    assert [a.pk for a in done] == [apps[1].pk, apps[0].pk, apps[2].pk]
    assert set(BaseApplication.objects.filter(round=round_).values_list("state", flat=True)) == {S.AT_REGION}
    assert all(a.forwarded_at is not None for a in BaseApplication.objects.filter(round=round_))
    new = list(AuditEvent.objects.filter(seq__gt=events_before).order_by("seq"))
    assert [(e.subject_id, e.action, e.from_state, e.to_state, e.comment) for e in new] == [
        (str(a.pk), "bureau_forward", "recommended", "at_region", "按排序报送。") for a in done
    ]


def test_batch_submit_refused_while_an_application_awaits_the_bureaus_decision(world, batch):
    round_, apps = batch
    application_in(world, UnitFactory(bureau=world.hohhot), S.BUREAU_REVIEW, round_=round_)
    with pytest.raises(TransitionRefused) as exc:
        services.bureau_batch_submit(
            actor=fresh(world["bureau_own"]), round_=round_, bureau_id=world.hohhot.pk
        )
    assert _codes(exc) == ["art11.2.pending"]
    assert str(exc.value.findings[0].message) == "还有1份申请尚未作出初审结论，请先逐一推荐、退回或不予推荐。"
    assert set(
        BaseApplication.objects.filter(pk__in=[a.pk for a in apps]).values_list("state", flat=True)
    ) == {S.RECOMMENDED}


@pytest.mark.parametrize(
    ("ranks", "code"),
    [
        ((1, 3, 4), "art11.2.ranking_gap"),
        ((1, 1, 2), "art11.2.ranking_duplicate"),
        ((1, None, 2), "art11.2.ranking_missing"),
    ],
)
def test_batch_submit_refused_with_a_bad_ranking(world, batch, ranks, code):
    round_, apps = batch
    for app, rank in zip(apps, ranks, strict=True):
        PreliminaryReview.objects.filter(application=app).update(rank=rank)
    events_before = AuditEvent.objects.count()
    with pytest.raises(TransitionRefused) as exc:
        services.bureau_batch_submit(
            actor=fresh(world["bureau_own"]), round_=round_, bureau_id=world.hohhot.pk
        )
    assert _codes(exc) == [code]
    assert AuditEvent.objects.count() == events_before
    assert set(BaseApplication.objects.filter(round=round_).values_list("state", flat=True)) == {
        S.RECOMMENDED
    }


def test_batch_submit_refused_with_nothing_recommended(world):
    round_ = RoundFactory()
    with pytest.raises(TransitionRefused) as exc:
        services.bureau_batch_submit(
            actor=fresh(world["bureau_own"]), round_=round_, bureau_id=world.hohhot.pk
        )
    assert _codes(exc) == ["art11.2.nothing"]


def test_batch_submit_refused_for_another_bureaus_officer(world, batch):
    round_, _apps = batch
    with pytest.raises(TransitionRefused) as exc:
        services.bureau_batch_submit(
            actor=fresh(world["bureau_other"]), round_=round_, bureau_id=world.hohhot.pk
        )
    assert _codes(exc) == ["kernel.not_permitted"]
    assert set(BaseApplication.objects.filter(round=round_).values_list("state", flat=True)) == {
        S.RECOMMENDED
    }


def test_batch_leaves_out_other_rounds_and_region_level_units(world, batch):
    round_, apps = batch
    elsewhere = application_in(world, UnitFactory(bureau=world.hohhot), S.RECOMMENDED)  # its own round
    complete_review(elsewhere, rank=1)
    services.bureau_batch_submit(actor=fresh(world["bureau_own"]), round_=round_, bureau_id=world.hohhot.pk)
    assert BaseApplication.objects.get(pk=elsewhere.pk).state == S.RECOMMENDED


def test_rank_set_records_each_change(world, batch):
    round_, apps = batch
    services.recommendation_rank_set(actor=fresh(world["bureau_own"]), round_=round_, bureau_id=world.hohhot.pk,
                                     ranks={apps[0].pk: 1, apps[1].pk: 2, apps[2].pk: 3})  # fmt: skip
    assert [PreliminaryReview.objects.get(application=a).rank for a in apps] == [1, 2, 3]
    changed = [(e.subject_id, e.diff) for e in AuditEvent.objects.filter(action="rank_set").order_by("seq")]
    assert sorted(changed) == sorted(
        [(str(apps[0].pk), {"rank": [2, 1]}), (str(apps[1].pk), {"rank": [1, 2]})]
    )


def test_rank_set_refused_for_another_bureau(world, batch):
    round_, apps = batch
    with pytest.raises(TransitionRefused) as exc:
        services.recommendation_rank_set(actor=fresh(world["bureau_other"]), round_=round_,
                                         bureau_id=world.hohhot.pk, ranks={apps[0].pk: 1})  # fmt: skip
    assert _codes(exc) == ["kernel.not_permitted"]
    assert PreliminaryReview.objects.get(application=apps[0]).rank == 2


def test_preliminary_review_keeps_only_the_five_art9_item_keys(world):
    app = application_in(world, world.local_unit, S.BUREAU_REVIEW)
    review = services.preliminary_review_save(
        actor=fresh(world["bureau_own"]),
        app=app,
        condition_checks={
            1: True,
            "2": True,
            "3": True,
            "4": True,
            "5": True,
            "12": False,
            "": False,
            "345": False,
        },
        condition_comments={"": "无", "12": "x", "5": "年薪15万元"},
        inspection="已考察。",
        inspected_on=date(2026, 11, 20),
        recommendation="同意推荐。",
    )
    assert review.condition_checks == {"1": True, "2": True, "3": True, "4": True, "5": True}
    assert review.condition_comments == {"5": "年薪15万元"}
