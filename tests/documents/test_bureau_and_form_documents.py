"""The bureau's written recommendation (第十一条第（二）项) and the entry filing form (第十三条第（二）项): each
renders as DOCX and as an A4 PDF; the recommendation carries the bureau's own number (per bureau and year),
is issued only by that bureau's officer once the bureau has recommended, and is read by that bureau and the
region, not by the applicant; the form has no number and no 版头, shows the ID number masked, and is issued
by the base's unit administrator once the entry filing has been submitted."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from docx import Document

from postdoc_base.accounts.enums import Role
from postdoc_base.documents import services
from postdoc_base.documents.kinds import BUREAU_SHORT_NAMES, DocumentKind, bureau_prefix
from postdoc_base.documents.models import IssuedDocument
from postdoc_base.establishment.models import PreliminaryReview
from postdoc_base.kernel.models import AuditEvent
from tests.documents.helpers import docx_lines, pdf_checked
from tests.factories import StationFactory, bureau, ready_application, user_with_role
from tests.factories.appointments import make_appointment
from tests.factories.notices import region_admin, unit_in
from tests.factories.people import ID_1988, ID_1990, make_postdoc
from tests.factories.tenure import base_admin, make_base

pytestmark = pytest.mark.django_db

ISSUED_ON = date(2026, 12, 4)
RECOMMENDATION = DocumentKind.BUREAU_RECOMMENDATION
ENTRY_FORM = DocumentKind.ENTRY_FILING_FORM


def _recommended(bureau_name="满洲里市", state="at_region", name="口岸物流集团有限公司"):
    app = ready_application(unit=unit_in(bureau_name, name), state=state, submitted_at=timezone.now())
    app.affiliation = app.unit.affiliation
    app.save(update_fields=["affiliation"])
    PreliminaryReview.objects.create(
        application=app, condition_checks={k: True for k in "12345"}, condition_comments={"2": "研发中心运行良好"},
        inspection="实地考察了研发中心和中试基地", inspected_on=date(2026, 5, 20),
        recommendation="该单位符合设立条件，同意推荐", rank=2,
    )  # fmt: skip
    return app


def _officer(bureau_name):
    return user_with_role(Role.BUREAU_OFFICER, bureau(bureau_name))


def test_bureau_prefixes_are_distinct_and_numbers_run_per_bureau_and_year():
    assert len(set(BUREAU_SHORT_NAMES.values())) == len(BUREAU_SHORT_NAMES) == 14
    app = _recommended()
    officer = _officer("满洲里市")
    first = services.issue(actor=officer, kind=RECOMMENDATION, item=app, issued_on=ISSUED_ON)
    again = services.issue(actor=officer, kind=RECOMMENDATION, item=app, issued_on=ISSUED_ON)
    other = services.issue(
        actor=_officer("包头市"), kind=RECOMMENDATION, item=_recommended("包头市", name="稀土新材料有限公司"),
        issued_on=ISSUED_ON,
    )  # fmt: skip
    next_year = services.issue(actor=officer, kind=RECOMMENDATION, item=app, issued_on=date(2027, 1, 5))
    assert [first.number, again.number, other.number, next_year.number] == [
        "满人社函〔2026〕1号", "满人社函〔2026〕2号", "包人社函〔2026〕1号", "满人社函〔2027〕1号"
    ]  # fmt: skip
    assert bureau_prefix(bureau("二连浩特市")) == "二连人社函"


def test_the_recommendation_renders_as_the_bureaus_letter_to_the_region():
    app = _recommended()
    document = services.issue(actor=_officer("满洲里市"), kind=RECOMMENDATION, item=app, issued_on=ISSUED_ON)
    assert document.title == "关于推荐口岸物流集团有限公司设立内蒙古自治区博士后创新实践基地的函"
    lines = docx_lines(document.docx.read())
    doc = Document(document.docx.path)
    assert lines[:3] == ["满洲里市人力资源和社会保障局", "", "满人社函〔2026〕1号"]
    assert doc.paragraphs[0].text == document.title
    assert doc.paragraphs[1].text == "自治区人力资源和社会保障厅："
    text = "\n".join(lines)
    for expected in (
        "第十一条第（二）项",
        "推荐意见：该单位符合设立条件，同意推荐。",
        "排序第2位",
        "2026年12月4日",
    ):
        assert expected in text, expected
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    assert rows[0] == ["设立条件", "审核结论", "审核意见"]
    assert rows[2] == ["第九条第（二）项", "符合", "研发中心运行良好"] and len(rows) == 6
    assert "（此件主动公开）" not in lines and not any("{{" in line or "{%" in line for line in lines)
    pdf_checked(document.pdf.read(), document.title, document.number, "自治区人力资源和社会保障厅：")
    event = AuditEvent.objects.get(action=f"document_issued:{RECOMMENDATION}")
    # recorded on the letter, not in the application's history (which the applicant reads)
    assert event.role == Role.BUREAU_OFFICER and event.subject_id == str(document.pk)
    assert document.number in event.comment


def test_only_that_bureaus_officer_issues_the_recommendation_and_only_once_recommended():
    app = _recommended()
    for actor in (region_admin(), _officer("包头市"), user_with_role(Role.UNIT_ADMIN, app.unit)):
        with pytest.raises(PermissionDenied):
            services.issue(actor=actor, kind=RECOMMENDATION, item=app)
    own = _officer("满洲里市")
    for state in ("bureau_review", "rejected", "returned"):
        with pytest.raises(PermissionDenied):
            services.issue(
                actor=own, kind=RECOMMENDATION, item=_recommended(state=state, name=f"{state}公司")
            )
    unwritten = _recommended(name="未写意见公司")
    PreliminaryReview.objects.filter(application=unwritten).update(recommendation=" ")
    unwritten.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.issue(actor=own, kind=RECOMMENDATION, item=unwritten)
    assert services.issue(
        actor=own, kind=RECOMMENDATION, item=_recommended(state="recommended", name="拟推荐公司")
    )
    assert IssuedDocument.objects.count() == 1


def test_the_recommendation_is_read_by_the_bureau_and_the_region_not_by_the_applicant(client):
    app = _recommended()
    own = _officer("满洲里市")
    issue = reverse("documents:issue", args=[RECOMMENDATION, app.pk])
    client.force_login(own)
    page = client.get(app.get_absolute_url()).content.decode()
    assert f'data-testid="issue-{RECOMMENDATION}"' in page
    assert client.post(issue).status_code == 302
    document = IssuedDocument.objects.get(kind=RECOMMENDATION)
    pdf = reverse("documents:download", args=[document.pk, "pdf"])
    docx = reverse("documents:download", args=[document.pk, "docx"])
    assert client.get(pdf).status_code == 200
    assert document.number in client.get(app.get_absolute_url()).content.decode()

    for intruder in (_officer("包头市"), user_with_role(Role.UNIT_ADMIN, app.unit)):
        client.force_login(intruder)
        assert client.get(pdf).status_code == 404
        assert client.get(docx).status_code == 404
        assert client.post(issue).status_code == 404
    page = client.get(app.get_absolute_url())  # the applicant sees its application, not the letter
    assert page.status_code == 200 and document.number not in page.content.decode()

    client.force_login(region_admin())
    response = client.get(docx)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"
    page = client.get(app.get_absolute_url()).content.decode()
    assert document.number in page and f'data-testid="issue-{RECOMMENDATION}"' not in page
    assert IssuedDocument.objects.count() == 1


def _filed_appointment(state="filing_submitted", **kwargs):
    base = make_base("草原乳业", "二连浩特市")
    fields = {"entry_filing_submitted_on": date(2026, 2, 10), **kwargs}
    return make_appointment(base, StationFactory(), state=state, complete=True, **fields)


def test_the_entry_filing_form_is_a_table_without_number_or_letterhead_and_masks_the_id():
    appointment = _filed_appointment(state="in_base", entry_filed_on=date(2026, 2, 20))
    admin = base_admin(appointment.base)
    document = services.issue(actor=admin, kind=ENTRY_FORM, item=appointment, issued_on=ISSUED_ON)
    assert (document.number, document.serial, document.prefix) == (None, None, "")
    assert document.title == "内蒙古自治区博士后创新实践基地博士后研究人员进站备案表"
    doc = Document(document.docx.path)
    assert doc.paragraphs[0].text == document.title
    assert not any(p.text for p in doc.sections[0].first_page_header.paragraphs)  # no 版头
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    masked = appointment.postdoc.masked_id
    assert masked != ID_1990 and masked in cells and ID_1990 not in "".join(cells)
    for expected in ("张晓明", appointment.base.name, appointment.base.filing_number, str(appointment.station),
                     appointment.station_supervisor.name, appointment.base_supervisor.name, "2026年1月31日",
                     "2026年2月10日", "2026年2月20日", "劳动合同"):  # fmt: skip
        assert expected in cells, expected
    lines = docx_lines(document.docx.read())
    assert f"{appointment.base.unit.name}（盖章）" in lines and "2026年12月4日" in lines
    assert not any("{{" in line or "{%" in line for line in lines)
    flat = pdf_checked(document.pdf.read(), document.title, masked, letterhead=False)
    assert ID_1990 not in flat
    event = AuditEvent.objects.get(action=f"document_issued:{ENTRY_FORM}")
    assert event.role == Role.UNIT_ADMIN
    # a form may be printed again: a second one is stored beside the first, neither numbered
    services.issue(actor=admin, kind=ENTRY_FORM, item=appointment, issued_on=ISSUED_ON)
    assert IssuedDocument.objects.filter(kind=ENTRY_FORM, number__isnull=True).count() == 2


def test_only_the_bases_unit_administrator_issues_the_form_once_the_filing_is_submitted():
    appointment = _filed_appointment()
    for actor in (region_admin(), _officer("二连浩特市"), base_admin(make_base("别的基地", "包头市"))):
        with pytest.raises(PermissionDenied):
            services.issue(actor=actor, kind=ENTRY_FORM, item=appointment)
    not_yet = make_appointment(
        appointment.base,
        StationFactory(),
        make_postdoc(appointment.base, ID_1988),
        state="entered",
        complete=True,
    )
    with pytest.raises(PermissionDenied):
        services.issue(actor=base_admin(appointment.base), kind=ENTRY_FORM, item=not_yet)
    assert services.issue(actor=base_admin(appointment.base), kind=ENTRY_FORM, item=appointment)


def test_the_form_is_read_by_whoever_reads_the_appointment_and_by_no_one_else(client):
    appointment = _filed_appointment()
    issue = reverse("documents:issue", args=[ENTRY_FORM, appointment.pk])
    client.force_login(base_admin(appointment.base))
    page = client.get(appointment.get_absolute_url()).content.decode()
    assert f'data-testid="issue-{ENTRY_FORM}"' in page
    assert client.post(issue).status_code == 302
    document = IssuedDocument.objects.get(kind=ENTRY_FORM)
    pdf = reverse("documents:download", args=[document.pk, "pdf"])
    response = client.get(pdf)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert document.title in response["Content-Disposition"] or "filename*" in response["Content-Disposition"]

    client.force_login(base_admin(make_base("别的基地", "包头市")))
    assert client.get(pdf).status_code == 404
    assert client.get(reverse("documents:download", args=[document.pk, "docx"])).status_code == 404
    assert client.post(issue).status_code == 404

    client.force_login(_officer("二连浩特市"))  # the bureau reads its bases' appointments, does not issue
    assert client.get(pdf).status_code == 200
    page = client.get(appointment.get_absolute_url()).content.decode()
    assert document.title in page and f'data-testid="issue-{ENTRY_FORM}"' not in page
    client.post(issue)
    assert IssuedDocument.objects.count() == 1
