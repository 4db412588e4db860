"""Query counts of the tenure lists for the viewers and filters the per-feature tests leave out.

test_tenure.py, test_people.py, test_appointments.py, test_dispatches.py and test_withdrawals.py pin each list
page and API list at 1 and 20 rows for the base's own administrator (and the public board and topics API
anonymously), unfiltered. The scope rule differs per viewer (a supervisor's postdocs go through their
appointments, a bureau through the unit, a station through the partner station) and the filters add joins,
so each list is measured here for the other viewers and with its filters: the same number of queries at 1
and at 20 visible rows.
"""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from postdoc_base.accounts.enums import Role
from postdoc_base.tenure.dispatches.models import Dispatch
from postdoc_base.tenure.recruitment.enums import TopicState
from postdoc_base.tenure.recruitment.models import TopicInterest
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.people import make_postdoc, make_supervisor, postdoc_user, supervisor_user
from tests.factories.tenure import make_agreement, make_base, make_topic, station_contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    b1 = make_base("草原乳业", "呼和浩特市")
    st1 = StationFactory()
    partner(b1, st1)
    ssup, bsup = station_supervisor(b1, st1), base_supervisor(b1)
    own = make_postdoc(b1, id_type="passport", id_number="E00000000", nationality="蒙古国", name="巴图0")
    topic = make_topic(b1, state=TopicState.PUBLISHED, title="乳酸菌课题")
    return {
        "b1": b1, "st1": st1, "ssup": ssup, "bsup": bsup, "own": own, "topic": topic,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "station_same": station_contact(st1), "postdoc_own": postdoc_user(own), "supervisor_own": supervisor_user(ssup),
    }  # fmt: skip


def _grow(w, n, start=0):
    """``n`` rows of every list, all in base 1 with station 1 and the same two supervisors."""
    for i in range(start, start + n):
        postdoc = w["own"] if i == 0 else make_postdoc(
            w["b1"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国", name=f"巴图{i}"
        )  # fmt: skip
        a = make_appointment(w["b1"], w["st1"], postdoc, state=S.IN_BASE, complete=True,
                             station_supervisor=w["ssup"], base_supervisor=w["bsup"])  # fmt: skip
        Dispatch.objects.create(appointment=a, destination="domestic", purpose="conference", place="北京",
                                planned_start="2026-03-01", planned_return="2026-03-05")  # fmt: skip
        WithdrawalCase.objects.create(appointment=a, reason=7, facts="患病", proposed_by_role="unit_admin")
        make_agreement(w["b1"], w["st1"])
        make_topic(w["b1"], state=TopicState.PUBLISHED, title=f"乳酸菌{i}")
        TopicInterest.objects.create(topic=w["topic"], name=f"张{i}", contact="13812345678")
        make_supervisor(w["b1"], name=f"王{i}")


ALL, ONE = "all", "one"  # the viewer sees every row, or only their own record

CASES = [
    # pages
    ("/tenure/agreements/", "region", ALL),
    ("/tenure/agreements/", "bureau_same", ALL),
    ("/tenure/agreements/", "station_same", ALL),
    ("/tenure/topics/", "region", ALL),
    ("/tenure/interests/", "region", ALL),
    ("/public/topics/?q=乳酸菌&kind=research&bureau={hohhot}", None, ALL),
    ("/tenure/postdocs/?q=巴图", "region", ALL),
    ("/tenure/postdocs/", "bureau_same", ALL),
    ("/tenure/postdocs/", "supervisor_own", ALL),
    ("/tenure/postdocs/", "postdoc_own", ONE),
    ("/tenure/supervisors/?q=王", "region", ALL),
    ("/tenure/supervisors/", "bureau_same", ALL),
    ("/tenure/supervisors/", "supervisor_own", ONE),
    ("/tenure/appointments/?state=in_base&base={b1}", "region", ALL),
    ("/tenure/appointments/", "bureau_same", ALL),
    ("/tenure/appointments/", "station_same", ALL),
    ("/tenure/appointments/", "supervisor_own", ALL),
    ("/tenure/appointments/", "postdoc_own", ONE),
    ("/tenure/dispatches/?state=requested", "region", ALL),
    ("/tenure/dispatches/", "station_same", ALL),
    ("/tenure/dispatches/", "supervisor_own", ALL),
    ("/tenure/withdrawals/?state=proposed", "region", ALL),
    ("/tenure/withdrawals/", "bureau_same", ALL),
    ("/tenure/withdrawals/", "station_same", ALL),
    ("/tenure/withdrawals/", "postdoc_own", ONE),
    # API lists
    ("/api/v1/cooperation-agreements", "station_same", ALL),
    ("/api/v1/cooperation-agreements", "region", ALL),
    ("/api/v1/topics?q=乳酸菌&kind=research&bureau={hohhot}", None, ALL),
    ("/api/v1/topics?q=乳酸菌", "region", ALL),
    ("/api/v1/topics/{topic}/interests", "region", ALL),
    ("/api/v1/postdocs?q=巴图", "region", ALL),
    ("/api/v1/postdocs", "supervisor_own", ALL),
    ("/api/v1/postdocs", "postdoc_own", ONE),
    ("/api/v1/supervisors?q=王", "bureau_same", ALL),
    ("/api/v1/supervisors", "supervisor_own", ONE),
    ("/api/v1/appointments?state=in_base&base={b1}", "region", ALL),
    ("/api/v1/appointments", "station_same", ALL),
    ("/api/v1/appointments", "supervisor_own", ALL),
    ("/api/v1/dispatches?state=requested", "region", ALL),
    ("/api/v1/dispatches", "supervisor_own", ALL),
    ("/api/v1/withdrawals?state=proposed", "station_same", ALL),
    ("/api/v1/withdrawals", "postdoc_own", ONE),
]


def _measure(client, url) -> tuple[int, int]:
    """(queries, rows visible) of one GET."""
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    visible = r.json()["count"] if url.startswith("/api/") else r.context["page"].paginator.count
    return len(ctx), visible


@pytest.mark.parametrize("url, who, sees", CASES)
def test_list_uses_the_same_queries_for_1_and_20_rows(world, url, who, sees):
    url = url.format(hohhot=bureau("呼和浩特市").pk, b1=world["b1"].pk, topic=world["topic"].pk)
    _grow(world, 1)
    c = Client()
    if who:
        c.force_login(world[who])
    c.get(url)  # warm the session
    one, rows_one = _measure(c, url)
    _grow(world, 19, start=1)
    twenty, rows_twenty = _measure(c, url)
    assert twenty == one, f"{url} as {who}: {one} queries at 1 row, {twenty} at 20"
    # The viewer really sees the rows (else the count proves nothing).
    if sees == ALL:
        assert rows_twenty - rows_one >= 19, (url, who, rows_one, rows_twenty)
    else:
        assert (rows_one, rows_twenty) == (1, 1), (url, who)
