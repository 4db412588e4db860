"""The region's Art. 22 statement (第二十二条: 直接申报副高级职称) for an exited postdoc whose title-route findings
all pass (``tenure.exits.services.title_route``): numbered under 内人社函, addressed to the employer; issued by
the region only; read by whoever reads the exited appointment."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document

from postdoc_base.documents import services
from postdoc_base.documents.kinds import DocumentKind
from postdoc_base.documents.models import IssuedDocument
from postdoc_base.tenure.outputs.enums import OutputKind
from tests.documents.helpers import docx_lines, pdf_checked
from tests.factories.exits import exited, make_exit_world, output

pytestmark = pytest.mark.django_db

ISSUED_ON = date(2026, 12, 4)
KIND = DocumentKind.TITLE_ROUTE_STATEMENT


def test_the_statement_renders_as_the_regions_letter_to_the_employer():
    w = make_exit_world()
    a = exited(w, destination="in_region", destination_employer="内蒙古大学")
    output(a, OutputKind.CPSF_GRANT)
    document = services.issue(actor=w["region"], kind=KIND, item=a, issued_on=ISSUED_ON)
    assert document.number == "内人社函〔2026〕1号"
    assert document.title == f"关于{w['p1'].name}同志可直接申报副高级职称的函"
    lines = docx_lines(document.docx.read())
    doc = Document(document.docx.path)
    assert lines[:3] == ["内蒙古自治区人力资源和社会保障厅文件", "", document.number]
    assert doc.paragraphs[0].text == document.title
    assert doc.paragraphs[1].text == "内蒙古大学："
    text = "\n".join(lines)
    for expected in ("第二十二条", "“获得中国博士后科学基金资助”", "2026年11月20日期满出基地", "可直接申报副高级职称",
                     f"抄送：呼和浩特市人力资源和社会保障局、{w['b1'].unit.name}。"):  # fmt: skip
        assert expected in text, expected
    assert "（此件主动公开）" not in lines and not any("{{" in line or "{%" in line for line in lines)
    pdf_checked(document.pdf.read(), document.title, document.number)


def test_only_the_region_issues_it_and_only_when_art_22_is_met():
    w = make_exit_world()
    a = exited(w)  # to the base unit: stays in the region
    for role in ("bureau_same", "base_same", "station_same"):
        with pytest.raises(PermissionDenied):
            services.issue(actor=w[role], kind=KIND, item=a)
    with pytest.raises(PermissionDenied):  # no achievement within the stay yet
        services.issue(actor=w["region"], kind=KIND, item=a)
    output(a, OutputKind.NATIONAL_FUNDED, occurred_on=date(2026, 12, 1))  # after the exit: not 在站期间
    with pytest.raises(PermissionDenied):
        services.issue(actor=w["region"], kind=KIND, item=a)
    output(a, OutputKind.NATIONAL_FUNDED)
    document = services.issue(actor=w["region"], kind=KIND, item=a, issued_on=ISSUED_ON)
    assert Document(document.docx.path).paragraphs[1].text == f"{w['b1'].unit.name}："
    a.destination = "outside"
    a.save(update_fields=["destination"])
    with pytest.raises(PermissionDenied):
        services.issue(actor=w["region"], kind=KIND, item=a)


def test_the_statement_is_read_by_whoever_reads_the_exited_appointment(client):
    w = make_exit_world()
    a = exited(w)
    output(a, OutputKind.CPSF_GRANT)
    issue = reverse("documents:issue", args=[KIND, a.pk])
    client.force_login(w["region"])
    assert f'data-testid="issue-{KIND}"' in client.get(a.get_absolute_url()).content.decode()
    assert client.post(issue).status_code == 302
    document = IssuedDocument.objects.get(kind=KIND)
    pdf = reverse("documents:download", args=[document.pk, "pdf"])
    for role in ("bureau_other", "base_other", "station_other", "postdoc_other", "expert"):
        client.force_login(w[role])
        assert client.get(pdf).status_code == 404, role
        assert client.post(issue).status_code == 404, role
    for role in ("bureau_same", "base_same", "postdoc_own"):
        client.force_login(w[role])
        assert client.get(pdf).status_code == 200, role
        page = client.get(a.get_absolute_url()).content.decode()
        assert document.number in page and f'data-testid="issue-{KIND}"' not in page
    client.post(issue)
    assert IssuedDocument.objects.count() == 1
