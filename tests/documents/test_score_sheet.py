"""The expert score sheet (专家评分表, 第十一条第（三）项): one expert's submitted scores on one subject, a form
without number; confidential: read only by the region and by that expert (not by the other experts of the
panel, nor the applicant), naming the expert by alias only on a blind panel and showing no other expert;
issued once submitted, by the region or by the expert."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from docx import Document

from postdoc_base.accounts.enums import Role
from postdoc_base.documents import services
from postdoc_base.documents.kinds import DocumentKind
from postdoc_base.documents.models import IssuedDocument
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.review.enums import AssignmentState
from postdoc_base.review.models import Score
from tests.documents.helpers import docx_lines, pdf_checked
from tests.factories import bureau, ready_application, user_with_role
from tests.factories.notices import region_admin, unit_in
from tests.factories.review import assignment_for, expert_with_account, make_panel

pytestmark = pytest.mark.django_db

KIND = DocumentKind.SCORE_SHEET
TITLE = "内蒙古自治区博士后创新实践基地专家评分表（基地设立论证评议）"


def _scored(*, blind=True, state=AssignmentState.SUBMITTED):
    app = ready_application(unit=unit_in("包头市", "稀土新材料有限公司"), state="expert_review",
                            submitted_at=timezone.now())  # fmt: skip
    panel = make_panel(app.round, blind=blind)
    items = list(panel.rubric.items.all())
    sheets = []
    for name, scores, total, comment in (("乌云其其格", ("90", "8"), "87.50", "研发条件扎实，招收计划可行。"),
                                         ("张明远", ("60", "5"), "57.50", "团队规模偏小。")):  # fmt: skip
        expert, user = expert_with_account(name)
        assignment = assignment_for(app, state, panel=panel, expert=expert, total=Decimal(total))
        for item, score in zip(items, scores, strict=True):
            Score.objects.create(assignment=assignment, item=item, score=Decimal(score))
        assignment.comment = comment
        assignment.save(update_fields=["comment"])
        sheets.append((assignment, user))
    return app, sheets


def _cells(document):
    return [c.text for table in Document(document.docx.path).tables for row in table.rows for c in row.cells]


def test_the_sheet_shows_the_rubric_and_this_experts_scores_only():
    app, [(mine, expert), _other] = _scored()
    document = services.issue(actor=expert, kind=KIND, item=mine)
    assert document.number is None and document.title == TITLE
    doc = Document(document.docx.path)
    assert doc.paragraphs[0].text == TITLE
    cells = _cells(document)
    for expected in ("研发条件", "招收计划", "3.00", "1.00", "100.00", "10.00", "90.00", "8.00", "87.50",
                     "研发条件扎实，招收计划可行。", "专家A", str(app), "论证评议专家组"):  # fmt: skip
        assert expected in cells, expected
    lines = docx_lines(document.docx.read())
    text = "\n".join(lines)
    # Blind: no expert's name, and nothing of the other expert's sheet.
    for hidden in ("乌云其其格", "张明远", "专家B", "60.00", "57.50", "团队规模偏小。"):
        assert hidden not in text, hidden
    assert any("第十一条第（三）项" in line for line in lines) and "评审专家（签名）：" in lines
    assert not any("{{" in line or "{%" in line for line in lines)
    pdf_checked(document.pdf.read(), TITLE, "87.50", letterhead=False)
    event = AuditEvent.objects.get(action=f"document_issued:{KIND}")
    # Recorded on the document, not in the assignment's history, which the unit of an assessment panel reads.
    assert event.role == Role.EXPERT and event.subject_id == str(document.pk)


def test_an_open_panel_names_the_expert_and_the_region_may_issue():
    _app, [(mine, _expert), _other] = _scored(blind=False)
    document = services.issue(actor=region_admin(), kind=KIND, item=mine)
    assert "乌云其其格（专家A）" in _cells(document) and "张明远" not in "".join(_cells(document))
    assert AuditEvent.objects.get(action=f"document_issued:{KIND}").role == Role.REGION_ADMIN


def test_only_the_region_and_that_expert_issue_it_once_submitted():
    app, [(mine, _expert), (_theirs, other)] = _scored()
    for actor in (
        other,
        user_with_role(Role.UNIT_ADMIN, app.unit),
        user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
    ):
        with pytest.raises(PermissionDenied):
            services.issue(actor=actor, kind=KIND, item=mine)
    _app, [(pending, pending_expert), _rest] = _scored(state=AssignmentState.ASSIGNED)
    for actor in (pending_expert, region_admin()):
        with pytest.raises(PermissionDenied):
            services.issue(actor=actor, kind=KIND, item=pending)


def test_the_sheet_is_read_by_the_region_and_that_expert_only(client):
    app, [(mine, expert), (_theirs, other)] = _scored()
    issue = reverse("documents:issue", args=[KIND, mine.pk])
    client.force_login(expert)
    assert f'data-testid="issue-{KIND}"' in client.get(mine.get_absolute_url()).content.decode()
    assert client.post(issue).status_code == 302
    document = IssuedDocument.objects.get(kind=KIND)
    pdf = reverse("documents:download", args=[document.pk, "pdf"])
    assert client.get(pdf).status_code == 200

    for intruder in (other, user_with_role(Role.UNIT_ADMIN, app.unit)):
        client.force_login(intruder)
        assert client.get(pdf).status_code == 404
        assert client.get(reverse("documents:download", args=[document.pk, "docx"])).status_code == 404
        assert client.post(issue).status_code == 404

    client.force_login(region_admin())
    assert client.get(pdf).status_code == 200
    assert document.title in client.get(mine.get_absolute_url()).content.decode()
