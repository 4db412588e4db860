"""Filing (备案, Art. 11(3)): bulk preview and execution with a result per item, filing numbers, the filing
notice DOCX, and the filings API."""

import io
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from postdoc_base.establishment import notices
from postdoc_base.establishment.enums import ApplicationState as S
from postdoc_base.establishment.models import BaseApplication
from postdoc_base.establishment.notice_workflow import objection_workflow
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight.models import FilingSequence, PracticeBase
from tests.factories import Role, RoundFactory, user_with_role
from tests.factories.notices import in_notice, objection, passed_application, region_admin

pytestmark = pytest.mark.django_db


def _ended(round_, n=1):
    past = timezone.localdate() - timedelta(days=2)
    return [in_notice(passed_application(round_), ends_on=past).application for _ in range(n)]


def test_bulk_filing_reports_each_item():
    admin = region_admin()
    round_ = RoundFactory(state="closed")
    filed_app = _ended(round_)[0]
    held_item = in_notice(passed_application(round_), ends_on=timezone.localdate() - timedelta(days=1))
    objection(held_item)
    running = in_notice(passed_application(round_), ends_on=timezone.localdate()).application

    results = notices.filing_execute(
        actor=admin, round_=round_, application_ids=[filed_app.pk, held_item.application_id, running.pk]
    )

    year = timezone.localdate().year
    assert [(r.application.pk, r.ok, r.filing_number) for r in results] == [
        (filed_app.pk, True, f"蒙博基备〔{year}〕001号"),
        (held_item.application_id, False, ""),
        (running.pk, False, ""),
    ]
    assert [f.code for f in results[1].findings] == ["art11.3.objection_pending"]
    assert [f.code for f in results[2].findings] == ["art11.3.notice_running"]
    states = dict(BaseApplication.objects.values_list("pk", "state"))
    assert (states[filed_app.pk], states[held_item.application_id], states[running.pk]) == (
        S.FILED, S.IN_NOTICE, S.IN_NOTICE,
    )  # fmt: skip
    base = PracticeBase.objects.get()
    assert base.name == f"{filed_app.unit.name}博士后创新实践基地"
    assert (base.filing_year, base.filing_serial, base.filed_on) == (year, 1, timezone.localdate())


def test_preview_says_what_would_be_filed_and_why_not():
    admin = region_admin()
    round_ = RoundFactory(state="closed")
    ok_app = _ended(round_)[0]
    running = in_notice(passed_application(round_), ends_on=timezone.localdate()).application

    preview = {p.application.pk: (p.ok, [f.code for f in p.findings])
               for p in notices.filing_preview(actor=admin, round_=round_)}  # fmt: skip
    assert preview == {ok_app.pk: (True, []), running.pk: (False, ["art11.3.notice_running"])}
    assert BaseApplication.objects.get(pk=ok_app.pk).state == S.IN_NOTICE


def test_dismissed_objection_releases_filing_after_the_notice_ends():
    admin = region_admin()
    round_ = RoundFactory(state="closed")
    item = in_notice(passed_application(round_), ends_on=timezone.localdate() - timedelta(days=1))
    obj = objection(item)
    assert not notices.filing_execute(actor=admin, round_=round_, application_ids=[item.application_id])[0].ok

    objection_workflow.apply(obj, "dismiss", actor=admin, comment="异议不成立。")

    result = notices.filing_execute(actor=admin, round_=round_, application_ids=[item.application_id])[0]
    assert result.ok
    assert BaseApplication.objects.get(pk=item.application_id).state == S.FILED


def test_upheld_objection_means_the_application_is_never_filed():
    admin = region_admin()
    round_ = RoundFactory(state="closed")
    item = in_notice(passed_application(round_), ends_on=timezone.localdate() - timedelta(days=1))
    objection_workflow.apply(objection(item), "uphold", actor=admin, comment="异议成立。")

    result = notices.filing_execute(actor=admin, round_=round_, application_ids=[item.application_id])[0]
    assert [f.code for f in result.findings] == ["kernel.wrong_state"]
    assert BaseApplication.objects.get(pk=item.application_id).state == S.REJECTED
    assert PracticeBase.objects.count() == 0


def test_filing_numbers_are_unique_and_sequential_across_calls():
    admin = region_admin()
    round_ = RoundFactory(state="closed")
    apps = _ended(round_, 3)
    first = notices.filing_execute(actor=admin, round_=round_, application_ids=[apps[0].pk, apps[1].pk])
    second = notices.filing_execute(actor=admin, round_=round_, application_ids=[apps[2].pk])
    year = timezone.localdate().year
    assert [r.filing_number for r in first + second] == [f"蒙博基备〔{year}〕{i:03d}号" for i in (1, 2, 3)]
    assert FilingSequence.objects.get(year=year).last_number == 3


def test_refused_item_consumes_no_serial():
    admin = region_admin()
    round_ = RoundFactory(state="closed")
    running = in_notice(passed_application(round_), ends_on=timezone.localdate()).application
    ok_app = _ended(round_)[0]
    results = notices.filing_execute(actor=admin, round_=round_, application_ids=[running.pk, ok_app.pk])
    assert results[1].filing_number.endswith("001号")


