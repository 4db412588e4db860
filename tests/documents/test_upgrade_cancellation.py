"""The notice that a base's filing lapsed because its unit was approved to set up a postdoc workstation (第二十四条
第二句, ``oversight/upgrades``): region-issued under 内人社发, addressed to every bureau, published; issued for
the base once the approval is recorded and the base cancelled; read by whoever may open the base's file."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document

from postdoc_base.accounts.enums import Role
from postdoc_base.documents import services
from postdoc_base.documents.kinds import DocumentKind
from postdoc_base.documents.models import IssuedDocument
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.oversight.upgrades.models import WorkstationApproval
from tests.documents.helpers import docx_lines, pdf_checked
from tests.factories import bureau, user_with_role
from tests.factories.notices import region_admin
from tests.factories.tenure import base_admin, make_base

pytestmark = pytest.mark.django_db

ISSUED_ON = date(2026, 12, 4)
KIND = DocumentKind.UPGRADE_CANCELLATION


def _upgraded(state="cancelled"):
    base = make_base("绿色化工", "鄂尔多斯市", state=state)
    WorkstationApproval.objects.create(
        base=base, approved_on=date(2026, 11, 20), document_number="人社部函〔2026〕88号",
        approver="人力资源社会保障部、全国博士后管委会",
    )  # fmt: skip
    return base


def test_the_cancellation_notice_renders_as_a_published_region_notice():
    base = _upgraded()
    document = services.issue(actor=region_admin(), kind=KIND, item=base, issued_on=ISSUED_ON)
    assert document.number == "内人社发〔2026〕1号"
    assert document.title == f"关于注销{base.name}备案资格的通知"
    lines = docx_lines(document.docx.read())
    doc = Document(document.docx.path)
    assert lines[:3] == ["内蒙古自治区人力资源和社会保障厅文件", "", document.number]
    assert doc.paragraphs[0].text == document.title
    assert doc.paragraphs[1].text == (
        "各盟市人力资源和社会保障局，满洲里市、二连浩特市人力资源和社会保障局，自治区各有关单位："
    )
    text = "\n".join(lines)
    for expected in ("第二十四条", "人社部函〔2026〕88号", "2026年11月20日", base.filing_number, "（此件主动公开）",
                     f"抄送：{base.unit.name}。", "鄂尔多斯市人力资源和社会保障局督促"):  # fmt: skip
        assert expected in text, expected
    assert not any("{{" in line or "{%" in line for line in lines)
    flat = pdf_checked(document.pdf.read(), document.title, document.number)
    assert "此件主动公开" in flat
    assert AuditEvent.objects.get(action=f"document_issued:{KIND}").subject_id == str(base.pk)


def test_only_the_region_issues_it_and_only_for_a_base_cancelled_on_a_workstation_approval():
    base = _upgraded()
    for actor in (user_with_role(Role.BUREAU_OFFICER, base.unit.bureau), base_admin(base)):
        with pytest.raises(PermissionDenied):
            services.issue(actor=actor, kind=KIND, item=base)
    admin = region_admin()
    with pytest.raises(PermissionDenied):  # approval recorded, base not (yet) cancelled
        services.issue(actor=admin, kind=KIND, item=_upgraded(state="active"))
    with pytest.raises(PermissionDenied):  # cancelled, but no workstation approval on record
        services.issue(actor=admin, kind=KIND, item=make_base("无批文", "包头市", state="cancelled"))
    assert services.issue(actor=admin, kind=KIND, item=base)


def test_the_notice_is_read_by_whoever_opens_the_base_file_and_by_no_one_else(client):
    base = _upgraded()
    admin = region_admin()
    page_url = reverse("oversight:base_file", args=[base.pk])
    issue = reverse("documents:issue", args=[KIND, base.pk])
    client.force_login(admin)
    assert f'data-testid="issue-{KIND}"' in client.get(page_url).content.decode()
    assert client.post(issue, {"next": page_url}).url == page_url
    document = IssuedDocument.objects.get(kind=KIND)
    pdf = reverse("documents:download", args=[document.pk, "pdf"])

    client.force_login(user_with_role(Role.BUREAU_OFFICER, bureau("包头市")))
    assert client.get(pdf).status_code == 404
    assert client.get(reverse("documents:download", args=[document.pk, "docx"])).status_code == 404
    assert client.post(issue).status_code == 404

    for reader in (user_with_role(Role.BUREAU_OFFICER, base.unit.bureau), base_admin(base)):
        client.force_login(reader)
        assert client.get(pdf).status_code == 200
        page = client.get(page_url).content.decode()
        assert document.number in page and f'data-testid="issue-{KIND}"' not in page
    client.post(issue)
    assert IssuedDocument.objects.count() == 1
