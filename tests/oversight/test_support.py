"""Local support policies of the leagues and cities (配套支持政策, Arts. 6, 19): recorded by the bureau (the region
for any), read only in that bureau's scope, with an optional PDF or Word file; the base file's section."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight.basefile import sections_for
from postdoc_base.oversight.support import services
from postdoc_base.oversight.support.basefile import support_context
from postdoc_base.oversight.support.models import SupportPolicy
from postdoc_base.oversight.support.selectors import support_policies_visible_to
from tests.factories import PDF_BYTES, StationFactory, bureau, user_with_role
from tests.factories.pages import assert_rows_shown, json_ids
from tests.factories.tenure import base_admin, make_base, station_contact
from tests.factories.world import fresh

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 20


@pytest.fixture
def w():
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    return {
        "b1": b1, "b2": b2, "hohhot": bureau("呼和浩特市"), "baotou": bureau("包头市"),
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "unit_same": base_admin(b1), "unit_other": base_admin(b2), "station": station_contact(StationFactory()),
    }  # fmt: skip


def pdf(name="政策.pdf"):
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def make(w, who="bureau_same", where="hohhot", title="呼和浩特市支持博士后创新实践基地建设办法", **kwargs):
    fields = {"document_number": "呼人社发〔2026〕8号", "issued_on": date(2026, 3, 1),
              "summary": "对新设基地给予一次性建站补助。", **kwargs}  # fmt: skip
    return services.support_policy_create(actor=fresh(w[who]), bureau=w[where], title=title, **fields)


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.mark.parametrize(
    ("who", "where", "allowed"),
    [("bureau_same", "hohhot", True), ("bureau_same", "baotou", False), ("region", "baotou", True),
     ("unit_same", "hohhot", False), ("station", "hohhot", False)],
)  # fmt: skip
def test_the_bureau_records_its_own_policies_and_the_region_any(w, who, where, allowed):
    if allowed:
        policy = make(w, who, where, uploaded=pdf())
        assert policy.bureau == w[where] and policy.file_name == "政策.pdf"
        event = AuditEvent.objects.get(subject_type="oversight.supportpolicy", action="create")
        assert event.diff["title"] == [None, policy.title]
        return
    with pytest.raises(TransitionRefused) as refused:
        make(w, who, where)
    assert refused.value.findings[0].code == "kernel.not_permitted"
    assert refused.value.findings[0].article == "第六条"
    assert not SupportPolicy.objects.exists()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"title": " "}, "title", "请填写政策名称。"),
        ({"document_number": ""}, "document_number", "请填写文号。"),
        ({"summary": ""}, "summary", "请填写主要内容。"),
        ({"issued_on": None}, "issued_on", "请填写发布日期。"),
        ({"issued_on": "future"}, "issued_on", "发布日期不能晚于今天。"),
        ({"uploaded": "png"}, "file", "政策文件只接受 PDF 或 Word（DOCX）文件。"),
    ],
)
def test_bad_input_is_a_clear_chinese_error_and_writes_nothing(w, fields, field, message):
    if fields.get("issued_on") == "future":
        fields = {"issued_on": timezone.localdate() + timedelta(days=1)}
    if fields.get("uploaded") == "png":
        fields = {"uploaded": SimpleUploadedFile("a.png", PNG_BYTES, content_type="image/png")}
    title = fields.pop("title", "政策")
    with pytest.raises(ValidationError) as error:
        make(w, title=title, **fields)
    assert [str(m) for m in error.value.message_dict[field]] == [message]
    assert not SupportPolicy.objects.exists()


def test_readers_are_the_bureaus_scope_only(w):
    mine, theirs = make(w), make(w, "bureau_other", "baotou", title="包头市博士后政策")
    expect = {"region": {mine, theirs}, "bureau_same": {mine}, "bureau_other": {theirs}, "unit_same": {mine},
              "unit_other": {theirs}, "station": set()}  # fmt: skip
    for who, rows in expect.items():
        assert set(support_policies_visible_to(fresh(w[who]))) == rows, who
        assert json_ids(client_for(w[who]).get("/api/v1/support-policies")) == {p.pk for p in rows}, who
    assert Client().get("/bases/support-policies/").status_code == 302  # not public
    assert Client().get("/api/v1/support-policies").status_code == 401


@pytest.mark.parametrize("suffix", ["", "file/", "edit/"])
def test_an_intruder_gets_404_where_the_control_user_gets_200(w, suffix):
    policy = make(w, uploaded=pdf())
    url = f"/bases/support-policies/{policy.pk}/{suffix}"
    assert client_for(w["bureau_same"]).get(url).status_code == 200
    for intruder in ("bureau_other", "unit_other", "station"):
        assert client_for(w[intruder]).get(url).status_code == 404, intruder
    # The unit in that bureau reads the policy and its file but does not keep it.
    assert client_for(w["unit_same"]).get(url).status_code == (404 if suffix == "edit/" else 200)


def test_the_api_walks_the_same_scope_and_error_shape(w):
    policy = make(w, uploaded=pdf())
    url = f"/api/v1/support-policies/{policy.pk}"
    for intruder in ("bureau_other", "unit_other", "station"):
        c = client_for(w[intruder])
        assert c.get(url).status_code == 404
        assert c.get(url + "/file").status_code == 404
        assert c.patch(url, {"title": "改"}, content_type="application/json").status_code == 404
        assert c.delete(url).status_code == 404
    refused = client_for(w["unit_same"]).patch(url, {"title": "改"}, content_type="application/json")
    assert refused.status_code == 403 and refused.json()["code"] == "not_permitted"
    c = client_for(w["bureau_same"])
    assert c.get(url + "/file").status_code == 200
    assert (
        c.patch(url, {"title": "修订后的办法"}, content_type="application/json").json()["title"]
        == "修订后的办法"
    )
    assert AuditEvent.objects.get(subject_id=str(policy.pk), action="update").diff == {
        "title": ["呼和浩特市支持博士后创新实践基地建设办法", "修订后的办法"]}  # fmt: skip
    bad = c.post("/api/v1/support-policies", {"bureau": w["hohhot"].pk, "title": "新政策", "document_number": "",
                                              "issued_on": "2026-01-05", "summary": "内容"})  # fmt: skip
    assert bad.status_code == 422 and bad.json()["errors"]["document_number"] == ["请填写文号。"]
    other = c.post("/api/v1/support-policies", {"bureau": w["baotou"].pk, "title": "新政策", "document_number": "1号",
                                                "issued_on": "2026-01-05", "summary": "内容"})  # fmt: skip
    assert other.status_code == 403
    created = c.post("/api/v1/support-policies", {"bureau": w["hohhot"].pk, "title": "新政策", "document_number": "1号",
                                                  "issued_on": "2026-01-05", "summary": "内容", "file": pdf()})  # fmt: skip
    assert created.status_code == 201 and created.json()["has_file"] is True
    assert c.delete(url).status_code == 204
    assert list(SupportPolicy.objects.values_list("title", flat=True)) == ["新政策"]
    assert AuditEvent.objects.filter(subject_id=str(policy.pk), action="delete").exists()


def test_the_pages_record_correct_and_delete(w):
    c = client_for(w["bureau_same"])
    form = c.get("/bases/support-policies/new/").content.decode()
    assert "呼和浩特市" in form and "包头市</option>" not in form  # only its own bureau
    bad = c.post("/bases/support-policies/new/", {"bureau": w["hohhot"].pk, "title": "办法", "document_number": "1号",
                                                  "issued_on": "2026-01-05", "summary": "内容",
                                                  "file": SimpleUploadedFile("a.png", PNG_BYTES)})  # fmt: skip
    assert (
        "政策文件只接受 PDF 或 Word（DOCX）文件。" in bad.content.decode()
        and not SupportPolicy.objects.exists()
    )
    ok = c.post("/bases/support-policies/new/", {"bureau": w["hohhot"].pk, "title": "办法", "document_number": "1号",
                                                 "issued_on": "2026-01-05", "summary": "内容", "file": pdf()})  # fmt: skip
    policy = SupportPolicy.objects.get()
    assert ok.status_code == 302 and ok["Location"] == f"/bases/support-policies/{policy.pk}/"
    assert "政策.pdf" in c.get(ok["Location"]).content.decode()
    edited = c.post(f"/bases/support-policies/{policy.pk}/edit/", {"bureau": w["hohhot"].pk, "title": "办法（修订）",
                    "document_number": "1号", "issued_on": "2026-01-05", "summary": "内容"})  # fmt: skip
    assert edited.status_code == 302 and SupportPolicy.objects.get().title == "办法（修订）"
    assert SupportPolicy.objects.get().file_name == "政策.pdf"  # the file stays when none is uploaded
    assert client_for(w["unit_same"]).post(f"/bases/support-policies/{policy.pk}/delete/").status_code == 404
    assert c.post(f"/bases/support-policies/{policy.pk}/delete/").status_code == 302
    assert not SupportPolicy.objects.exists()
    assert client_for(w["unit_same"]).get("/bases/support-policies/new/").status_code == 404


@pytest.mark.parametrize("url", ["/bases/support-policies/", "/api/v1/support-policies"])
def test_list_queries_are_the_same_for_1_and_20_rows(w, url):
    c = client_for(w["unit_same"])
    make(w, title="政策00")
    make(w, "bureau_other", "baotou", title="包头政策")
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        response = c.get(url)
    assert_rows_shown(response, ["政策00"])
    for i in range(1, 20):
        make(w, title=f"政策{i:02d}")
    with CaptureQueriesContext(connection) as twenty:
        response = c.get(url)
    assert_rows_shown(response, [f"政策{i:02d}" for i in range(20)])
    assert "包头政策" not in response.content.decode()
    assert len(twenty) == len(one), url


def test_the_base_file_section_shows_the_policies_of_the_bases_bureau(w):
    mine = make(w)
    make(w, "bureau_other", "baotou", title="包头市博士后政策")
    user = fresh(w["unit_same"])
    section = next(s for s in sections_for(w["b1"], user) if s.section.key == "support_policies")
    assert str(section.section.title) == "所在盟市支持政策" and section.section.article == "第六条、第十九条"
    assert section.context["support_policies"] == [mine] and section.context["may_record_support"] is False
    assert support_context(w["b1"], fresh(w["bureau_same"]))["may_record_support"] is True
    with CaptureQueriesContext(connection) as q:
        support_context(w["b1"], user)
    assert len(q) == 1
