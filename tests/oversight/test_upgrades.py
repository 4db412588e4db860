"""Art. 24 second sentence: recording that the unit was approved to set up a postdoc workstation cancels the base
(资格自动注销) and opens, for each postdoc in the base, a checklist of 补齐设站相关待遇 items that the unit completes and
the region confirms."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.upgrades import services
from postdoc_base.oversight.upgrades.enums import ChecklistState
from postdoc_base.oversight.upgrades.models import TreatmentChecklist, WorkstationApproval
from postdoc_base.oversight.upgrades.workflow import checklist_workflow
from postdoc_base.policy.identifiers import complete_resident_id
from postdoc_base.policy.oversight import TREATMENT_ITEMS
from postdoc_base.tenure.recruitment.enums import AgreementState, TopicState
from postdoc_base.tenure.stay.enums import AppointmentState
from tests.factories import StationFactory, user_with_role
from tests.factories.appointments import make_appointment
from tests.factories.pages import assert_rows_shown, json_ids, xlsx_cells
from tests.factories.people import make_postdoc
from tests.factories.tenure import base_admin, make_agreement, make_base, make_topic

pytestmark = pytest.mark.django_db


def postdoc_of(base, serial: int):
    return make_postdoc(base, complete_resident_id(f"15010219900307{serial:03d}"), name=f"博士后{serial}")


FILED = date(2025, 3, 1)
NUMBER = "人社部函〔2026〕35号"


@pytest.fixture
def people():
    base = make_base("草原乳业", "呼和浩特市", filed_on=FILED)
    other = make_base("稀土新材料", "包头市", filed_on=FILED)
    station = StationFactory()
    in_base = make_appointment(base, station, postdoc_of(base, 1), state=AppointmentState.IN_BASE,
                               entry_date=date(2025, 6, 1))  # fmt: skip
    exited = make_appointment(base, station, postdoc_of(base, 2), state=AppointmentState.EXITED,
                              entry_date=date(2025, 4, 1), exit_date=date(2025, 10, 1))  # fmt: skip
    return {
        "base": base, "other": other, "in_base": in_base, "exited": exited,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau": user_with_role(Role.BUREAU_OFFICER, base.unit.bureau),
        "unit": base_admin(base),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, other.unit.bureau),
        "unit_other": base_admin(other),
        "postdoc": user_with_role(Role.POSTDOC, in_base.postdoc),
    }  # fmt: skip


def record(people, who="region", on=None, number=NUMBER, base=None):
    return services.workstation_approval_record(
        actor=people[who], base=base or people["base"], approved_on=on or timezone.localdate(),
        document_number=number, approver="人力资源社会保障部、全国博士后管委会",
    )  # fmt: skip


def test_recording_the_approval_cancels_the_base_and_opens_a_checklist_per_postdoc_in_it(people, client):
    base = people["base"]
    topic = make_topic(base, state=TopicState.PUBLISHED)
    agreement = make_agreement(base, state=AgreementState.ACTIVE)
    approval = record(people)
    base.refresh_from_db(), topic.refresh_from_db(), agreement.refresh_from_db()
    assert base.state == BaseState.CANCELLED and base.unit.has_workstation is True
    # Topics close; the agreement stays for the postdocs still there.
    assert (topic.state, agreement.state) == (TopicState.CLOSED, AgreementState.ACTIVE)
    [checklist] = TreatmentChecklist.objects.filter(approval=approval)
    assert (checklist.appointment_id, checklist.state) == (people["in_base"].pk, ChecklistState.OPEN)
    assert [i.key for i in checklist.items.order_by("position")] == [i.key for i in TREATMENT_ITEMS]
    assert AuditEvent.objects.filter(subject_type="oversight.practicebase", subject_id=str(base.pk),
                                     action="cancel", to_state=BaseState.CANCELLED).count() == 1  # fmt: skip
    assert (
        AuditEvent.objects.filter(subject_type="oversight.workstationapproval", action="record").count() == 1
    )
    owed = Obligation.objects.get(subject_type="oversight.treatmentchecklist", subject_id=str(checklist.pk))
    assert (owed.kind, owed.responsible_role, owed.scope_id) == (
        "treatment_complete",
        Role.UNIT_ADMIN,
        base.unit_id,
    )
    assert client.get(reverse("establishment:public_base_detail", args=[base.pk])).status_code == 404


@pytest.mark.parametrize("who", ["bureau", "unit", "bureau_other", "unit_other", "postdoc"])
def test_only_the_region_records_an_approval(people, who):
    with pytest.raises(TransitionRefused) as refused:
        record(people, who)
    assert [f.code for f in refused.value.findings] == ["kernel.not_permitted"]
    assert WorkstationApproval.objects.count() == 0
    people["base"].refresh_from_db()
    assert people["base"].state == BaseState.ACTIVE


@pytest.mark.parametrize(
    "on, number, code",
    [
        ("tomorrow", NUMBER, "art24.approval_in_future"),
        (FILED - timedelta(days=1), NUMBER, "art24.approval_before_filing"),
        (FILED, "三十五号", "art24.bad_approval_document"),
    ],
)
def test_a_bad_date_or_number_is_refused_and_nothing_changes(people, on, number, code):
    on = timezone.localdate() + timedelta(days=1) if on == "tomorrow" else on
    with pytest.raises(TransitionRefused) as refused:
        record(people, on=on, number=number)
    assert code in [f.code for f in refused.value.findings]
    people["base"].refresh_from_db()
    assert (people["base"].state, WorkstationApproval.objects.count(), TreatmentChecklist.objects.count()) == (
        BaseState.ACTIVE, 0, 0,
    )  # fmt: skip


def test_a_base_no_longer_filed_takes_no_approval(people):
    record(people)
    with pytest.raises(TransitionRefused) as refused:
        record(people)
    assert [f.code for f in refused.value.findings] == ["art24.base_not_active"]


def _checklist(people):
    record(people)
    return TreatmentChecklist.objects.get()


def complete_all(checklist, actor, on=None):
    for item in checklist.items.all():
        services.treatment_item_record(
            actor=actor, item=item, done_on=on or timezone.localdate(), note="已落实"
        )


def test_the_unit_completes_every_item_then_submits_and_the_region_confirms(people):
    checklist = _checklist(people)
    with pytest.raises(TransitionRefused) as refused:
        checklist_workflow.apply(checklist, "submit", actor=people["unit"])
    assert {f.code for f in refused.value.findings} == {"art24.treatment_missing"}
    assert len(refused.value.findings) == len(TREATMENT_ITEMS)
    complete_all(checklist, people["unit"])
    checklist_workflow.apply(checklist, "submit", actor=people["unit"])
    checklist_workflow.apply(checklist, "confirm", actor=people["region"])
    checklist.refresh_from_db()
    assert (checklist.state, checklist.confirmed_on) == (ChecklistState.CONFIRMED, timezone.localdate())
    kinds = dict(Obligation.objects.filter(subject_id=str(checklist.pk), subject_type="oversight.treatmentchecklist")
                 .values_list("kind", "status"))  # fmt: skip
    assert kinds == {"treatment_complete": ObligationStatus.MET, "treatment_confirm": ObligationStatus.MET}


def test_the_region_returns_with_reasons_and_the_unit_edits_again(people):
    checklist = _checklist(people)
    complete_all(checklist, people["unit"])
    checklist_workflow.apply(checklist, "submit", actor=people["unit"])
    item = checklist.items.first()
    with pytest.raises(TransitionRefused) as refused:
        services.treatment_item_record(actor=people["unit"], item=item, done_on=None)
    assert [f.code for f in refused.value.findings] == ["art24.checklist_not_open"]
    with pytest.raises(TransitionRefused):
        checklist_workflow.apply(checklist, "return", actor=people["region"])  # reasons required
    checklist_workflow.apply(checklist, "return", actor=people["region"], comment="社保缴纳证明不全")
    services.treatment_item_record(actor=people["unit"], item=item, done_on=None)
    item.refresh_from_db()
    assert item.done_on is None


@pytest.mark.parametrize(
    "who, action",
    [("bureau", "submit"), ("postdoc", "submit"), ("unit_other", "submit"), ("region", "submit"),
     ("unit", "confirm"), ("bureau", "confirm")],
)  # fmt: skip
def test_each_step_is_taken_only_by_its_role(people, who, action):
    checklist = _checklist(people)
    complete_all(checklist, people["unit"])
    if action == "confirm":
        checklist_workflow.apply(checklist, "submit", actor=people["unit"])
    with pytest.raises(TransitionRefused) as refused:
        checklist_workflow.apply(checklist, action, actor=people[who])
    assert [f.code for f in refused.value.findings] == ["kernel.not_permitted"]


@pytest.mark.parametrize("who", ["bureau", "region", "unit_other", "postdoc"])
def test_only_the_unit_records_items(people, who):
    checklist = _checklist(people)
    with pytest.raises(TransitionRefused) as refused:
        services.treatment_item_record(
            actor=people[who], item=checklist.items.first(), done_on=timezone.localdate()
        )
    assert [f.code for f in refused.value.findings] == ["kernel.not_permitted"]


def test_an_item_is_audited_and_a_future_day_is_refused(people):
    checklist = _checklist(people)
    item = checklist.items.first()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.treatment_item_record(
            actor=people["unit"], item=item, done_on=timezone.localdate() + timedelta(days=1)
        )
    services.treatment_item_record(actor=people["unit"], item=item, done_on=date(2026, 1, 5), note="已补办")
    event = AuditEvent.objects.get(subject_type="oversight.treatmentchecklist", action="item_recorded")
    assert event.diff == {f"{item.key}.done_on": [None, "2026-01-05"], f"{item.key}.note": ["", "已补办"]}


# --- pages and API ------------------------------------------------------------------------------------
def test_the_region_records_through_the_page_and_the_base_file_shows_it(people, client):
    client.force_login(people["region"])
    url = reverse("oversight:workstation_record", args=[people["base"].pk])
    bad = client.post(url, {"approved_on": "2026-01-05", "document_number": "35", "approver": "人社部"})
    assert bad.status_code == 200 and "批准文号" in bad.content.decode()
    assert WorkstationApproval.objects.count() == 0
    ok = client.post(url, {"approved_on": "2026-01-05", "document_number": NUMBER, "approver": "人社部"})
    assert ok.status_code == 302
    html = client.get(reverse("oversight:base_file", args=[people["base"].pk])).content.decode()
    assert NUMBER in html and people["in_base"].postdoc.name in html


@pytest.mark.parametrize("who", ["bureau", "unit"])
def test_others_cannot_open_the_record_form(people, client, who):
    client.force_login(people[who])
    assert client.get(reverse("oversight:workstation_record", args=[people["base"].pk])).status_code == 404


def test_the_unit_fills_items_through_the_page(people, client):
    checklist = _checklist(people)
    item = checklist.items.first()
    client.force_login(people["unit"])
    url = reverse("oversight:treatment_item", args=[checklist.pk, item.pk])
    client.post(url, {f"i{item.pk}-done_on": "2026-01-05", f"i{item.pk}-note": "已补办进站备案"})
    item.refresh_from_db()
    assert (item.done_on, item.note) == (date(2026, 1, 5), "已补办进站备案")


@pytest.mark.parametrize("intruder, control", [("bureau_other", "bureau"), ("unit_other", "unit")])
def test_another_bureau_or_base_gets_404(people, client, intruder, control):
    checklist = _checklist(people)
    urls = [reverse("oversight:treatment_detail", args=[checklist.pk]), f"/api/v1/treatments/{checklist.pk}",
            f"/api/v1/treatments/{checklist.pk}/history"]  # fmt: skip
    client.force_login(people[intruder])
    assert [client.get(u).status_code for u in urls] == [404, 404, 404]
    assert json_ids(client.get("/api/v1/treatments")) == set()
    client.force_login(people[control])
    assert [client.get(u).status_code for u in urls] == [200, 200, 200]


def test_the_postdoc_reads_their_own_checklist(people, client):
    checklist = _checklist(people)
    client.force_login(people["postdoc"])
    assert client.get(reverse("oversight:treatment_detail", args=[checklist.pk])).status_code == 200


def test_the_api_records_an_approval_and_an_item(people, client):
    client.force_login(people["region"])
    response = client.post(f"/api/v1/bases/{people['base'].pk}/workstation-approval",
                           {"approved_on": "2026-01-05", "document_number": NUMBER, "approver": "人社部"})  # fmt: skip
    assert response.status_code == 201 and response.json()["document_number"] == NUMBER
    checklist = TreatmentChecklist.objects.get()
    client.force_login(people["unit"])
    url = f"/api/v1/treatments/{checklist.pk}/items/{TREATMENT_ITEMS[0].key}"
    done = client.put(url, {"done_on": "2026-01-06", "note": "已补办"}, content_type="application/json")
    assert done.status_code == 200 and done.json()["progress"] == f"1/{len(TREATMENT_ITEMS)}"
    assert client.put(f"/api/v1/treatments/{checklist.pk}/items/nope", {"done_on": None},
                      content_type="application/json").status_code == 404  # fmt: skip
    client.force_login(people["unit_other"])
    assert client.put(url, {"done_on": "2026-01-06"}, content_type="application/json").status_code == 404


@pytest.mark.parametrize("rows", [1, 20])
def test_the_list_and_api_run_a_fixed_number_of_queries(people, client, django_assert_max_num_queries, rows):
    station = StationFactory()
    for n in range(rows - 1):
        make_appointment(people["base"], station, postdoc_of(people["base"], 10 + n), state=AppointmentState.IN_BASE,
                         entry_date=date(2025, 6, 1))  # fmt: skip
    record(people)
    names = list(TreatmentChecklist.objects.values_list("appointment__postdoc__name", flat=True))
    assert len(names) == rows
    client.force_login(people["bureau"])
    with django_assert_max_num_queries(9):
        page = client.get(reverse("oversight:treatment_list"))
    assert_rows_shown(page, names)
    with django_assert_max_num_queries(9):
        api = client.get("/api/v1/treatments", {"page_size": 50})
    assert_rows_shown(api, names)
    cells = xlsx_cells(client.get(reverse("oversight:treatment_export")))
    assert set(names) <= cells
