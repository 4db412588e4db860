"""Official documents (issue 13 item 1): each kind issued for its item renders as DOCX from the editable
template and as an A4 PDF showing the Chinese title and number; numbers run per prefix and year; a document
is read by whoever reads its item and by no one else; the region administrator's templates page refuses a
template that does not render, in Chinese, and changes nothing."""

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from docx import Document

from postdoc_base.accounts.enums import Role
from postdoc_base.documents import services
from postdoc_base.documents.docx_render import default_path, default_template
from postdoc_base.documents.kinds import DocumentKind, format_number
from postdoc_base.documents.models import DocumentTemplate, IssuedDocument, NumberSequence
from postdoc_base.documents.numbering import allocate
from postdoc_base.documents.specs import SPECS
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.oversight.revocations.models import RevocationCase
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from tests.documents.helpers import docx_lines, pdf_checked
from tests.factories import RoundFactory, StationFactory, user_with_role
from tests.factories.appointments import make_appointment
from tests.factories.notices import region_admin
from tests.factories.tenure import make_base

pytestmark = pytest.mark.django_db

ISSUED_ON = date(2026, 12, 4)


def _revoked_case(bureau_name="满洲里市"):
    base = make_base("口岸物流", bureau_name, filed_on=date(2024, 1, 10))
    return RevocationCase.objects.create(
        base=base, due_on=date(2026, 1, 10), facts="连续2年无在站博士后", state="revoked",
        revoked_on=date(2026, 1, 10), decided_on=date(2026, 1, 12),
    )  # fmt: skip


def _withdrawn_case():
    base = make_base("草原乳业", "二连浩特市")
    appointment = make_appointment(base, StationFactory(), state="active")
    return WithdrawalCase.objects.create(
        appointment=appointment, reason=8, facts="出国逾期不归超过30天", proposed_by_role="region",
        state="decided_withdrawn", decided_on=ISSUED_ON,
    )  # fmt: skip


def _filed_round():
    round_ = RoundFactory(state="closed", year=2026)
    for name, bureau in (("甲", "满洲里市"), ("乙", "包头市")):
        base = make_base(name, bureau)
        base.application.round = round_
        base.application.save(update_fields=["round"])
    return round_


ITEMS = {
    DocumentKind.FILING_NOTICE: _filed_round,
    DocumentKind.REVOCATION_NOTICE: _revoked_case,
    DocumentKind.WITHDRAWAL_DECISION: _withdrawn_case,
}
ADDRESSED_TO_ALL = {DocumentKind.FILING_NOTICE, DocumentKind.REVOCATION_NOTICE}


def test_every_kind_has_its_default_template_in_the_repository():
    assert set(SPECS) == set(DocumentKind.values)
    for kind in SPECS:
        assert default_path(kind).read_bytes()[:2] == b"PK"
    # the kept files are what build_document_templates writes (same parts, same text)
    assert [p.text for p in Document(io.BytesIO(default_template())).paragraphs] == [
        p.text for p in Document(default_path(DocumentKind.FILING_NOTICE)).paragraphs
    ]


@pytest.mark.parametrize("kind", list(ITEMS))
def test_each_document_renders_as_docx_and_as_an_a4_pdf(kind):
    item = ITEMS[kind]()
    admin = region_admin()
    document = services.issue(actor=admin, kind=kind, item=item, issued_on=ISSUED_ON)

    assert document.number == format_number(SPECS[kind].prefix, 2026, 1)
    assert document.subject == item
    lines = docx_lines(document.docx.read())
    doc = Document(document.docx.path)
    assert doc.paragraphs[0].text == document.title  # the 版头 is in the first page's header
    assert lines[:3] == ["内蒙古自治区人力资源和社会保障厅文件", "", document.number]
    assert "内蒙古自治区人力资源和社会保障厅" in lines and "2026年12月4日" in lines
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert (round(section.top_margin.mm), round(section.bottom_margin.mm)) == (37, 35)
    assert (round(section.left_margin.mm), round(section.right_margin.mm)) == (28, 26)
    addressees = doc.paragraphs[1].text
    if kind in ADDRESSED_TO_ALL:
        assert "满洲里市" in addressees and "二连浩特市" in addressees
        assert "（此件主动公开）" in lines
    else:
        assert "（此件主动公开）" not in lines
    assert not any("{{" in line or "{%" in line for line in lines)

    flat = pdf_checked(document.pdf.read(), document.title, document.number, "—1—")
    assert ("此件主动公开" in flat) == (kind in ADDRESSED_TO_ALL)

    event = AuditEvent.objects.get(action=f"document_issued:{kind}")
    assert event.subject_id == str(item.pk) and document.number in event.comment


def test_the_filing_notice_lists_the_bases_and_the_revocation_cites_art_24():
    round_ = _filed_round()
    admin = region_admin()
    notice = services.issue(actor=admin, kind=DocumentKind.FILING_NOTICE, item=round_, issued_on=ISSUED_ON)
    rows = [[c.text for c in row.cells] for row in Document(notice.docx.path).tables[0].rows]
    assert rows[0] == ["序号", "备案号", "基地名称", "所在盟市"]
    assert [r[3] for r in rows[1:]] == ["满洲里市", "包头市"]
    revocation = services.issue(
        actor=admin, kind=DocumentKind.REVOCATION_NOTICE, item=_revoked_case("包头市")
    )
    assert "第二十四条" in "\n".join(docx_lines(revocation.docx.read()))


