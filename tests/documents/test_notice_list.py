"""The public notice list (公示名单, 第十一条第（三）项): the region's numbered 内人社函 document of one
establishment notice, listing its applications (unit, bureau, round) and its period as stored (dates and
working days), 此件主动公开; issued by the region administrator once the notice lists applications; read by
whoever may read the notice (everyone signed in once it is published, the region before)."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from docx import Document

from postdoc_base.accounts.enums import Role
from postdoc_base.documents import services
from postdoc_base.documents.content import chinese_date
from postdoc_base.documents.kinds import DocumentKind
from postdoc_base.documents.models import IssuedDocument
from postdoc_base.establishment.models import PublicNotice
from postdoc_base.kernel.models import AuditEvent
from tests.documents.helpers import docx_lines, pdf_checked
from tests.factories import RoundFactory, bureau, user_with_role
from tests.factories.notices import passed_application, publish, region_admin, unit_in

pytestmark = pytest.mark.django_db

KIND = DocumentKind.NOTICE_LIST


def _notice(published_on=None):
    round_ = RoundFactory(state="closed", name="2026年度申报")
    apps = [
        passed_application(round_, unit_in("满洲里市", "口岸物流集团有限公司")),
        passed_application(round_, unit_in("包头市", "稀土新材料有限公司")),
    ]
    return publish(region_admin(), round_, published_on=published_on), apps


def test_the_list_renders_with_its_number_units_and_period():
    notice, apps = _notice()
    admin = region_admin()
    document = services.issue(actor=admin, kind=KIND, item=notice)
    year = timezone.localdate().year
    assert document.number == f"内人社函〔{year}〕1号"
    assert document.title == notice.title == "2026年度申报公示"
    doc = Document(document.docx.path)
    assert doc.tables, "the list is a table"
    cells = [c.text for table in doc.tables for row in table.rows for c in row.cells]
    for expected in ("序号", "申报单位", "所在盟市", "申报批次", "口岸物流集团有限公司", "满洲里市", "稀土新材料有限公司",
                     "包头市", "2026年度申报"):  # fmt: skip
        assert expected in cells, expected
    lines = docx_lines(document.docx.read())
    assert document.number in lines and document.title in lines
    period = f"公示期为{chinese_date(notice.published_on)}至{chinese_date(notice.ends_on)}（{notice.working_days}个工作日）"
    assert any(period in line for line in lines), period
    assert any("第十一条第（三）项" in line for line in lines)
    assert any("0471-6960000" in line for line in lines)
    assert "（此件主动公开）" in lines
    assert not any("{{" in line or "{%" in line for line in lines)
    pdf_checked(document.pdf.read(), document.title, document.number, "口岸物流集团有限公司", "此件主动公开")
    event = AuditEvent.objects.get(action=f"document_issued:{KIND}")
    assert event.role == Role.REGION_ADMIN and event.subject_id == str(notice.pk)


def test_only_the_region_issues_it_and_only_for_a_notice_with_a_list():
    notice, apps = _notice()
    for actor in (
        user_with_role(Role.UNIT_ADMIN, apps[0].unit),
        user_with_role(Role.BUREAU_OFFICER, bureau("满洲里市")),
    ):
        with pytest.raises(PermissionDenied):
            services.issue(actor=actor, kind=KIND, item=notice)
    today = timezone.localdate()
    empty = PublicNotice.objects.create(round=notice.round, title="空公示", published_on=today, ends_on=today)
    with pytest.raises(PermissionDenied):
        services.issue(actor=region_admin(), kind=KIND, item=empty)
    assert services.issue(actor=region_admin(), kind=KIND, item=notice).number


def test_the_list_is_read_with_the_notice(client):
    later, apps = _notice(published_on=timezone.localdate() + timedelta(days=14))
    client.force_login(region_admin())
    page = client.get(reverse("establishment:notice_admin_detail", args=[later.pk])).content.decode()
    assert f'data-testid="issue-{KIND}"' in page
    assert client.post(reverse("documents:issue", args=[KIND, later.pk])).status_code == 302
    document = IssuedDocument.objects.get(kind=KIND)
    pdf = reverse("documents:download", args=[document.pk, "pdf"])
    assert client.get(pdf).status_code == 200

    # Not yet published: nobody but the region reads the notice, nor its list.
    client.force_login(user_with_role(Role.UNIT_ADMIN, apps[0].unit))
    assert client.get(pdf).status_code == 404
    assert client.get(reverse("documents:download", args=[document.pk, "docx"])).status_code == 404
    assert client.post(reverse("documents:issue", args=[KIND, later.pk])).status_code == 404

    # Once published, it is public: anyone signed in reads it, but only the region issues it.
    PublicNotice.objects.filter(pk=later.pk).update(published_on=timezone.localdate())
    assert client.get(pdf).status_code == 200
    client.post(reverse("documents:issue", args=[KIND, later.pk]))
    assert IssuedDocument.objects.filter(kind=KIND).count() == 1
