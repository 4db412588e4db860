"""Withdrawal cases (退出基地, Art. 23): proposed by the base, the station or the region; decided by the region."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.policy.tenure import WithdrawalReason
from postdoc_base.tenure.stay.enums import AppointmentState as S
from postdoc_base.tenure.withdrawals import services
from postdoc_base.tenure.withdrawals.enums import WithdrawalState as W
from postdoc_base.tenure.withdrawals.models import WithdrawalCase
from postdoc_base.tenure.withdrawals.selectors import withdrawals_visible_to
from postdoc_base.tenure.withdrawals.workflow import withdrawal_workflow
from tests.factories import ExpertFactory, StationFactory, bureau, user_with_role
from tests.factories.appointments import base_supervisor, make_appointment, partner, pdf, station_supervisor
from tests.factories.pages import assert_rows_shown, json_ids
from tests.factories.people import ID_1988, make_postdoc, postdoc_user, supervisor_user
from tests.factories.tenure import base_admin, make_base, station_contact

pytestmark = pytest.mark.django_db

ITEMS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]


@pytest.fixture
def world():
    """Base 1 (Hohhot) partners station 1; base 2 (Baotou) partners station 2; two postdocs of base 1."""
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    st1, st2 = StationFactory(), StationFactory()
    partner(b1, st1), partner(b2, st2)
    p1, p2 = make_postdoc(b1), make_postdoc(b1, ID_1988, name="巴特尔·朝鲁")
    ssup, bsup = station_supervisor(b1, st1), base_supervisor(b1)
    return {
        "b1": b1, "b2": b2, "st1": st1, "st2": st2, "p1": p1, "p2": p2, "ssup": ssup, "bsup": bsup,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2),
        "station_same": station_contact(st1), "station_other": station_contact(st2),
        "postdoc_own": postdoc_user(p1), "postdoc_other": postdoc_user(p2),
        "supervisor_own": supervisor_user(ssup), "expert": user_with_role(Role.EXPERT, ExpertFactory()),
    }  # fmt: skip


ROLES = ["region", "bureau_same", "bureau_other", "base_same", "base_other", "station_same", "station_other",
         "postdoc_own", "postdoc_other", "supervisor_own", "expert"]  # fmt: skip
PROPOSERS = {"region", "base_same", "station_same"}
VISIBLE = {"region", "bureau_same", "base_same", "station_same", "postdoc_own"}


def appointment(w, state=S.IN_BASE, postdoc=None):
    return make_appointment(w["b1"], w["st1"], postdoc or w["p1"], state=state, complete=True,
                            station_supervisor=w["ssup"], base_supervisor=w["bsup"])  # fmt: skip


def propose(w, a=None, reason=WithdrawalReason.ILLNESS, who="base_same", **kwargs):
    a = a or appointment(w)
    return services.withdrawal_propose(actor=w[who], appointment=a, reason=reason, facts="长期病假，难以完成研究。",
                                       **kwargs)  # fmt: skip


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def codes(refused) -> list[str]:
    return [f.code for f in refused.value.findings]


# --- proposing -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_propose_is_allowed_to_the_base_the_station_and_the_region_only(world, who):
    a = appointment(world)
    if who in PROPOSERS:
        case = propose(world, a, who=who)
        assert (case.state, case.proposed_by_role, case.appointment_id) == (
            W.PROPOSED, world[who].assignments[0].role, a.pk,
        )  # fmt: skip
        assert AuditEvent.objects.filter(action="propose", to_state=W.PROPOSED).count() == 1
    else:
        with pytest.raises(TransitionRefused) as refused:
            propose(world, a, who=who)
        assert codes(refused) == ["kernel.not_permitted"]
        assert WithdrawalCase.objects.count() == 0


def test_propose_records_the_evidence_and_opens_the_regions_obligation(world):
    case = propose(world, uploaded=pdf("诊断证明.pdf"))
    assert (case.evidence_name, case.evidence_type) == ("诊断证明.pdf", "application/pdf")
    row = Obligation.objects.get(kind="withdrawal_decision")
    assert (row.title, row.responsible_role, row.status) == ("处理退出基地案件", Role.REGION_ADMIN,
                                                             ObligationStatus.OPEN)  # fmt: skip


@pytest.mark.parametrize("state", [S.DRAFTED, S.WITHDRAWN])
def test_propose_is_refused_for_an_appointment_that_is_not_active(world, state):
    with pytest.raises(TransitionRefused) as refused:
        propose(world, appointment(world, state))
    assert codes(refused) == ["art23.appointment_not_active"]


@pytest.mark.parametrize("state", [S.SIGNED, S.ENTERED, S.FILING_SUBMITTED, S.IN_BASE])
def test_propose_is_allowed_from_every_active_state(world, state):
    assert propose(world, appointment(world, state)).state == W.PROPOSED


def test_a_second_open_case_is_refused_but_a_new_one_after_dismissal_is_allowed(world):
    a = appointment(world)
    first = propose(world, a)
    with pytest.raises(TransitionRefused) as refused:
        propose(world, a, who="station_same")
    assert codes(refused) == ["art23.case_open"]
    withdrawal_workflow.apply(first, "dismiss", actor=world["region"], comment="已康复")
    assert propose(world, a, who="station_same").state == W.PROPOSED


def test_propose_requires_a_valid_reason_and_facts(world):
    with pytest.raises(ValidationError) as invalid:
        services.withdrawal_propose(
            actor=world["base_same"], appointment=appointment(world), reason=11, facts=" "
        )
    assert sorted(invalid.value.message_dict) == ["facts", "reason"]


# --- deciding ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
@pytest.mark.parametrize(
    "action, target", [("decide_withdraw", W.DECIDED_WITHDRAWN), ("dismiss", W.DISMISSED)]
)
def test_decide_and_dismiss_are_for_the_region_only(world, who, action, target):
    case = propose(world)
    if who == "region":
        done = withdrawal_workflow.apply(case, action, actor=world[who], comment="经核实")
        assert done.state == target
        assert Obligation.objects.get(kind="withdrawal_decision").status == ObligationStatus.MET
    else:
        with pytest.raises(TransitionRefused) as refused:
            withdrawal_workflow.apply(case, action, actor=world[who], comment="经核实")
        assert codes(refused) == ["kernel.not_permitted"]
        case.refresh_from_db()
        assert case.state == W.PROPOSED


@pytest.mark.parametrize("action", ["decide_withdraw", "dismiss"])
def test_decision_requires_a_comment(world, action):
    case = propose(world)
    with pytest.raises(TransitionRefused) as refused:
        withdrawal_workflow.apply(case, action, actor=world["region"])
    assert codes(refused) == ["kernel.comment_required"]


@pytest.mark.parametrize("reason", list(WithdrawalReason))
def test_each_art23_reason_withdraws_the_postdoc_citing_its_item(world, reason):
    case = propose(world, reason=reason)
    done = withdrawal_workflow.apply(
        case, "decide_withdraw", actor=world["region"], comment="经核实，予以退出"
    )
    a = done.appointment
    a.refresh_from_db()
    assert (done.state, done.decision_article) == (
        W.DECIDED_WITHDRAWN,
        f"第二十三条第（{ITEMS[reason - 1]}）项",
    )
    assert (a.state, a.exit_policies_entitled) == (S.WITHDRAWN, False)
    assert AuditEvent.objects.filter(action="withdraw", to_state=S.WITHDRAWN).count() == 1


def test_dismissal_leaves_the_appointment_unchanged(world):
    case = propose(world)
    withdrawal_workflow.apply(case, "dismiss", actor=world["region"], comment="事由不成立")
    case.appointment.refresh_from_db()
    assert (case.appointment.state, case.appointment.exit_policies_entitled) == (S.IN_BASE, True)


def test_decision_is_refused_when_the_appointment_is_no_longer_active(world):
    case = propose(world)
    type(case.appointment).objects.filter(pk=case.appointment_id).update(state=S.WITHDRAWN)
    with pytest.raises(TransitionRefused) as refused:
        withdrawal_workflow.apply(case, "decide_withdraw", actor=world["region"], comment="退出")
    assert codes(refused) == ["art23.appointment_not_active"]


# --- scoping -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_withdrawal_visibility_by_role(world, who):
    case = propose(world)
    assert list(withdrawals_visible_to(world[who])) == ([case] if who in VISIBLE else [])
    page = login(world[who]).get(f"/tenure/withdrawals/{case.pk}/")
    api = login(world[who]).get(f"/api/v1/withdrawals/{case.pk}")
    expected = 200 if who in VISIBLE else 404
    assert (page.status_code, api.status_code) == (expected, expected)


def test_a_postdoc_cannot_see_another_postdocs_case(world):
    mine = propose(world)
    other = propose(world, appointment(world, postdoc=world["p2"]))
    c = login(world["postdoc_own"])
    assert [row["id"] for row in c.get("/api/v1/withdrawals").json()["items"]] == [mine.pk]
    assert list(c.get("/tenure/withdrawals/").context["page"].object_list) == [mine]
    assert c.get(f"/tenure/withdrawals/{other.pk}/").status_code == 404
    assert c.get(f"/api/v1/withdrawals/{other.pk}").status_code == 404
    assert c.get(f"/api/v1/withdrawals/{other.pk}/history").status_code == 404
    assert c.get(f"/tenure/withdrawals/{other.pk}/evidence/").status_code == 404


def test_the_postdoc_sees_their_case_read_only(world):
    case = propose(world)
    c = login(world["postdoc_own"])
    assert c.get(f"/api/v1/withdrawals/{case.pk}/transitions").json() == []
    c.post(f"/tenure/withdrawals/{case.pk}/transition/", {"action": "dismiss", "comment": "不同意"})
    case.refresh_from_db()
    assert case.state == W.PROPOSED


# --- pages and API -------------------------------------------------------------------------------------
def test_appointment_page_offers_the_proposal_to_proposers_only(world):
    a = appointment(world)
    assert "提出退出基地" in login(world["station_same"]).get(a.get_absolute_url()).content.decode()
    assert "提出退出基地" not in login(world["postdoc_own"]).get(a.get_absolute_url()).content.decode()
    assert login(world["postdoc_own"]).get(f"/tenure/appointments/{a.pk}/withdrawal/").status_code == 404


def test_withdrawal_form_lists_the_ten_reasons_by_item(world):
    a = appointment(world)
    html = login(world["base_same"]).get(f"/tenure/appointments/{a.pk}/withdrawal/").content.decode()
    for item in ITEMS:
        assert f"第二十三条第（{item}）项" in html


def test_base_proposes_and_region_decides_through_the_pages(world):
    a = appointment(world)
    r = login(world["base_same"]).post(f"/tenure/appointments/{a.pk}/withdrawal/", {
        "reason": 8, "facts": "赴国外交流逾期未归超过30天。", "evidence": pdf(),
    })  # fmt: skip
    case = WithdrawalCase.objects.get()
    assert (r.status_code, r["Location"]) == (302, case.get_absolute_url())
    region = login(world["region"])
    assert "决定退出基地" in region.get(case.get_absolute_url()).content.decode()
    region.post(
        f"/tenure/withdrawals/{case.pk}/transition/", {"action": "decide_withdraw", "comment": "予以退出"}
    )
    case.refresh_from_db()
    assert (case.state, case.decision_article) == (W.DECIDED_WITHDRAWN, "第二十三条第（八）项")
    html = region.get(a.get_absolute_url()).content.decode()
    assert "已退出基地" in html and "不享受期满出站博士后相关政策（第二十三条）" in html


def test_api_proposes_lists_and_decides(world):
    a = appointment(world)
    c = login(world["station_same"])
    r = c.post("/api/v1/withdrawals", {"appointment": a.pk, "reason": 3, "facts": "中期考核不合格。"})
    assert r.status_code == 201
    body = r.json()
    assert (body["state"], body["article"], body["proposed_by_role"]) == (
        "proposed", "第二十三条第（三）项", Role.STATION_CONTACT,
    )  # fmt: skip
    again = c.post("/api/v1/withdrawals", {"appointment": a.pk, "reason": 3, "facts": "重复"})
    assert again.status_code in (400, 409, 422)
    region = login(world["region"])
    actions = region.get(f"/api/v1/withdrawals/{body['id']}/transitions").json()
    assert [x["action"] for x in actions] == ["decide_withdraw", "dismiss"]
    r = region.post(f"/api/v1/withdrawals/{body['id']}/transitions", {"action": "dismiss", "comment": "不成立"},
                    content_type="application/json")  # fmt: skip
    assert r.status_code == 200
    assert region.get(f"/api/v1/withdrawals/{body['id']}").json()["state"] == "dismissed"
    assert region.get(f"/api/v1/withdrawals/{body['id']}/history").status_code == 200


def _rows(w, n):
    made = []
    for i in range(n):
        p = make_postdoc(w["b1"], id_type="passport", id_number=f"E{i:08d}", nationality="蒙古国",
                         name=f"巴雅尔{i}号")  # fmt: skip
        made.append(propose(w, appointment(w, postdoc=p)))
    return made


@pytest.mark.parametrize("rows", [1, 20])
@pytest.mark.parametrize("url, queries", [("/tenure/withdrawals/", 5), ("/api/v1/withdrawals", 5)])
def test_withdrawal_list_query_count_does_not_grow(world, django_assert_num_queries, rows, url, queries):
    made = _rows(world, rows)
    c = login(world["base_same"])
    c.get(url)
    with django_assert_num_queries(queries):
        response = c.get(url)
        assert response.status_code == 200
    # Every row made is listed: by id in the JSON, by its row, its postdoc and its link on the page.
    names = {o.pk: f"巴雅尔{i}号" for i, o in enumerate(made)}
    if url.startswith("/api/"):
        assert json_ids(response) == set(names)
        assert {(i["id"], i["postdoc_name"]) for i in response.json()["items"]} == set(names.items())
    else:
        shown = re.findall(r'data-withdrawal="(\d+)"', response.content.decode())
        assert sorted(map(int, shown)) == sorted(names)
        assert_rows_shown(response, [*names.values(), *(o.get_absolute_url() for o in made)])
