"""The application form (基地设立申报书, 第九条、第十条): a form without number or 版头 that the applying unit
prints, seals and files; issued by the unit's own administrator from the draft on (not once withdrawn), with
the unit's particulars, the Art. 9 conditions, the team, the projects and the Art. 10 priority claims as
tables; read by whoever reads the application (a draft: the unit alone)."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from docx import Document

from postdoc_base.accounts.enums import Role
from postdoc_base.documents import services
from postdoc_base.documents.kinds import DocumentKind
from postdoc_base.documents.models import IssuedDocument
from postdoc_base.establishment.enums import PriorityCategory
from postdoc_base.establishment.models import BaseApplication, PriorityClaim
from postdoc_base.kernel.models import AuditEvent
from tests.documents.helpers import docx_lines, pdf_checked
from tests.factories import bureau, ready_application, user_with_role
from tests.factories.notices import region_admin, unit_in

pytestmark = pytest.mark.django_db

ISSUED_ON = date(2026, 12, 4)
KIND = DocumentKind.APPLICATION_FORM
TITLE = "内蒙古自治区博士后创新实践基地设立申报书"


def _application(state="draft", name="稀土新材料有限公司"):
    extra = {} if state == "draft" else {"submitted_at": timezone.now()}
    app = ready_application(unit=unit_in("包头市", name), state=state, **extra)
    app.affiliation = app.unit.affiliation
    app.save(update_fields=["affiliation"])
    PriorityClaim.objects.create(
        application=app, category=PriorityCategory.PLATFORM, description="建有自治区稀土功能材料重点实验室", year=2025
    )  # fmt: skip
    return app


def _admin(app):
    return user_with_role(Role.UNIT_ADMIN, app.unit)


def test_the_form_renders_the_application_as_tables_without_number():
    app = _application()
    document = services.issue(actor=_admin(app), kind=KIND, item=app, issued_on=ISSUED_ON)
    assert document.number is None and document.title == TITLE
    doc = Document(document.docx.path)
    assert doc.paragraphs[0].text == TITLE
    assert not any(p.text for p in doc.sections[0].first_page_header.paragraphs)
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    for expected in ("稀土新材料有限公司", app.unit.uscc, "包头市", app.round.name, "第九条第（一）项",
                     "第九条第（五）项", "巴特尔·朝鲁", "正高级工程师", "煤基新材料关键技术研究",
                     str(PriorityCategory.PLATFORM.label), "建有自治区稀土功能材料重点实验室", "2025"):  # fmt: skip
        assert expected in cells, expected
    assert any("企业技术中心，研发场地2000平方米。" in c for c in cells)
    assert any("拟提供年薪：150000元" in c for c in cells)
    lines = docx_lines(document.docx.read())
    assert "稀土新材料有限公司（单位盖章）" in lines and "2026年12月4日" in lines
    assert any("第十条" in line for line in lines)
    assert not any("{{" in line or "{%" in line for line in lines)
    pdf_checked(document.pdf.read(), TITLE, "（单位盖章）", "煤基新材料关键技术研究", letterhead=False)
    assert AuditEvent.objects.get(action=f"document_issued:{KIND}").role == Role.UNIT_ADMIN


def test_only_the_applying_units_administrator_issues_it_and_not_once_withdrawn():
    app = _application(state="at_region")
    for actor in (region_admin(), user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
                  _admin(_application(name="别的单位有限公司"))):  # fmt: skip
        with pytest.raises(PermissionDenied):
            services.issue(actor=actor, kind=KIND, item=app)
    withdrawn = _application(state="withdrawn", name="撤回单位有限公司")
    with pytest.raises(PermissionDenied):
        services.issue(actor=_admin(withdrawn), kind=KIND, item=withdrawn)
    assert services.issue(actor=_admin(app), kind=KIND, item=app)


def test_the_form_is_read_by_whoever_reads_the_application(client):
    app = _application()
    issue = reverse("documents:issue", args=[KIND, app.pk])
    client.force_login(_admin(app))
    assert f'data-testid="issue-{KIND}"' in client.get(app.get_absolute_url()).content.decode()
    assert client.post(issue).status_code == 302
    document = IssuedDocument.objects.get(kind=KIND)
    pdf = reverse("documents:download", args=[document.pk, "pdf"])
    assert client.get(pdf).status_code == 200

    # A draft is the unit's own: another unit and the region do not read it.
    for intruder in (_admin(_application(name="别的单位有限公司")), region_admin()):
        client.force_login(intruder)
        assert client.get(pdf).status_code == 404
        assert client.get(reverse("documents:download", args=[document.pk, "docx"])).status_code == 404
        assert client.post(issue).status_code == 404

    BaseApplication.objects.filter(pk=app.pk).update(state="at_region", submitted_at=timezone.now())
    assert client.get(pdf).status_code == 200  # the region, once submitted
    client.post(issue)
    assert IssuedDocument.objects.filter(kind=KIND).count() == 1
