"""第十三条: a postdoc holds one live appointment at a time (from the drafted agreement until exit or withdrawal).

The service refuses a second one before writing, with the reason; the database refuses it too (the conditional
unique constraint ``one_live_appointment_per_postdoc``), and a request that loses the race to a concurrent one
gets the service's refusal, not a server error. On PostgreSQL, of several concurrent creations exactly one
succeeds.
"""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client

from postdoc_base.accounts.models import User
from postdoc_base.kernel.models import AuditEvent, Obligation
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.tenure.stay import services
from postdoc_base.tenure.stay.enums import LIVE_APPOINTMENT_STATES
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.models import Appointment
from tests.factories import StationFactory
from tests.factories.appointments import make_appointment, partner
from tests.factories.people import ID_1988, make_postdoc
from tests.factories.tenure import base_admin, make_base

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writing transactions (PostgreSQL); SQLite allows one writer at a time",
)


def refusal(state_label: str) -> tuple[str, str, str]:
    return (
        "art13.one_live_appointment", "第十三条",
        f"该博士后研究人员已有一条进行中的进基地记录（{state_label}）。同一博士后研究人员同一时间只能有一条进行中的进基地记录"
        "（第十三条），待该记录出基地或退出基地后方可新建。",
    )  # fmt: skip


def _world():
    base, station = make_base("草原乳业", "呼和浩特市"), StationFactory()
    partner(base, station)
    return {"base": base, "station": station, "postdoc": make_postdoc(base), "admin": base_admin(base)}


@pytest.fixture
def w(db):
    return _world()


def create(w, actor=None):
    return services.appointment_create(
        actor=actor or w["admin"], base=w["base"], postdoc=w["postdoc"], station=w["station"]
    )


def _written() -> tuple:
    return (
        AuditEvent.objects.count(),
        list(Appointment.objects.order_by("pk").values_list("pk", "postdoc_id", "state")),
        Obligation.objects.count(),
    )


# --- the service -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("state", LIVE_APPOINTMENT_STATES)
def test_a_second_appointment_is_refused_while_one_is_live_and_nothing_is_written(w, state):
    make_appointment(w["base"], w["station"], w["postdoc"], state=state)
    before = _written()
    with pytest.raises(TransitionRefused) as refused:
        create(w)
    assert [(f.code, f.article, str(f.message)) for f in refused.value.findings] == [
        refusal(str(S(state).label))
    ]
    assert _written() == before


@pytest.mark.parametrize("state", [S.EXITED, S.WITHDRAWN])
def test_after_exit_or_withdrawal_a_new_appointment_may_be_drafted(w, state):
    make_appointment(w["base"], w["station"], w["postdoc"], state=state)
    assert create(w).state == S.DRAFTED
    assert Appointment.objects.filter(postdoc=w["postdoc"]).count() == 2


def test_another_postdoc_is_not_held_by_the_first_ones_appointment(w):
    create(w)
    other = make_postdoc(w["base"], ID_1988, name="巴特尔·朝鲁")
    assert services.appointment_create(
        actor=w["admin"], base=w["base"], postdoc=other, station=w["station"]
    ).pk


def test_the_live_states_are_every_state_but_exit_and_withdrawal():
    assert set(LIVE_APPOINTMENT_STATES) == set(S.values) - {S.EXITED, S.WITHDRAWN}


def test_the_database_refuses_a_second_live_appointment_written_past_the_service(w):
    make_appointment(w["base"], w["station"], w["postdoc"], state=S.IN_BASE)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_appointment(w["base"], w["station"], w["postdoc"], state=S.DRAFTED)
    assert Appointment.objects.filter(postdoc=w["postdoc"]).count() == 1


def test_a_request_that_loses_the_race_gets_the_same_refusal(w, monkeypatch):
    """The check passed (a concurrent request had not committed yet), then the constraint refused the insert."""
    make_appointment(w["base"], w["station"], w["postdoc"], state=S.SIGNED)
    real_filter = Appointment.objects.filter
    calls = []

    def filter_missing_the_concurrent_row(*args, **kwargs):
        calls.append(kwargs)
        qs = real_filter(*args, **kwargs)
        return qs.none() if len(calls) == 1 else qs  # the first check does not see it yet

    monkeypatch.setattr(Appointment.objects, "filter", filter_missing_the_concurrent_row)
    before = _written()
    with pytest.raises(TransitionRefused) as refused:
        create(w)
    assert [(f.code, f.article, str(f.message)) for f in refused.value.findings] == [
        refusal("三方协议已签署")
    ]
    assert _written() == before
    assert len(calls) == 2  # asked before writing, and again after the constraint refused


