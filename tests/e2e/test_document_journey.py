"""Issue 13 item 1 in the browser: the region administrator opens a revoked base's case, issues the revocation
notice from the case page (numbered 内人社发〔YYYY〕N号), and downloads it as PDF and as DOCX; each opens with
the title and the number in it."""

import io
import re
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from playwright.sync_api import expect

from postdoc_base.accounts.enums import Role
from postdoc_base.oversight.revocations.models import RevocationCase
from tests.documents.helpers import pdf_checked
from tests.factories import user_with_role
from tests.factories.tenure import make_base

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_region_issues_and_downloads_the_revocation_notice(page, login, shot):
    base = make_base("口岸物流", "满洲里市", filed_on=date(2024, 1, 10))
    case = RevocationCase.objects.create(
        base=base, due_on=date(2026, 1, 10), facts="连续2年无在站博士后", state="revoked",
        revoked_on=date(2026, 1, 10), decided_on=date(2026, 1, 12),
    )  # fmt: skip
    user_with_role(Role.REGION_ADMIN, username="region_admin", display_name="自治区人社厅")
    title = f"关于取消{base.name}备案的通知"

    login(page, "region_admin")
    page.goto(f"/bases/revocations/{case.pk}/")
    expect(page.get_by_test_id("no-documents")).to_be_visible()
    page.get_by_test_id("issue-revocation_notice").click()
    number = page.get_by_test_id("document-number").first
    expect(number).to_have_text(re.compile(r"^内人社发〔\d{4}〕1号$"))
    number_text = number.inner_text()
    shot(page, "issued")

    with page.expect_download() as pdf_info:
        page.get_by_test_id("download-pdf").first.click()
    pdf = pdf_info.value
    assert pdf.suggested_filename.endswith(".pdf")
    pdf_checked(Path(pdf.path()).read_bytes(), title, number_text)

    with page.expect_download() as docx_info:
        page.get_by_test_id("download-docx").first.click()
    doc = Document(io.BytesIO(Path(docx_info.value.path()).read_bytes()))
    assert doc.paragraphs[0].text == title
    assert "满洲里市" in doc.paragraphs[1].text and "二连浩特市" in doc.paragraphs[1].text
