"""A small region for the statistics: two bases in 呼和浩特市 (one revoked) and one in 包头市, their postdocs,
outputs, funding, applications and an overdue item, with one user per scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from postdoc_base.accounts.enums import Role, ScopeKind
from postdoc_base.establishment.models import BaseApplication, PriorityClaim
from postdoc_base.kernel.models import Obligation
from postdoc_base.oversight.funding.models import FundingRecord
from postdoc_base.tenure.outputs.enums import OutputKind, OutputState
from postdoc_base.tenure.outputs.models import Output
from postdoc_base.tenure.stay.enums import AppointmentState
from tests.factories import ExpertFactory, StationFactory, bureau, user_with_role
from tests.factories.appointments import make_appointment
from tests.factories.people import make_postdoc
from tests.factories.tenure import base_admin, make_base

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(serial: int) -> str:
    """A valid resident ID number (GB 11643-1999 check character) for the ``serial``-th test postdoc."""
    body = f"15010219900101{serial:03d}"
    return body + "10X98765432"[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def appoint(base, station, serial, state=AppointmentState.IN_BASE, **kwargs):
    postdoc = make_postdoc(base, id_number(serial), name=f"博士后{serial}")
    return make_appointment(base, station, postdoc, state=state, complete=True, **kwargs)


def output(a, kind, state=OutputState.CONFIRMED, occurred_on=date(2026, 6, 1), **kwargs):
    return Output.objects.create(appointment=a, kind=kind, title="成果", occurred_on=occurred_on, state=state,
                                 **kwargs)  # fmt: skip


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def world():
    hohhot, baotou = bureau("呼和浩特市"), bureau("包头市")
    b1 = make_base("草原乳业", "呼和浩特市")
    b2 = make_base("稀土新材料", "包头市")
    b3 = make_base("煤化工", "呼和浩特市", state="revoked")
    BaseApplication.objects.filter(pk__in=[b1.application_id, b2.application_id, b3.application_id]).update(
        submitted_at=timezone.now(), affiliation="local"
    )
    PriorityClaim.objects.create(application=b1.application, category="platform", description="自治区级平台")
    PriorityClaim.objects.create(application=b1.application, category="ranking", description="榜单")
    station = StationFactory()
    a1 = appoint(b1, station, 1, entry_date=date(2026, 1, 31))
    a2 = appoint(b1, station, 2, AppointmentState.EXITED, entry_date=date(2024, 3, 1), exit_date=date(2026, 11, 20),
                 destination="base_unit")  # fmt: skip
    a3 = appoint(b2, station, 3, entry_date=date(2025, 9, 1))
    appoint(b2, station, 4, AppointmentState.EXITED, entry_date=date(2024, 5, 1), exit_date=date(2026, 3, 1),
            destination="outside")  # fmt: skip
    appoint(b1, station, 5, AppointmentState.DRAFTED)  # not entered: in no count
    output(a1, OutputKind.PATENT)
    output(a1, OutputKind.PATENT, state=OutputState.SUBMITTED)  # not confirmed: not counted
    output(a1, OutputKind.TECH_TRANSFER, amount_yuan=500000, postdoc_share_yuan=100000)
    output(a1, OutputKind.PROJECT, level="provincial", role="led")
    output(a1, OutputKind.PROJECT, level="municipal", role="led")  # not a major project
    output(a2, OutputKind.PATENT, occurred_on=date(2025, 5, 1))  # another year
    output(a3, OutputKind.PATENT)
    output(a3, OutputKind.INVENTION)
    output(a3, OutputKind.TECH_TRANSFER, amount_yuan=200000, postdoc_share_yuan=50000)
    FundingRecord.objects.create(
        base=b1, appointment=a1, year=2026, source="unit", amount=120000, purpose="资助"
    )
    FundingRecord.objects.create(base=b1, year=2026, source="region", amount=50000, purpose="补助")
    yesterday = timezone.localdate() - timedelta(days=1)
    for unit_id in (b1.unit_id, b1.unit_id, b2.unit_id):
        Obligation.objects.create(subject_type="x", subject_id="1", subject_label="逾期", kind="k", title="t",
                                  due_on=yesterday, responsible_role=Role.UNIT_ADMIN, scope_kind=ScopeKind.UNIT,
                                  scope_id=unit_id, opened_at=timezone.now())  # fmt: skip
    return {
        "hohhot": hohhot, "baotou": baotou, "b1": b1, "b2": b2, "b3": b3, "a1": a1, "a2": a2, "a3": a3,
        "region": user_with_role(Role.REGION_ADMIN, username="region"),
        "hohhot_officer": user_with_role(Role.BUREAU_OFFICER, hohhot),
        "baotou_officer": user_with_role(Role.BUREAU_OFFICER, baotou),
        "b1_admin": base_admin(b1), "b2_admin": base_admin(b2),
        "station": user_with_role(Role.STATION_CONTACT, station),
        "expert": user_with_role(Role.EXPERT, ExpertFactory()),
    }  # fmt: skip