# --- pages and API ---------------------------------------------------------------------------------------
def test_the_page_shows_the_refusal_on_the_form(w):
    make_appointment(w["base"], w["station"], w["postdoc"], state=S.IN_BASE)
    client = Client()
    client.force_login(w["admin"])
    before = _written()
    response = client.post("/tenure/appointments/new/", {"base": w["base"].pk, "postdoc": w["postdoc"].pk,
                                                         "station": w["station"].pk})  # fmt: skip
    assert response.status_code == 200
    assert refusal("在基地")[2] in response.content.decode()
    assert _written() == before


def test_the_api_answers_409_with_the_refusal(w):
    make_appointment(w["base"], w["station"], w["postdoc"], state=S.DRAFTED)
    client = Client()
    client.force_login(w["admin"])
    before = _written()
    response = client.post(
        "/api/v1/appointments",
        {"base": w["base"].pk, "postdoc": w["postdoc"].pk, "station": w["station"].pk},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert [(f["code"], f["article"], f["message"]) for f in response.json()["findings"]] == [
        refusal("三方协议草拟")
    ]
    assert _written() == before


# --- concurrency (PostgreSQL) ----------------------------------------------------------------------------
@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_of_eight_concurrent_creations_exactly_one_succeeds():
    w = _world()
    requests = 8
    start = threading.Barrier(requests)
    created: list[int] = []
    refused: list[list[str]] = []
    errors: list[BaseException] = []

    def request():
        try:
            actor = User.objects.get(pk=w["admin"].pk)  # each request its own user, as each its own session
            actor.assignments  # noqa: B018 - loaded before the race, as a request's middleware does
            start.wait(10)
            created.append(create(w, actor).pk)
        except TransitionRefused as exc:
            refused.append([f.code for f in exc.findings])
        except BaseException as exc:  # reported below, not lost in the thread
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=request) for _ in range(requests)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert errors == []
    assert len(created) == 1
    assert refused == [["art13.one_live_appointment"]] * (requests - 1)
    assert list(Appointment.objects.filter(postdoc=w["postdoc"]).values_list("pk", "state")) == [
        (created[0], S.DRAFTED)
    ]
    assert AuditEvent.objects.filter(subject_type="tenure.appointment", action="create").count() == 1


# --- the migration's check of existing rows --------------------------------------------------------------
@postgresql_only
def test_the_migration_stops_and_lists_postdocs_who_already_hold_two_live_appointments(w):
    """Rows written before the constraint: the migration names them instead of failing on an IntegrityError."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("postdoc_base.tenure.migrations.0010_one_live_appointment_per_postdoc")
    constraint = next(
        c for c in Appointment._meta.constraints if c.name == "one_live_appointment_per_postdoc"
    )
    with connection.schema_editor() as editor:  # PostgreSQL: undone with the test's transaction
        editor.remove_constraint(Appointment, constraint)
    first = make_appointment(w["base"], w["station"], w["postdoc"], state=S.IN_BASE)
    second = make_appointment(w["base"], w["station"], w["postdoc"], state=S.DRAFTED)
    make_appointment(w["base"], w["station"], w["postdoc"], state=S.EXITED)  # not live: not listed

    with pytest.raises(RuntimeError) as stopped:
        migration.refuse_existing_duplicates(apps, None)

    assert str(stopped.value) == (
        "1 postdoc(s) hold more than one live appointment (Art. 13 allows one):\n"
        f"  postdoc {w['postdoc'].pk}: appointments {first.pk} (in_base), {second.pk} (drafted)\n"
        "Keep one live appointment per postdoc, then run the migration again."
    )


def test_the_migrations_check_passes_when_every_postdoc_has_at_most_one(w):
    from importlib import import_module

    from django.apps import apps

    make_appointment(w["base"], w["station"], w["postdoc"], state=S.IN_BASE)
    make_appointment(w["base"], w["station"], w["postdoc"], state=S.EXITED)
    migration = import_module("postdoc_base.tenure.migrations.0010_one_live_appointment_per_postdoc")
    assert migration.refuse_existing_duplicates(apps, None) is None
    assert tuple(LIVE_APPOINTMENT_STATES) == migration.LIVE
