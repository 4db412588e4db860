"""Query counts of the tenure lists for the viewers and filters the per-feature tests leave out.

test_tenure.py, test_people.py, test_appointments.py, test_dispatches.py and test_withdrawals.py pin each list
page and API list at 1 and 20 rows for the base's own administrator (and the public board and topics API
anonymously), unfiltered. The scope rule differs per viewer (a supervisor's postdocs go through their
appointments, a bureau through the unit, a station through the partner station) and the filters add joins,
so each list is measured here for the other viewers and with its filters: the same number of queries at 1
and at 20 visible rows.
"""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from postdoc_base.accounts.enums import Role
from postdoc_base.tenure.dispatches.models import Dispatch
from postdoc_base.tenure.recruitment.enums import TopicState
from postdoc_base.tenure.recruitment.models import CooperationAgreement, TopicInterest
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from tests.factories import StationFactory, bureau, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, station_supervisor
from tests.factories.pages import body_text
from tests.factories.people import make_postdoc, make_supervisor, postdoc_user, supervisor_user
from tests.factories.shared import once_per_module
from tests.factories.tenure import make_agreement, make_base, make_topic, station_contact

pytestmark = pytest.mark.django_db


def _build_world():
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


shared_world = once_per_module(_build_world)


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


def _measure(client, url) -> tuple[int, int, str]:
    """(queries, rows visible, the page or JSON as text) of one GET."""
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    visible = r.json()["count"] if url.startswith("/api/") else r.context["page"].paginator.count
    return len(ctx), visible, body_text(r)


# How each list names the rows ``_grow`` numbers 0-19 (the postdoc's name for what hangs off an appointment).
MARKS = {"interests": "张", "topics": "乳酸菌", "supervisors": "王", "postdocs": "巴图", "appointments": "巴图",
         "dispatches": "巴图", "withdrawals": "巴图"}  # fmt: skip


def _shown(url, text) -> set[int]:
    """The numbers of the rows the list shows: by name, or for agreements (all alike) by id."""
    if "agreements" in url:
        pattern = r'"id": (\d+)' if url.startswith("/api/") else r"/tenure/agreements/(\d+)/"
        return {int(n) for n in re.findall(pattern, text)}
    mark = next(MARKS[k] for k in MARKS if k in url)
    return {int(n) for n in re.findall(mark + r"(\d+)", text)}


def _expected(world, url, sees, n) -> set[int]:
    if "agreements" in url:
        return set(CooperationAgreement.objects.values_list("pk", flat=True))
    if sees == ONE:  # only the viewer's own record: postdoc 0's, or the supervisor's own (not numbered)
        return set() if "supervisors" in url else {0}
    return set(range(n))


@pytest.mark.parametrize("url, who, sees", CASES)
def test_list_uses_the_same_queries_for_1_and_20_rows(world, url, who, sees):
    url = url.format(hohhot=bureau("呼和浩特市").pk, b1=world["b1"].pk, topic=world["topic"].pk)
    _grow(world, 1)
    c = Client()
    if who:
        c.force_login(world[who])
    c.get(url)  # warm the session
    one, rows_one, text = _measure(c, url)
    assert _expected(world, url, sees, 1) <= _shown(url, text), (url, who)
    _grow(world, 19, start=1)
    twenty, rows_twenty, text = _measure(c, url)
    assert twenty == one, f"{url} as {who}: {one} queries at 1 row, {twenty} at 20"
    # The rows are on the page or in the JSON: all 20 (only the viewer's own where that is all it may see).
    expected = _expected(world, url, sees, 20)
    if sees == ALL:
        assert expected <= _shown(url, text), (url, who, sorted(expected - _shown(url, text)))
    else:
        assert _shown(url, text) == expected, (url, who)
    # The viewer really sees the rows (else the count proves nothing).
    if sees == ALL:
        assert rows_twenty - rows_one >= 19, (url, who, rows_one, rows_twenty)
    else:
        assert (rows_one, rows_twenty) == (1, 1), (url, who)