def test_numbers_run_per_prefix_and_year_and_are_never_reused():
    assert [allocate("内人社发", 2026)[1] for _ in range(3)] == [
        "内人社发〔2026〕1号", "内人社发〔2026〕2号", "内人社发〔2026〕3号"
    ]  # fmt: skip
    assert allocate("内人社发", 2027)[1] == "内人社发〔2027〕1号"
    assert allocate("内人社函", 2026)[1] == "内人社函〔2026〕1号"
    admin = region_admin()
    first = services.issue(actor=admin, kind=DocumentKind.REVOCATION_NOTICE, item=_revoked_case())
    second = services.issue(actor=admin, kind=DocumentKind.REVOCATION_NOTICE, item=first.subject)
    assert (first.serial, second.serial) == (4, 5)  # filing and revocation notices share 内人社发
    assert NumberSequence.objects.get(prefix="内人社发", year=2026).last == 5


@pytest.mark.django_db(transaction=True)
def test_two_allocations_at_once_never_give_the_same_number():
    import threading

    from django.db import connection, connections, transaction

    if connection.vendor != "postgresql":
        pytest.skip("row locks are PostgreSQL's (DATABASE_URL=postgres://…); SQLite serialises writers")
    barrier = threading.Barrier(2)
    got: list[int] = []
    errors: list[BaseException] = []

    def worker():
        try:
            for _ in range(10):
                barrier.wait(timeout=10)
                with transaction.atomic():
                    got.append(allocate("内人社函", 2030)[0])
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(got) == list(range(1, 21))


def test_a_document_is_read_by_whoever_reads_its_item_and_by_no_one_else(client):
    case = _revoked_case()
    admin = region_admin()
    document = services.issue(actor=admin, kind=DocumentKind.REVOCATION_NOTICE, item=case)
    own = user_with_role(Role.BUREAU_OFFICER, case.base.unit.bureau)
    from tests.factories import bureau

    intruder = user_with_role(Role.BUREAU_OFFICER, bureau("包头市"))
    pdf = reverse("documents:download", args=[document.pk, "pdf"])
    docx = reverse("documents:download", args=[document.pk, "docx"])
    issue = reverse("documents:issue", args=[DocumentKind.REVOCATION_NOTICE, case.pk])

    client.force_login(intruder)
    assert client.get(pdf).status_code == 404
    assert client.get(docx).status_code == 404
    assert client.post(issue).status_code == 404
    assert client.get(case.get_absolute_url()).status_code == 404

    client.force_login(own)
    response = client.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    page = client.get(case.get_absolute_url()).content.decode()
    assert document.number in page and 'data-testid="issue-revocation_notice"' not in page
    client.post(issue)  # seen, but issuing is the region's
    assert IssuedDocument.objects.count() == 1

    client.force_login(admin)
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="issue-revocation_notice"' in page
    assert client.post(issue).status_code == 302
    assert IssuedDocument.objects.count() == 2


def test_the_old_filing_notice_link_never_issues_and_serves_the_issued_document(client):
    round_ = _filed_round()
    client.force_login(region_admin())
    url = reverse("establishment:filing_notice_docx", args=[round_.pk])
    before = client.get(url)  # a GET allocates no number: back to the page, where the notice is issued
    assert before.status_code == 302
    assert IssuedDocument.objects.count() == 0
    assert client.post(reverse("documents:issue", args=["filing_notice", round_.pk])).status_code == 302
    first, second = client.get(url), client.get(url)
    assert first.status_code == second.status_code == 200
    assert IssuedDocument.objects.filter(kind=DocumentKind.FILING_NOTICE).count() == 1
    doc = Document(io.BytesIO(b"".join(first.streaming_content)))
    assert doc.paragraphs[0].text == "关于公布2026年度内蒙古自治区博士后创新实践基地备案名单的通知"
    page = client.get(reverse("establishment:filing", args=[round_.pk])).content.decode()
    assert "内人社发〔" in page


def _docx_with(text: str) -> bytes:
    doc = Document(io.BytesIO(default_template()))
    doc.paragraphs[0].runs[0].text = text
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_the_templates_page_is_the_regions_and_refuses_a_broken_template_in_chinese(client):
    admin = region_admin()
    kind = DocumentKind.REVOCATION_NOTICE
    url = reverse("documents:templates")
    upload = reverse("documents:template_upload", args=[kind])
    client.force_login(user_with_role(Role.UNIT_ADMIN, make_base().unit))
    assert client.get(url).status_code == 404
    client.force_login(admin)
    assert "取消基地备案通知" in client.get(url).content.decode()
    assert client.get(reverse("documents:template_download", args=[kind])).content[:2] == b"PK"

    for name, data, message in (
        ("note.docx", b"plain text, not a Word document", "不是有效的 Word 文档"),
        ("broken.docx", _docx_with("{{ title "), "模板中的占位符有误"),
        ("unknown.docx", _docx_with("{{ nonsense }}"), "模板中的占位符有误"),
        ("no-title.docx", _docx_with("标题"), "模板缺少必需的占位符"),
    ):
        response = client.post(upload, {"file": SimpleUploadedFile(name, data)}, follow=True)
        assert message in response.content.decode(), name
    assert not DocumentTemplate.objects.exists()
    assert not AuditEvent.objects.filter(action="document_template_replaced").exists()

    edited = _docx_with("{{ title }}（修订版式）")
    client.post(upload, {"file": SimpleUploadedFile("修订.docx", edited)})
    assert DocumentTemplate.objects.get(kind=kind).original_name == "修订.docx"
    assert AuditEvent.objects.filter(action="document_template_replaced").count() == 1
    document = services.issue(actor=admin, kind=kind, item=_revoked_case())
    assert Document(document.docx.path).paragraphs[0].text.endswith("（修订版式）")

    client.post(reverse("documents:template_revert", args=[kind]))
    assert not DocumentTemplate.objects.exists()
    assert AuditEvent.objects.filter(action="document_template_reverted").count() == 1
