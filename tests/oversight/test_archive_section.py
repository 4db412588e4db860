"""The archive check of a base (档案完整性, Art. 25): the facts gathered set-based for every appointment of the base
(the same queries for 1 and 20 appointments), and the base file's sections of Art. 25."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.oversight.inspections import services
from postdoc_base.oversight.inspections.archive import base_archive
from postdoc_base.oversight.inspections.workflow import inspection_workflow
from postdoc_base.policy.oversight.archive import (
    AGREEMENT,
    ENTRY_FILING,
    EXIT_ASSESSMENT,
    MIDTERM,
    PAY,
    RESEARCH_REPORT,
    WITHDRAWAL,
    WORK_SUMMARY,
)
from postdoc_base.tenure.assessments.enums import AssessmentState
from postdoc_base.tenure.assessments.models import Assessment
from postdoc_base.tenure.outputs.models import PayRecord
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.appointments import make_appointment, partner
from tests.factories.people import make_postdoc
from tests.factories.tenure import base_admin, make_base

pytestmark = pytest.mark.django_db

TODAY = date(2028, 6, 15)


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    b1, st = make_base("草原乳业", "呼和浩特市"), StationFactory()
    partner(b1, st)
    return {"b1": b1, "st": st, "b2": make_base("稀土新材料", "包头市"),
            "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
            "base_same": base_admin(b1)}  # fmt: skip


def appoint(w, state, name, number, **kwargs):
    postdoc = make_postdoc(w["b1"], id_type="passport", id_number=number, nationality="蒙古国", name=name)
    return make_appointment(w["b1"], w["st"], postdoc, state=state, complete=True, **kwargs)


def missing_of(archive, pk):
    entry = next(a for a in archive if a.appointment_id == pk)
    return {(r.key, r.year) for r in entry.missing}


def test_each_appointment_lists_what_it_misses(world):
    drafted = appoint(world, S.DRAFTED, "草拟", "E00000001")
    in_base = appoint(world, S.IN_BASE, "在站", "E00000002", entry_date=date(2026, 1, 31),
                      entry_filing_submitted_on=date(2026, 3, 1), entry_filed_on=date(2026, 3, 5))  # fmt: skip
    Assessment.objects.create(appointment=in_base, kind="midterm", due_on=date(2027, 1, 31),
                              state=AssessmentState.SCHEDULED)  # fmt: skip
    PayRecord.objects.create(appointment=in_base, year=2026, annual_pay_yuan=200000)
    exited = appoint(world, S.EXITED, "出站", "E00000003", entry_date=date(2026, 1, 31),
                     entry_filing_submitted_on=date(2026, 2, 1), exit_date=date(2028, 2, 1))  # fmt: skip
    for kind in ("midterm", "exit"):
        Assessment.objects.create(appointment=exited, kind=kind, due_on=date(2027, 1, 31),
                                  state=AssessmentState.GRADED, grade="pass")  # fmt: skip
    for year in (2026, 2027, 2028):
        PayRecord.objects.create(appointment=exited, year=year, annual_pay_yuan=200000)
    withdrawn = appoint(world, S.WITHDRAWN, "退出", "E00000004", entry_date=date(2026, 1, 31),
                        entry_filed_on=date(2026, 2, 1))  # fmt: skip
    WithdrawalCase.objects.create(appointment=withdrawn, reason=7, facts="患病", proposed_by_role="unit_admin",
                                  state="decided_withdrawn", decided_on=date(2026, 12, 1))  # fmt: skip
    archive = base_archive(world["b1"], TODAY)
    assert [a.postdoc_name for a in archive] == ["退出", "出站", "在站", "草拟"]
    assert missing_of(archive, drafted.pk) == set()
    assert missing_of(archive, in_base.pk) == {(MIDTERM, None), (PAY, 2027)}
    assert missing_of(archive, exited.pk) == {(RESEARCH_REPORT, None), (WORK_SUMMARY, None)}
    # Withdrawn on 1 December 2026, before the mid-term date: no mid-term owed; the 2026 pay record is.
    assert missing_of(archive, withdrawn.pk) == {(PAY, 2026)}
    entry = next(a for a in archive if a.appointment_id == withdrawn.pk)
    assert {r.key for r in entry.records} == {AGREEMENT, ENTRY_FILING, PAY, WITHDRAWAL}


def test_a_withdrawn_postdoc_without_the_decision_misses_it(world):
    withdrawn = appoint(world, S.WITHDRAWN, "退出", "E00000004", entry_date=date(2026, 1, 31),
                        entry_filed_on=date(2026, 2, 1))  # fmt: skip
    assert (WITHDRAWAL, None) in missing_of(base_archive(world["b1"], TODAY), withdrawn.pk)


def test_an_exited_postdoc_without_the_exit_assessment_misses_it(world):
    exited = appoint(world, S.EXITED, "出站", "E00000003", entry_date=date(2026, 1, 31),
                     entry_filed_on=date(2026, 2, 1), exit_date=date(2026, 10, 1))  # fmt: skip
    assert (EXIT_ASSESSMENT, None) in missing_of(base_archive(world["b1"], TODAY), exited.pk)


def _grow(w, n, start=0):
    for i in range(start, start + n):
        a = appoint(w, S.IN_BASE, f"巴图{i}", f"E{i:08d}", entry_date=date(2026, 1, 31),
                    entry_filing_submitted_on=date(2026, 2, 1))  # fmt: skip
        Assessment.objects.create(appointment=a, kind="midterm", due_on=date(2027, 1, 31),
                                  state=AssessmentState.GRADED, grade="pass")  # fmt: skip
        PayRecord.objects.create(appointment=a, year=2026, annual_pay_yuan=200000)


def test_the_archive_reads_the_same_queries_for_1_and_20_appointments(world):
    _grow(world, 1)
    with CaptureQueriesContext(connection) as one:
        assert len(base_archive(world["b1"], TODAY)) == 1
    _grow(world, 19, start=1)
    with CaptureQueriesContext(connection) as twenty:
        assert len(base_archive(world["b1"], TODAY)) == 20
    assert len(one) == len(twenty) == 5


def test_the_base_file_shows_both_art25_sections_in_the_same_queries_for_1_and_20(world):
    c = Client()
    c.force_login(world["bureau_same"])
    url = f"/bases/{world['b1'].pk}/file/"
    _grow(world, 1)
    c.get(url)
    with CaptureQueriesContext(connection) as one:
        html = c.get(url).content.decode()
    assert "自查（第二十五条）" in html and "档案完整性（第二十五条）" in html
    _grow(world, 19, start=1)
    with CaptureQueriesContext(connection) as twenty:
        html = c.get(url).content.decode()
    # In the base since 2026: the 2027 pay record is missing for every one of them (once 2027 has ended).
    if timezone.localdate().year > 2027:
        assert html.count('data-record="pay"') == 20
    assert len(one) == len(twenty)


def test_the_self_inspection_section_shows_the_years_and_the_inspections(world):
    inspection = services.inspection_open(actor=world["base_same"], base=world["b1"], year=world["b1"].filed_on.year,
                                          summary="年度自查")  # fmt: skip
    inspection_workflow.apply(inspection, "close", actor=world["base_same"])
    c = Client()
    c.force_login(world["base_same"])
    html = c.get(f"/bases/{world['b1'].pk}/file/").content.decode()
    assert inspection.get_absolute_url() in html and "未发现问题" in html
    assert "开展自查" in html


def test_the_archive_section_names_the_missing_records_of_each_postdoc(world):
    appoint(world, S.IN_BASE, "在站", "E00000002", entry_date=timezone.localdate() - timedelta(days=200))
    c = Client()
    c.force_login(world["bureau_same"])
    html = c.get(f"/bases/{world['b1'].pk}/file/").content.decode()
    assert 'data-record="entry_filing"' in html and "进站备案" in html and "第十三条第（二）项" in html
