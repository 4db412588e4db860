"""Art. 13(2) 进站手续办理完毕后，于三个月内……报自治区人力资源和社会保障厅备案: lateness is the base's submission day
against the due date (three months after entry), never the day the region gets round to accepting it.

The base's ``submit_filing`` records the submission day, ``return_filing`` clears it (the next submission is the
report the region files), ``accept_filing`` marks the filing late from it. The page's overdue mark and the
data migration that recomputes the stored flag from the audit trail follow the same rule.
"""

from datetime import date, datetime, time
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.test import Client
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.models import Appointment
from postdoc_base.tenure.stay.workflow import appointment_workflow
from tests.factories import StationFactory, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.people import ID_1985, ID_1988, ID_1990, ID_X, ID_X2, make_postdoc
from tests.factories.shared import fresh_copy, once_per_module
from tests.factories.tenure import base_admin, make_base

pytestmark = pytest.mark.django_db

SHANGHAI = ZoneInfo("Asia/Shanghai")
ENTRY = date(2026, 1, 31)  # due 30 April 2026
DUE = date(2026, 4, 30)


def _build_w():
    b1, st1 = make_base("草原乳业", "呼和浩特市"), StationFactory()
    partner(b1, st1)
    return {
        "b1": b1, "st1": st1, "ssup": station_supervisor(b1, st1), "bsup": base_supervisor(b1),
        "base": base_admin(b1), "region": user_with_role(Role.REGION_ADMIN),
    }  # fmt: skip


shared_w = once_per_module(_build_w)


@pytest.fixture
def w(shared_w, db):
    return fresh_copy(shared_w)


def entered(w, number: str = ID_1990) -> Appointment:
    return make_appointment(w["b1"], w["st1"], make_postdoc(w["b1"], number), state=S.ENTERED, complete=True,
                            station_supervisor=w["ssup"], base_supervisor=w["bsup"], entry_date=ENTRY)  # fmt: skip


@pytest.fixture
def clock(monkeypatch):
    """Set the clock to a local day (and hour): the workflow's ``today`` and the audit events' ``at``."""

    def set_clock(day: date, hour: time = time(10)) -> None:
        moment = datetime.combine(day, hour, tzinfo=SHANGHAI)
        monkeypatch.setattr(timezone, "now", lambda: moment)
        monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: day)

    return set_clock


def step(w, appointment, action: str, who: str, comment: str = "") -> Appointment:
    return appointment_workflow.apply(appointment, action, actor=w[who], comment=comment)


# --- the workflow ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("submitted", "accepted", "late"),
    [
        (date(2026, 4, 29), date(2026, 5, 10), False),  # the defect: in time, accepted after the due date
        (DUE, date(2026, 6, 1), False),  # submitted on the due date
        (date(2026, 5, 1), date(2026, 5, 1), True),  # submitted the day after
        (date(2026, 5, 1), date(2026, 5, 2), True),
        (date(2026, 4, 1), DUE, False),
    ],
)
def test_lateness_is_the_bases_submission_against_the_due_date_not_the_regions_acceptance(
    w, clock, submitted, accepted, late
):
    a = entered(w)
    clock(submitted)
    a = step(w, a, "submit_filing", "base")
    assert (a.state, a.entry_filing_submitted_on) == (S.FILING_SUBMITTED, submitted)
    clock(accepted)
    a = step(w, a, "accept_filing", "region")
    stored = Appointment.objects.get(pk=a.pk)
    assert (stored.state, stored.entry_filing_submitted_on, stored.entry_filed_on, stored.entry_filing_late) == (
        S.IN_BASE, submitted, accepted, late,
    )  # fmt: skip
    event = AuditEvent.objects.get(subject_id=str(a.pk), action="accept_filing")
    assert event.diff.get("entry_filing_late") == ([False, True] if late else None)


def test_a_returned_filing_counts_from_the_resubmission(w, clock):
    a = entered(w)
    clock(date(2026, 4, 20))
    a = step(w, a, "submit_filing", "base")
    clock(date(2026, 4, 25))
    a = step(w, a, "return_filing", "region", comment="合作导师信息有误")
    assert (a.state, a.entry_filing_submitted_on) == (S.ENTERED, None)
    clock(date(2026, 5, 3))
    a = step(w, a, "submit_filing", "base")
    clock(date(2026, 5, 4))
    a = step(w, a, "accept_filing", "region")
    assert (a.entry_filing_submitted_on, a.entry_filed_on, a.entry_filing_late) == (
        date(2026, 5, 3), date(2026, 5, 4), True,
    )  # fmt: skip


