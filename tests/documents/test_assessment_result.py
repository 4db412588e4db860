"""The result form of a graded mid-term or exit assessment (第十七条、第十八条): issued by the base's unit
administrator once graded, a form without number or 版头; read by whoever reads the assessment."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document

from postdoc_base.accounts.enums import Role
from postdoc_base.documents import services
from postdoc_base.documents.kinds import DocumentKind
from postdoc_base.documents.models import IssuedDocument
from postdoc_base.kernel.models import AuditEvent
from tests.documents.helpers import docx_lines, pdf_checked
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.appointments import make_appointment
from tests.factories.assessments import make_assessment
from tests.factories.notices import region_admin
from tests.factories.people import ID_1985, ID_1988, ID_1990, ID_X, make_postdoc
from tests.factories.tenure import base_admin, make_base

pytestmark = pytest.mark.django_db

ISSUED_ON = date(2026, 12, 4)
KIND = DocumentKind.ASSESSMENT_RESULT


def _graded(kind="midterm", state="graded", grade="excellent", number=ID_1990):
    base = make_base(f"草原乳业{number[-4:]}", "通辽市")
    postdoc = make_postdoc(base, number)
    appointment = make_appointment(base, StationFactory(), postdoc, state="in_base", complete=True)
    return make_assessment(
        appointment, kind=kind, state=state, grade=grade if state == "graded" else "", score=Decimal("92.5"),
        result="按计划完成阶段研究任务，成果突出。", graded_on=date(2027, 2, 3) if state == "graded" else None,
    )  # fmt: skip


@pytest.mark.parametrize(("kind", "label", "article"), [("midterm", "中期考核", "第十七条"),
                                                         ("exit", "出基地考核", "第十八条")])  # fmt: skip
def test_the_result_form_renders_as_a_table_without_number(kind, label, article):
    assessment = _graded(kind)
    document = services.issue(
        actor=base_admin(assessment.appointment.base), kind=KIND, item=assessment, issued_on=ISSUED_ON
    )
    assert document.number is None
    assert document.title == f"内蒙古自治区博士后创新实践基地博士后研究人员{label}结果表"
    doc = Document(document.docx.path)
    assert doc.paragraphs[0].text == document.title
    assert not any(p.text for p in doc.sections[0].first_page_header.paragraphs)
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    appointment = assessment.appointment
    for expected in (appointment.postdoc.name, appointment.base.name, label, "92.50", "优秀", "2027年2月3日",
                     "2027年1月31日", appointment.station_supervisor.name, "按计划完成阶段研究任务，成果突出。"):  # fmt: skip
        assert expected in cells, expected
    lines = docx_lines(document.docx.read())
    assert any(article in line for line in lines)
    assert f"{appointment.base.unit.name}（盖章）" in lines and "2026年12月4日" in lines
    assert not any("{{" in line or "{%" in line for line in lines)
    pdf_checked(document.pdf.read(), document.title, "优秀", letterhead=False)
    assert AuditEvent.objects.get(action=f"document_issued:{KIND}").role == Role.UNIT_ADMIN


def test_only_the_bases_unit_administrator_issues_it_and_only_once_graded():
    assessment = _graded()
    base = assessment.appointment.base
    for actor in (region_admin(), user_with_role(Role.BUREAU_OFFICER, base.unit.bureau),
                  base_admin(make_base("别的基地", "包头市"))):  # fmt: skip
        with pytest.raises(PermissionDenied):
            services.issue(actor=actor, kind=KIND, item=assessment)
    admin = base_admin(base)
    for state, number in (("scheduled", ID_1988), ("under_review", ID_1985), ("cancelled", ID_X)):
        pending = _graded(state=state, number=number)
        with pytest.raises(PermissionDenied):
            services.issue(actor=base_admin(pending.appointment.base), kind=KIND, item=pending)
    assert services.issue(actor=admin, kind=KIND, item=assessment)


def test_the_result_is_read_by_whoever_reads_the_assessment_and_by_no_one_else(client):
    assessment = _graded()
    issue = reverse("documents:issue", args=[KIND, assessment.pk])
    client.force_login(base_admin(assessment.appointment.base))
    assert f'data-testid="issue-{KIND}"' in client.get(assessment.get_absolute_url()).content.decode()
    assert client.post(issue).status_code == 302
    document = IssuedDocument.objects.get(kind=KIND)
    pdf = reverse("documents:download", args=[document.pk, "pdf"])

    client.force_login(user_with_role(Role.BUREAU_OFFICER, bureau("包头市")))
    assert client.get(pdf).status_code == 404
    assert client.get(reverse("documents:download", args=[document.pk, "docx"])).status_code == 404
    assert client.post(issue).status_code == 404

    client.force_login(user_with_role(Role.BUREAU_OFFICER, assessment.appointment.base.unit.bureau))
    assert client.get(pdf).status_code == 200
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert document.title in page and f'data-testid="issue-{KIND}"' not in page
    client.post(issue)
    assert IssuedDocument.objects.count() == 1
