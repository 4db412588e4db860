"""Art. 12(2): a base that found a PhD holder itself, with no published topic and no interest through the
board, records them and drafts the appointment with a station it has an active cooperation agreement with
(Art. 8); a station without one is refused."""

import pytest
from django.test import Client
from django.urls import reverse

from postdoc_base.policy.tenure import AgreementClause, Party
from postdoc_base.tenure.people.models import Postdoc
from postdoc_base.tenure.recruitment.enums import AgreementState
from postdoc_base.tenure.recruitment.models import ResearchTopic, TopicInterest
from postdoc_base.tenure.stay import services
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.stay.models import Appointment
from postdoc_base.tenure.stay.workflow import appointment_workflow
from tests.factories import StationFactory
from tests.factories.appointments import base_supervisor, partner, pdf, station_supervisor
from tests.factories.people import ID_1985, ID_1988, birth_of, postdoc_fields
from tests.factories.shared import once_per_module
from tests.factories.tenure import base_admin, make_agreement, make_base

pytestmark = pytest.mark.django_db


def _build_world():
    base = make_base()
    partner_station, stranger, lapsed = StationFactory(), StationFactory(), StationFactory()
    partner(base, partner_station)
    make_agreement(base, lapsed, state=AgreementState.ENDED)  # an agreement, but no longer in force
    return {"base": base, "partner": partner_station, "stranger": stranger, "lapsed": lapsed,
            "admin": base_admin(base)}  # fmt: skip


shared_world = once_per_module(_build_world)


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def record_on_the_page(w, number=ID_1985, name="赵敏") -> Postdoc:
    data = {**postdoc_fields(number, name=name), "base": w["base"].pk, "degree_date": "2025-06-30",
            "birth_date": birth_of(number).isoformat()}  # fmt: skip
    r = login(w["admin"]).post(reverse("tenure:postdoc_create"), data)
    assert r.status_code == 302, r.context["form"].errors if r.context else r
    return Postdoc.objects.get(name=name)


def record_through_the_api(w, number=ID_1988, name="巴特尔·朝鲁") -> Postdoc:
    payload = {**postdoc_fields(number, name=name, degree_date="2025-06-30",
                                birth_date=birth_of(number).isoformat()), "base": w["base"].pk}  # fmt: skip
    r = login(w["admin"]).post("/api/v1/postdocs", payload, content_type="application/json")
    assert r.status_code == 201, r.content
    return Postdoc.objects.get(pk=r.json()["id"])


def test_the_base_drafts_an_appointment_on_the_page_without_a_topic(world):
    postdoc = record_on_the_page(world)
    r = login(world["admin"]).post(
        reverse("tenure:appointment_create"),
        {"base": world["base"].pk, "postdoc": postdoc.pk, "station": world["partner"].pk},
    )
    a = Appointment.objects.get(postdoc=postdoc)
    assert r.status_code == 302 and r["Location"] == a.get_absolute_url()
    assert (a.state, a.topic, a.station, a.base) == (S.DRAFTED, None, world["partner"], world["base"])
    assert not ResearchTopic.objects.exists() and not TopicInterest.objects.exists()


def test_the_base_drafts_an_appointment_through_the_api_without_a_topic(world):
    postdoc = record_through_the_api(world)
    r = login(world["admin"]).post(
        "/api/v1/appointments",
        {"base": world["base"].pk, "postdoc": postdoc.pk, "station": world["partner"].pk},
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    a = Appointment.objects.get(pk=r.json()["id"])
    assert (a.state, a.topic_id, a.station_id) == (S.DRAFTED, None, world["partner"].pk)


@pytest.mark.parametrize("station", ["stranger", "lapsed"])
def test_a_station_without_an_active_agreement_is_refused_on_the_page(world, station):
    postdoc = record_on_the_page(world)
    r = login(world["admin"]).post(
        reverse("tenure:appointment_create"),
        {"base": world["base"].pk, "postdoc": postdoc.pk, "station": world[station].pk},
    )
    assert r.status_code == 200
    # Only partner stations are offered (Art. 8): another station is not a valid choice on the page.
    assert list(r.context["form"].errors) == ["station"]
    assert world[station] not in r.context["form"].fields["station"].queryset
    assert world["partner"] in r.context["form"].fields["station"].queryset
    assert not Appointment.objects.exists()


def test_the_page_links_a_published_topic_of_the_base(world):
    """Art. 12(1): starting from a topic, the create page links it (prefilled from ?topic=)."""
    from tests.factories.tenure import make_topic

    postdoc = record_on_the_page(world)
    topic = make_topic(world["base"], state="published")
    client = login(world["admin"])
    page = client.get(reverse("tenure:appointment_create") + f"?topic={topic.pk}")
    assert page.context["form"].initial == {"topic": str(topic.pk)}
    r = client.post(
        reverse("tenure:appointment_create"),
        {"base": world["base"].pk, "postdoc": postdoc.pk, "station": world["partner"].pk, "topic": topic.pk},
    )
    assert r.status_code == 302
    assert Appointment.objects.get().topic_id == topic.pk


@pytest.mark.parametrize("station", ["stranger", "lapsed"])
def test_a_station_without_an_active_agreement_is_refused_through_the_api(world, station):
    postdoc = record_through_the_api(world)
    r = login(world["admin"]).post(
        "/api/v1/appointments",
        {"base": world["base"].pk, "postdoc": postdoc.pk, "station": world[station].pk},
        content_type="application/json",
    )
    assert r.status_code == 409
    assert [f["code"] for f in r.json()["findings"]] == ["art8.no_active_agreement"]
    assert not Appointment.objects.exists()


def test_the_found_phd_goes_on_to_sign_the_agreement_without_a_topic(world):
    """Nothing later in the entry path asks for a topic: the tripartite agreement is signed without one."""
    postdoc = record_on_the_page(world)
    admin = world["admin"]
    a = services.appointment_create(
        actor=admin, base=world["base"], postdoc=postdoc, station=world["partner"]
    )
    services.appointment_update_agreement(
        actor=admin, appointment=a, uploaded=pdf(), clauses_confirmed=list(AgreementClause.values),
        signed_by=list(Party.values), term_months=24, has_major_project=False, major_project_note="",
        station_supervisor=station_supervisor(world["base"], world["partner"]),
        base_supervisor=base_supervisor(world["base"]),
    )  # fmt: skip
    a = appointment_workflow.apply(Appointment.objects.get(pk=a.pk), "sign", actor=admin)
    assert (a.state, a.topic) == (S.SIGNED, None)