def test_a_filing_pending_without_a_known_submission_day_counts_from_the_acceptance(w, clock):
    """Rows kept from before the submission day was recorded: the acceptance day stands in, as before."""
    a = make_appointment(w["b1"], w["st1"], make_postdoc(w["b1"]), state=S.FILING_SUBMITTED, complete=True,
                         station_supervisor=w["ssup"], base_supervisor=w["bsup"], entry_date=ENTRY)  # fmt: skip
    clock(date(2026, 5, 1))
    a = step(w, a, "accept_filing", "region")
    assert (a.entry_filing_submitted_on, a.entry_filing_late) == (None, True)


# --- the page --------------------------------------------------------------------------------------------
def _page(w, appointment) -> str:
    client = Client()
    client.force_login(w["base"])
    return client.get(f"/tenure/appointments/{appointment.pk}/").content.decode()


def _due_cell(html: str) -> str:
    return html.split('data-testid="filing-due"')[1].split("</dd>")[0]


@pytest.mark.parametrize(("submitted", "overdue"), [(DUE, False), (date(2026, 5, 1), True)])
def test_the_page_marks_a_filing_waiting_for_the_region_overdue_only_if_submitted_late(
    w, clock, submitted, overdue
):
    a = entered(w)
    clock(submitted)
    a = step(w, a, "submit_filing", "base")
    clock(date(2026, 6, 15))  # the region has not acted yet
    html = _page(w, a)
    assert ("逾期" in _due_cell(html)) is overdue
    assert "进站备案报送日期" in html
    expected = f"{submitted.year}年{submitted.month}月{submitted.day}日"
    assert html.split('data-testid="filing-submitted-on">')[1].split("</dd>")[0] == expected


def test_the_page_marks_an_unreported_entry_overdue_after_the_due_date(w, clock):
    a = entered(w)
    clock(date(2026, 5, 1))
    assert "逾期" in _due_cell(_page(w, a))
    clock(DUE)
    assert "逾期" not in _due_cell(_page(w, a))


# --- the data migration ----------------------------------------------------------------------------------
MIGRATION = "postdoc_base.tenure.migrations.0009_appointment_entry_filing_submitted_on"


def _as_before_the_migration(appointment: Appointment) -> None:
    """The row as the old code left it: no submission day; late measured from the acceptance day."""
    late = appointment.entry_filed_on is not None and appointment.entry_filed_on > DUE
    Appointment.objects.filter(pk=appointment.pk).update(
        entry_filing_submitted_on=None, entry_filing_late=late
    )


def test_the_migration_recomputes_lateness_from_the_submission_day_in_the_audit_trail(w, clock):
    in_time = entered(w, ID_1990)  # submitted 29 April, accepted 10 May: was marked late
    late = entered(w, ID_1988)  # submitted at 00:30 on 1 May (30 April in UTC), accepted 2 May
    returned = entered(w, ID_1985)  # submitted, then returned: no standing submission
    pending = entered(w, ID_X)  # submitted 28 April, still with the region
    clock(date(2026, 4, 28))
    step(w, pending, "submit_filing", "base")
    clock(date(2026, 4, 29))
    step(w, in_time, "submit_filing", "base")
    step(w, returned, "submit_filing", "base")
    clock(date(2026, 5, 1), time(0, 30))
    step(w, late, "submit_filing", "base")
    step(w, returned, "return_filing", "region", comment="材料不全")
    clock(date(2026, 5, 2))
    step(w, late, "accept_filing", "region")
    clock(date(2026, 5, 10))
    step(w, in_time, "accept_filing", "region")
    # Accepted late with no trail of its submission (made outside the workflow): nothing to recompute from.
    untraced = make_appointment(w["b1"], w["st1"], make_postdoc(w["b1"], ID_X2), state=S.IN_BASE, complete=True,
                                station_supervisor=w["ssup"], base_supervisor=w["bsup"], entry_date=ENTRY,
                                entry_filed_on=date(2026, 5, 10), entry_filing_late=True)  # fmt: skip
    rows = [in_time, late, returned, pending, untraced]
    for a in rows:
        _as_before_the_migration(Appointment.objects.get(pk=a.pk))
    assert [Appointment.objects.get(pk=a.pk).entry_filing_late for a in rows] == [
        True,
        True,
        False,
        False,
        True,
    ]

    import_module(MIGRATION).forwards(apps, None)

    assert [
        (a.pk, a.entry_filing_submitted_on, a.entry_filing_late)
        for a in Appointment.objects.filter(pk__in=[r.pk for r in rows]).order_by("pk")
    ] == [
        (in_time.pk, date(2026, 4, 29), False),
        (late.pk, date(2026, 5, 1), True),
        (returned.pk, None, False),
        (pending.pk, date(2026, 4, 28), False),
        (untraced.pk, None, True),
    ]