def test_applications_of_another_round_are_refused():
    admin = region_admin()
    other = _ended(RoundFactory(state="closed"))[0]
    result = notices.filing_execute(
        actor=admin, round_=RoundFactory(state="closed"), application_ids=[other.pk]
    )
    assert [f.code for f in result[0].findings] == ["art11.3.not_in_round"]


def test_only_the_region_files():
    round_ = RoundFactory(state="closed")
    app = _ended(round_)[0]
    with pytest.raises(TransitionRefused):
        notices.filing_execute(actor=user_with_role(Role.UNIT_ADMIN, app.unit), round_=round_,
                               application_ids=[app.pk])  # fmt: skip
    with pytest.raises(TransitionRefused):
        notices.filing_preview(actor=user_with_role(Role.BUREAU_OFFICER, app.unit.bureau), round_=round_)


@pytest.mark.django_db(transaction=True)
def test_concurrent_filings_get_distinct_serials():
    if connection.vendor != "postgresql":
        pytest.skip("row locks (select_for_update) need PostgreSQL; SQLite serialises all writes")
    admin = region_admin()
    round_ = RoundFactory(state="closed")
    apps = _ended(round_, 4)
    FilingSequence.objects.all().delete()  # both threads race to create the year's row as well
    barrier = threading.Barrier(len(apps))
    results, errors = [], []

    def file_one(app_id):
        from django.db import connections

        try:
            barrier.wait()
            results.extend(notices.filing_execute(actor=admin, round_=round_, application_ids=[app_id]))
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=file_one, args=(a.pk,)) for a in apps]
    for t in threads:
        t.start()
    for t in threads:
        t.join()

    assert errors == []
    assert all(r.ok for r in results), [r.findings for r in results]
    assert sorted(PracticeBase.objects.values_list("filing_serial", flat=True)) == [1, 2, 3, 4]
    assert len({r.filing_number for r in results}) == 4


# --- pages and the DOCX ----------------------------------------------------------------------------------
def test_filing_pages_preview_execute_and_download_the_notice(client):
    from docx import Document

    admin = region_admin()
    round_ = RoundFactory(state="closed", year=2026)
    apps = _ended(round_, 2)
    client.force_login(admin)
    url = reverse("establishment:filing", args=[round_.pk])

    preview = client.get(url).content.decode()
    assert all(f'data-application="{a.pk}"' in preview for a in apps)
    response = client.post(url, {"application": [a.pk for a in apps]})
    assert response.status_code == 200
    assert response.content.decode().count('data-ok="1"') == 2

    # The notice is issued (numbered) by a POST; the old link then serves the issued DOCX.
    assert client.post(reverse("documents:issue", args=["filing_notice", round_.pk])).status_code == 302
    docx = client.get(reverse("establishment:filing_notice_docx", args=[round_.pk]))
    assert docx.status_code == 200
    doc = Document(io.BytesIO(b"".join(docx.streaming_content)))
    rows = [[c.text for c in row.cells] for row in doc.tables[0].rows]
    bases = list(PracticeBase.objects.order_by("filing_serial"))
    assert rows == [["序号", "备案号", "基地名称", "所在盟市"]] + [
        [str(i), b.filing_number, b.name, "呼和浩特市"] for i, b in enumerate(bases, start=1)
    ]
    assert doc.paragraphs[0].text == "关于公布2026年度内蒙古自治区博士后创新实践基地备案名单的通知"


def test_filing_pages_are_for_the_region_only(client):
    round_ = RoundFactory(state="closed")
    app = _ended(round_)[0]
    client.force_login(user_with_role(Role.UNIT_ADMIN, app.unit))
    assert client.get(reverse("establishment:filing", args=[round_.pk])).status_code == 403
    assert client.get(reverse("establishment:filing_notice_docx", args=[round_.pk])).status_code == 403


# --- API -------------------------------------------------------------------------------------------------
def test_api_filing_preview_and_execute(client):
    admin = region_admin()
    round_ = RoundFactory(state="closed")
    app = _ended(round_)[0]
    running = in_notice(passed_application(round_), ends_on=timezone.localdate()).application
    client.force_login(admin)

    preview = client.get(f"/api/v1/rounds/{round_.pk}/filings").json()
    assert [(p["application_id"], p["ok"]) for p in preview] == [(app.pk, True), (running.pk, False)]
    response = client.post(f"/api/v1/rounds/{round_.pk}/filings", {"applications": [app.pk, running.pk]},
                           content_type="application/json")  # fmt: skip
    body = response.json()
    assert response.status_code == 200
    assert [(r["ok"], bool(r["filing_number"])) for r in body] == [(True, True), (False, False)]
    assert [f["code"] for f in body[1]["findings"]] == ["art11.3.notice_running"]


def test_api_filing_refused_for_other_roles(client):
    round_ = RoundFactory(state="closed")
    app = _ended(round_)[0]
    client.force_login(user_with_role(Role.UNIT_ADMIN, app.unit))
    assert client.get(f"/api/v1/rounds/{round_.pk}/filings").status_code == 403
