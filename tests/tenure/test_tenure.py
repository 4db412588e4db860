"""Cooperation agreements (Art. 8), research topics and the public topics board (Arts. 3, 12)."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.tenure.recruitment import services
from postdoc_base.tenure.recruitment.enums import AgreementState, InterestState, TopicKind, TopicState
from postdoc_base.tenure.recruitment.models import CooperationAgreement, ResearchTopic, TopicInterest
from postdoc_base.tenure.recruitment.workflow import agreement_workflow, interest_workflow, topic_workflow
from tests.factories import PDF_BYTES, StationFactory, bureau, user_with_role
from tests.factories.pages import assert_rows_shown, json_ids
from tests.factories.shared import once_per_module
from tests.factories.tenure import base_admin, make_agreement, make_base, make_topic, station_contact

pytestmark = pytest.mark.django_db


def pdf(name="cv.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def _build_world():
    """Two bases in two bureaus, each with its admin, a station and its contact; plus region and bureaus."""
    hohhot, baotou = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    st1, st2 = StationFactory(), StationFactory()
    return {
        "base1": hohhot, "base2": baotou, "st1": st1, "st2": st2,
        "admin1": base_admin(hohhot), "admin2": base_admin(baotou),
        "contact1": station_contact(st1), "contact2": station_contact(st2),
        "region": user_with_role(Role.REGION_ADMIN),
        "officer1": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "officer2": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
    }  # fmt: skip


shared_world = once_per_module(_build_world)


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


# --- agreements ----------------------------------------------------------------------------------------
def test_agreement_becomes_active_once_both_parties_confirm_in_either_order(world):
    a = make_agreement(world["base1"], world["st1"])
    a = agreement_workflow.apply(a, "base_confirm", actor=world["admin1"])
    assert a.state == AgreementState.BASE_CONFIRMED
    a = agreement_workflow.apply(a, "station_confirm", actor=world["contact1"])
    assert a.state == AgreementState.ACTIVE
    b = make_agreement(world["base1"], world["st1"])
    b = agreement_workflow.apply(b, "station_confirm", actor=world["contact1"])
    assert b.state == AgreementState.STATION_CONFIRMED
    assert agreement_workflow.apply(b, "base_confirm", actor=world["admin1"]).state == AgreementState.ACTIVE


@pytest.mark.parametrize(
    "action, who, allowed",
    [
        ("base_confirm", "admin1", True), ("base_confirm", "admin2", False), ("base_confirm", "contact1", False),
        ("base_confirm", "region", False), ("base_confirm", "officer1", False),
        ("station_confirm", "contact1", True), ("station_confirm", "contact2", False),
        ("station_confirm", "admin1", False), ("station_confirm", "region", False),
    ],
)  # fmt: skip
def test_agreement_confirmation_by_role(world, action, who, allowed):
    a = make_agreement(world["base1"], world["st1"])
    if allowed:
        assert agreement_workflow.apply(a, action, actor=world[who]).state != AgreementState.DRAFT
    else:
        with pytest.raises(TransitionRefused) as refused:
            agreement_workflow.apply(a, action, actor=world[who])
        assert refused.value.findings[0].code == "kernel.not_permitted"
        a.refresh_from_db()
        assert a.state == AgreementState.DRAFT


@pytest.mark.parametrize(
    "who, allowed",
    [("admin1", True), ("contact1", True), ("admin2", False), ("contact2", False), ("region", False)],
)
def test_agreement_end_by_either_party_with_comment(world, who, allowed):
    a = make_agreement(world["base1"], world["st1"], state=AgreementState.ACTIVE)
    if allowed:
        with pytest.raises(TransitionRefused) as refused:
            agreement_workflow.apply(a, "end", actor=world[who])
        assert refused.value.findings[0].code == "kernel.comment_required"
        assert (
            agreement_workflow.apply(a, "end", actor=world[who], comment="合作到期").state
            == AgreementState.ENDED
        )
    else:
        with pytest.raises(TransitionRefused):
            agreement_workflow.apply(a, "end", actor=world[who], comment="合作到期")


def test_agreement_cannot_end_before_it_is_active(world):
    a = make_agreement(world["base1"], world["st1"])
    with pytest.raises(TransitionRefused) as refused:
        agreement_workflow.apply(a, "end", actor=world["admin1"], comment="x")
    assert refused.value.findings[0].code == "kernel.wrong_state"


def test_agreement_create_checks_dates_document_and_actor(world):
    kwargs = {"base": world["base1"], "station": world["st1"], "starts_on": date(2027, 1, 1),
              "ends_on": date(2029, 1, 1), "supervisors_offered": 2}  # fmt: skip
    with pytest.raises(TransitionRefused):
        services.agreement_create(actor=world["admin2"], **kwargs)
    with pytest.raises(Exception) as bad:
        services.agreement_create(actor=world["admin1"], **{**kwargs, "ends_on": date(2026, 1, 1)},
                                  uploaded=SimpleUploadedFile("a.pdf", b"MZ not a pdf"))  # fmt: skip
    assert set(bad.value.message_dict) == {"ends_on", "document"}
    assert CooperationAgreement.objects.count() == 0
    a = services.agreement_create(actor=world["admin1"], uploaded=pdf("协议.pdf"), **kwargs)
    assert (a.document_name, a.document_type, a.state) == (
        "协议.pdf",
        "application/pdf",
        AgreementState.DRAFT,
    )
    assert AuditEvent.objects.filter(subject_id=str(a.pk), action="create").count() == 1


def test_agreement_pages_create_confirm_and_show_timeline(world):
    c = login(world["admin1"])
    response = c.post(reverse("tenure:agreement_create"), {
        "base": world["base1"].pk, "station": world["st1"].pk, "starts_on": "2027-01-01",
        "ends_on": "2029-12-31", "supervisors_offered": "3", "document": pdf("协议.pdf"),
    })  # fmt: skip
    a = CooperationAgreement.objects.get()
    assert response.status_code == 302
    c.post(reverse("tenure:agreement_transition", args=[a.pk]), {"action": "base_confirm"})
    login(world["contact1"]).post(
        reverse("tenure:agreement_transition", args=[a.pk]), {"action": "station_confirm"}
    )
    a.refresh_from_db()
    assert a.state == AgreementState.ACTIVE
    html = c.get(a.get_absolute_url()).content.decode()
    assert "基地确认协议" in html and "流动站确认协议" in html
    assert c.get(reverse("tenure:agreement_document", args=[a.pk])).status_code == 200


@pytest.mark.parametrize(
    "who, sees",
    [("region", {1, 2}), ("officer1", {1}), ("officer2", {2}), ("admin1", {1}), ("admin2", {2}),
     ("contact1", {1}), ("contact2", {2})],
)  # fmt: skip
def test_agreement_scoping_through_pages_and_api(world, who, sees):
    a1 = make_agreement(world["base1"], world["st1"])
    a2 = make_agreement(world["base2"], world["st2"])
    ids = {1: a1.pk, 2: a2.pk}
    c = login(world[who])
    body = c.get("/api/v1/cooperation-agreements").json()
    assert ({i["id"] for i in body["items"]}, body["count"]) == ({ids[n] for n in sees}, len(sees))
    for n, pk in ids.items():
        expected = 200 if n in sees else 404
        assert c.get(reverse("tenure:agreement_detail", args=[pk])).status_code == expected
        assert c.get(f"/api/v1/cooperation-agreements/{pk}").status_code == expected
        assert c.get(f"/api/v1/cooperation-agreements/{pk}/history").status_code == expected
    html = c.get(reverse("tenure:agreement_list")).content.decode()
    assert (world["base2"].name in html) == (2 in sees)


def test_agreement_api_create_and_transition(world):
    c = login(world["admin1"])
    payload = {"base": world["base1"].pk, "station": world["st1"].pk, "starts_on": "2027-01-01",
               "ends_on": "2029-12-31", "supervisors_offered": 2}  # fmt: skip
    response = c.post("/api/v1/cooperation-agreements", payload, content_type="application/json")
    assert response.status_code == 201
    pk = response.json()["id"]
    assert login(world["admin2"]).post("/api/v1/cooperation-agreements", payload,
                                       content_type="application/json").status_code == 404  # fmt: skip
    r = c.post(f"/api/v1/cooperation-agreements/{pk}/transitions", {"action": "base_confirm"},
               content_type="application/json")  # fmt: skip
    assert r.json()["state"] == "base_confirmed"


# --- topics --------------------------------------------------------------------------------------------
def test_topic_publish_requires_title_description_and_pay(world):
    t = make_topic(world["base1"], description="", annual_pay_yuan=None)
    with pytest.raises(TransitionRefused) as refused:
        topic_workflow.apply(t, "publish", actor=world["admin1"])
    assert [f.code for f in refused.value.findings] == ["topic.no_description", "topic.no_pay"]
    ResearchTopic.objects.filter(pk=t.pk).update(description="简介", annual_pay_yuan=200000)
    t = topic_workflow.apply(t, "publish", actor=world["admin1"])
    assert (t.state, t.published_at is not None) == (TopicState.PUBLISHED, True)
    assert topic_workflow.apply(t, "close", actor=world["admin1"]).state == TopicState.CLOSED


@pytest.mark.parametrize("who", ["admin2", "contact1", "region", "officer1"])
def test_topic_publish_and_close_refused_for_others(world, who):
    t = make_topic(world["base1"])
    with pytest.raises(TransitionRefused):
        topic_workflow.apply(t, "publish", actor=world[who])
    p = make_topic(world["base1"], state=TopicState.PUBLISHED)
    with pytest.raises(TransitionRefused):
        topic_workflow.apply(p, "close", actor=world[who])


def test_topic_partner_station_needs_an_active_agreement_art8(world):
    with pytest.raises(Exception) as bad:
        services.topic_create(
            actor=world["admin1"], base=world["base1"], title="课题", station_id=world["st1"].pk
        )
    assert bad.value.message_dict["station"] == ["该流动站与本基地没有生效的合作协议，不能作为合作流动站。"]
    agreement = make_agreement(world["base1"], world["st1"], state=AgreementState.ACTIVE)
    t = services.topic_create(actor=world["admin1"], base=world["base1"], title="课题", description="简介",
                              annual_pay_yuan=200000, station_id=world["st1"].pk)  # fmt: skip
    CooperationAgreement.objects.filter(pk=agreement.pk).update(state=AgreementState.ENDED)
    with pytest.raises(TransitionRefused) as refused:
        topic_workflow.apply(t, "publish", actor=world["admin1"])
    assert [(f.code, f.article) for f in refused.value.findings] == [("art8.no_active_agreement", "第八条")]


def test_pay_below_c_tier_floor_is_a_warning_not_a_refusal(world):
    t = make_topic(world["base1"], annual_pay_yuan=1000)
    html = login(world["admin1"]).get(t.get_absolute_url()).content.decode()
    assert 'data-testid="pay-warning"' in html
    assert topic_workflow.apply(t, "publish", actor=world["admin1"]).state == TopicState.PUBLISHED
    assert services.pay_warning(make_topic(world["base1"], annual_pay_yuan=10_000_000)) is None


def test_topic_edit_only_in_draft_and_only_by_its_base(world):
    t = make_topic(world["base1"])
    with pytest.raises(TransitionRefused):
        services.topic_update(actor=world["admin2"], topic=t, title="改")
    assert services.topic_update(actor=world["admin1"], topic=t, title="新名称").title == "新名称"
    ResearchTopic.objects.filter(pk=t.pk).update(state=TopicState.PUBLISHED)
    t.refresh_from_db()
    with pytest.raises(TransitionRefused):
        services.topic_update(actor=world["admin1"], topic=t, title="再改")
    assert ResearchTopic.objects.get(pk=t.pk).title == "新名称"


def test_topic_pages_create_edit_and_publish(world):
    c = login(world["admin1"])
    data = {"base": world["base1"].pk, "kind": "technology", "title": "稀土冶炼", "fields_": "冶金",
            "description": "简介", "annual_pay_yuan": "200000", "term_months": "24"}  # fmt: skip
    assert c.post(reverse("tenure:topic_create"), data).status_code == 302
    t = ResearchTopic.objects.get()
    assert c.post(reverse("tenure:topic_edit", args=[t.pk]), {**data, "title": "稀土分离"}).status_code == 302
    c.post(reverse("tenure:topic_transition", args=[t.pk]), {"action": "publish"})
    t.refresh_from_db()
    assert (t.title, t.kind, t.state) == ("稀土分离", TopicKind.TECHNOLOGY, TopicState.PUBLISHED)


def test_topic_scoping_drafts_stay_with_their_base(world):
    draft = make_topic(world["base1"], title="草稿课题")
    published = make_topic(world["base2"], title="公开课题", state=TopicState.PUBLISHED)
    anon = Client()
    assert [i["id"] for i in anon.get("/api/v1/topics").json()["items"]] == [published.pk]
    assert anon.get(f"/api/v1/topics/{draft.pk}").status_code == 404
    assert login(world["admin2"]).get(f"/api/v1/topics/{draft.pk}").status_code == 404
    assert login(world["admin1"]).get(f"/api/v1/topics/{draft.pk}").status_code == 200
    assert login(world["admin2"]).get(reverse("tenure:topic_detail", args=[draft.pk])).status_code == 404
    assert anon.get(reverse("tenure_public:topic_detail", args=[draft.pk])).status_code == 404


def test_public_board_filters_by_kind_bureau_and_search(world):
    make_topic(world["base1"], title="乳品课题", kind=TopicKind.RESEARCH, state=TopicState.PUBLISHED)
    make_topic(world["base2"], title="稀土管理课题", kind=TopicKind.MANAGEMENT, state=TopicState.PUBLISHED)
    url = reverse("tenure_public:topic_list")
    c = Client()
    assert "乳品课题" in c.get(url).content.decode() and "稀土管理课题" in c.get(url).content.decode()
    html = c.get(url, {"kind": "management"}).content.decode()
    assert ("稀土管理课题" in html, "乳品课题" in html) == (True, False)
    html = c.get(url, {"bureau": world["base1"].unit.bureau_id}).content.decode()
    assert ("稀土管理课题" in html, "乳品课题" in html) == (False, True)
    html = c.get(url, {"q": "乳品"}).content.decode()
    assert ("稀土管理课题" in html, "乳品课题" in html) == (False, True)


# --- interests -----------------------------------------------------------------------------------------
def test_anonymous_interest_journey_reaches_the_base(world, mailoutbox):
    topic = make_topic(world["base1"], state=TopicState.PUBLISHED)
    c = Client()
    page = c.get(reverse("tenure_public:topic_list"))
    assert topic.title in page.content.decode()
    detail = c.get(reverse("tenure_public:topic_detail", args=[topic.pk])).content.decode()
    assert 'data-testid="interest-form"' in detail and "研究发酵工艺。" in detail
    response = c.post(
        reverse("tenure_public:topic_detail", args=[topic.pk]),
        {"name": "巴特尔·朝鲁", "contact": "13812345678", "message": "希望加入", "cv": pdf("简历.pdf")},
    )
    assert response.status_code == 302
    interest = TopicInterest.objects.get()
    assert (interest.name, interest.cv_name, interest.state) == ("巴特尔·朝鲁", "简历.pdf", InterestState.NEW)
    ob = Obligation.objects.get(kind="topic_interest_reply")
    assert (ob.responsible_role, ob.scope_kind, ob.scope_id) == (
        Role.UNIT_ADMIN,
        "unit",
        world["base1"].unit_id,
    )
    admin = login(world["admin1"])
    assert "巴特尔·朝鲁" in admin.get(reverse("tenure:interest_list")).content.decode()
    assert admin.get(reverse("tenure:interest_cv", args=[interest.pk])).status_code == 200
    admin.post(reverse("tenure:interest_transition", args=[interest.pk]), {"action": "contact"})
    interest.refresh_from_db()
    ob.refresh_from_db()
    assert (interest.state, ob.status) == (InterestState.CONTACTED, ObligationStatus.MET)


def test_interest_notifies_the_base_admins(world, django_capture_on_commit_callbacks):
    topic = make_topic(world["base1"], state=TopicState.PUBLISHED)
    with django_capture_on_commit_callbacks(execute=True):
        services.interest_create(topic=topic, name="张三", contact="13812345678")
    from postdoc_base.kernel.models import Notification

    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [world["admin1"].pk]


@pytest.mark.parametrize("who, status", [("admin1", 200), ("region", 200), ("admin2", 404), ("contact1", 404),
                                         ("officer1", 404)])  # fmt: skip
def test_interest_and_cv_visible_only_to_the_base_and_region(world, who, status):
    topic = make_topic(world["base1"], state=TopicState.PUBLISHED)
    interest = services.interest_create(topic=topic, name="张三", contact="13812345678", uploaded=pdf())
    c = login(world[who])
    assert c.get(reverse("tenure:interest_detail", args=[interest.pk])).status_code == status
    assert c.get(reverse("tenure:interest_cv", args=[interest.pk])).status_code == status
    body = c.get(f"/api/v1/topics/{topic.pk}/interests").json()
    assert body["count"] == (1 if status == 200 else 0)
    assert ("张三" in c.get(reverse("tenure:interest_list")).content.decode()) == (status == 200)
    assert Client().get(f"/api/v1/topics/{topic.pk}/interests").status_code == 401


@pytest.mark.parametrize("who", ["admin2", "region", "contact1"])
def test_interest_transitions_refused_for_others(world, who):
    topic = make_topic(world["base1"], state=TopicState.PUBLISHED)
    interest = services.interest_create(topic=topic, name="张三", contact="13812345678")
    for action in ("contact", "decline"):
        with pytest.raises(TransitionRefused):
            interest_workflow.apply(interest, action, actor=world[who])
    assert interest_workflow.apply(interest, "decline", actor=world["admin1"]).state == InterestState.DECLINED


def test_interest_refuses_bad_name_contact_and_upload(world):
    topic = make_topic(world["base1"], state=TopicState.PUBLISHED)
    with pytest.raises(Exception) as bad:
        services.interest_create(topic=topic, name="张3", contact="abc",
                                 uploaded=SimpleUploadedFile("cv.pdf", b"GIF89a not allowed"))  # fmt: skip
    assert set(bad.value.message_dict) == {"name", "contact", "cv"}
    assert TopicInterest.objects.count() == 0


def test_interest_refused_for_unpublished_topic(world):
    with pytest.raises(TransitionRefused):
        services.interest_create(topic=make_topic(world["base1"]), name="张三", contact="13812345678")


def test_interest_api_is_public_and_rate_limited(world, settings):
    settings.TOPIC_INTEREST_RATE_LIMIT = "2/120"
    topic = make_topic(world["base1"], state=TopicState.PUBLISHED)
    c = Client()
    url = f"/api/v1/topics/{topic.pk}/interests"
    assert c.post(url, {"name": "张三", "contact": "bad"}).status_code == 422
    statuses = [c.post(url, {"name": "张三", "contact": "13812345678"}).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    assert TopicInterest.objects.count() == 2


def test_interest_form_is_rate_limited(world, settings):
    settings.TOPIC_INTEREST_RATE_LIMIT = "1/120"
    topic = make_topic(world["base1"], state=TopicState.PUBLISHED)
    c = Client()
    url = reverse("tenure_public:topic_detail", args=[topic.pk])
    assert c.post(url, {"name": "张三", "contact": "13812345678"}).status_code == 302
    html = c.post(url, {"name": "李四", "contact": "13812345678"}).content.decode()
    assert "提交过于频繁" in html
    assert TopicInterest.objects.count() == 1


# --- query counts --------------------------------------------------------------------------------------
def _rows(world, n) -> dict:
    made = {"agreements": [], "topics": [], "interests": []}
    for i in range(n):
        made["agreements"].append(make_agreement(world["base1"], world["st1"]))
        t = make_topic(world["base1"], title=f"课题{i}", state=TopicState.PUBLISHED)
        made["topics"].append(t)
        made["interests"].append(TopicInterest.objects.create(topic=t, name=f"张{i}", contact="13812345678"))
    return made


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize(
    "url, who, queries",
    [
        ("/tenure/agreements/", "admin1", 6), ("/tenure/topics/", "admin1", 6), ("/tenure/interests/", "admin1", 5),
        ("/public/topics/", None, 3), ("/api/v1/cooperation-agreements", "admin1", 5),
        ("/api/v1/topics", None, 2), ("/api/v1/topics", "admin1", 5),
    ],
)  # fmt: skip
def test_list_query_count_does_not_grow(world, django_assert_num_queries, rows, url, who, queries):
    made = _rows(world, rows)
    c = login(world[who]) if who else Client()
    c.get(url)  # warm the session and caches
    with django_assert_num_queries(queries):
        response = c.get(url)
    assert response.status_code == 200
    kind = "agreements" if "agreements" in url else "interests" if "interests" in url else "topics"
    if url.startswith("/api/"):
        assert json_ids(response) == {o.pk for o in made[kind]}
    elif kind == "topics":
        assert_rows_shown(response, [t.title for t in made[kind]])
    else:
        assert_rows_shown(response, [o.get_absolute_url() for o in made[kind]])


@pytest.mark.parametrize("rows", [1, 20])
def test_topic_interest_api_query_count_does_not_grow(world, django_assert_num_queries, rows):
    topic = make_topic(world["base1"], state=TopicState.PUBLISHED)
    made = [
        TopicInterest.objects.create(topic=topic, name=f"张{i}", contact="13812345678") for i in range(rows)
    ]
    c = login(world["admin1"])
    url = f"/api/v1/topics/{topic.pk}/interests"
    c.get(url)
    with django_assert_num_queries(5):
        response = c.get(url)
    assert response.json()["count"] == rows
    assert json_ids(response) == {i.pk for i in made}
    assert {i["name"] for i in response.json()["items"]} == {f"张{i}" for i in range(rows)}
