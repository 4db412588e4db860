"""Positions (岗位, Art. 21): posted by a base's unit for itself, a bureau or the region; closed and reopened by
whoever manages them; interest expressed and withdrawn by a postdoc near the end of the term, audited; the
near-end rule at its boundary."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.positions import services
from postdoc_base.oversight.positions.enums import PositionState as PS
from postdoc_base.oversight.positions.models import Position, PositionInterest
from postdoc_base.oversight.positions.selectors import positions_visible_to, postdoc_near_end
from postdoc_base.oversight.positions.workflow import position_workflow
from postdoc_base.policy.articles import ART21
from postdoc_base.policy.oversight.employment import NEAR_TERM_END_MONTHS, near_term_end, window_opens_on
from postdoc_base.tenure.stay.enums import AppointmentState as AS
from tests.factories import ExpertFactory, StationFactory, bureau, user_with_role
from tests.factories.appointments import make_appointment
from tests.factories.people import ID_1988, make_postdoc, postdoc_user
from tests.factories.tenure import base_admin, make_base, station_contact
from tests.factories.world import events_for

pytestmark = pytest.mark.django_db

ROLES = ["region", "bureau_same", "bureau_other", "base_same", "base_other", "station", "expert", "postdoc"]


def today():
    return timezone.localdate()


def entry_opening_window_on(day: date, months: int = 24) -> date:
    """An entry date whose term's near-end window opens exactly on ``day``."""
    from postdoc_base.policy.common import add_months
    from postdoc_base.policy.tenure import term_end

    start = add_months(day, -(months - NEAR_TERM_END_MONTHS))
    for delta in range(-6, 7):
        entry = start + timedelta(days=delta)
        if window_opens_on(term_end(entry, months)) == day:
            return entry
    raise AssertionError(f"no entry date opens the window on {day}")


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return make_world()


def make_world() -> dict:
    """Two bases in two bureaus, one user per relation, a postdoc whose near-end window opens today and one
    whose window opens tomorrow (both of the first base)."""
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    station = StationFactory()
    p1, p2 = make_postdoc(b1), make_postdoc(b1, ID_1988, name="巴特尔·朝鲁")
    a1 = make_appointment(b1, station, p1, state=AS.IN_BASE, entry_date=entry_opening_window_on(today()))
    a2 = make_appointment(
        b1, station, p2, state=AS.IN_BASE, entry_date=entry_opening_window_on(today() + timedelta(days=1))
    )
    return {
        "b1": b1, "b2": b2, "a1": a1, "a2": a2, "p1": p1, "p2": p2,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2),
        "station": station_contact(station), "expert": user_with_role(Role.EXPERT, ExpertFactory()),
        "postdoc": postdoc_user(p1), "postdoc_early": postdoc_user(p2),
    }  # fmt: skip


def post(w, who="base_same", **kwargs):
    fields = {"title": "稀土材料研发工程师", "employer": "", "description": "负责永磁材料中试。",
              "requirements": "博士学位", "salary": "年薪25万—35万元", "contact": "0471-5928800",
              "closes_on": today() + timedelta(days=30)}  # fmt: skip
    fields.update(kwargs)
    scope = {"base_same": {"as_role": Role.UNIT_ADMIN, "unit": w["b1"].unit},
             "base_other": {"as_role": Role.UNIT_ADMIN, "unit": w["b2"].unit},
             "bureau_same": {"as_role": Role.BUREAU_OFFICER, "bureau": bureau("呼和浩特市")},
             "bureau_other": {"as_role": Role.BUREAU_OFFICER, "bureau": bureau("包头市")},
             "region": {"as_role": Role.REGION_ADMIN}}  # fmt: skip
    poster = kwargs.pop("poster", None) or scope.get(who, {"as_role": Role.UNIT_ADMIN, "unit": w["b1"].unit})
    fields.pop("poster", None)
    if "employer" not in kwargs and poster["as_role"] != Role.UNIT_ADMIN:
        fields["employer"] = "内蒙古某新材料公司"
    return services.position_post(actor=w[who], **poster, **fields)


def codes(refused) -> list[str]:
    return [f.code for f in refused.value.findings]


# --- the near-end rule (policy) -----------------------------------------------------------------------
@pytest.mark.parametrize(
    ("in_stay", "exit_underway", "term_ends_on", "day", "ok", "code"),
    [
        (False, False, date(2028, 1, 30), date(2027, 12, 1), False, "art21.not_in_base"),
        (True, True, date(2028, 1, 30), date(2026, 1, 1), True, "art21.near_end.exit"),
        (True, False, None, date(2027, 12, 1), False, "art21.no_term"),
        (True, False, date(2028, 1, 30), date(2027, 7, 29), False, "art21.too_early"),
        (True, False, date(2028, 1, 30), date(2027, 7, 30), True, "art21.near_end.term"),
        (True, False, date(2028, 1, 30), date(2028, 3, 1), True, "art21.near_end.term"),
        (True, False, date(2028, 8, 31), date(2028, 2, 29), True, "art21.near_end.term"),
        (True, False, date(2028, 8, 31), date(2028, 2, 28), False, "art21.too_early"),
    ],
)
def test_near_the_end_of_the_term(in_stay, exit_underway, term_ends_on, day, ok, code):
    finding = near_term_end(
        in_stay=in_stay, exit_underway=exit_underway, term_ends_on=term_ends_on, today=day
    )
    assert (finding.ok, finding.code, finding.article) == (ok, code, ART21)


def test_the_too_early_message_says_when_the_window_opens():
    finding = near_term_end(
        in_stay=True, exit_underway=False, term_ends_on=date(2028, 1, 30), today=date(2027, 1, 1)
    )
    assert str(finding.message) == (
        "岗位信息自在基地期满前6个月起向博士后研究人员开放：您的在基地期限至2028年1月30日，可于2027年7月30日起查看岗位并表达意向。"
    )


def test_a_postdoc_is_near_the_end_from_the_window_day_and_not_the_day_before(world):
    assert postdoc_near_end(world["postdoc"]).ok
    assert not postdoc_near_end(world["postdoc_early"]).ok
    assert postdoc_near_end(world["postdoc_early"], today() + timedelta(days=1)).ok
    assert postdoc_near_end(world["region"]) is None


@pytest.mark.parametrize(("state", "ok"), [(AS.EXIT_REQUESTED, True), (AS.EXIT_ASSESSED, True), (AS.SIGNED, False),
                                           (AS.EXITED, False), (AS.WITHDRAWN, False)])  # fmt: skip
def test_an_exit_underway_counts_as_near_the_end_and_a_postdoc_not_in_the_base_does_not(world, state, ok):
    type(world["a2"]).objects.filter(pk=world["a2"].pk).update(state=state)
    assert postdoc_near_end(world["postdoc_early"]).ok is ok


# --- posting ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_the_region_a_bureau_and_a_bases_unit_post_positions_and_nobody_else(world, who):
    if who in ("region", "bureau_same", "bureau_other", "base_same", "base_other"):
        position = post(world, who)
        assert position.state == PS.PUBLISHED
        event = events_for(position)[0]
        assert (event.action, event.to_state, event.actor_id) == ("post", PS.PUBLISHED, world[who].pk)
    else:
        with pytest.raises(TransitionRefused) as refused:
            post(world, who, poster={"as_role": Role.UNIT_ADMIN, "unit": world["b1"].unit})
        assert codes(refused) == ["kernel.not_permitted"]
        assert Position.objects.count() == 0


def test_a_unit_posts_for_itself_its_name_and_bureau(world):
    position = post(world, "base_same", employer="别的单位")
    assert (position.employer, position.bureau, position.unit, position.posted_by_role) == (
        world["b1"].unit.name, bureau("呼和浩特市"), world["b1"].unit, Role.UNIT_ADMIN,
    )  # fmt: skip


def test_nobody_posts_for_another_scope(world):
    for who, poster in (("base_same", {"as_role": Role.UNIT_ADMIN, "unit": world["b2"].unit}),
                        ("bureau_same", {"as_role": Role.BUREAU_OFFICER, "bureau": bureau("包头市")}),
                        ("bureau_same", {"as_role": Role.REGION_ADMIN})):  # fmt: skip
        with pytest.raises(TransitionRefused):
            post(world, who, poster=poster)
    assert Position.objects.count() == 0


def test_a_unit_without_an_active_base_posts_nothing(world):
    type(world["b1"]).objects.filter(pk=world["b1"].pk).update(state=BaseState.REVOKED)
    with pytest.raises(TransitionRefused) as refused:
        post(world, "base_same")
    assert codes(refused) == ["art21.no_base"]


def test_the_region_posts_region_wide_or_in_a_bureau(world):
    assert post(world, "region").bureau is None
    assert post(
        world, "region", poster={"as_role": Role.REGION_ADMIN, "bureau": bureau("包头市")}
    ).bureau == bureau("包头市")


def test_bad_input_gets_chinese_errors_and_writes_nothing(world):
    with pytest.raises(ValidationError) as invalid:
        post(
            world,
            "bureau_same",
            title=" ",
            employer="",
            description="",
            contact="",
            closes_on=today() - timedelta(days=1),
        )
    errors = invalid.value.message_dict
    assert errors == {
        "title": ["请填写岗位名称。"], "employer": ["请填写用人单位。"], "description": ["请填写岗位职责。"],
        "contact": ["请填写联系方式。"], "closes_on": ["截止日期不能早于今天。"],
    }  # fmt: skip
    assert Position.objects.count() == 0
    assert not AuditEvent.objects.filter(subject_type="oversight.position").exists()


def test_a_position_closing_today_may_be_posted(world):
    assert post(world, "region", closes_on=today()).closes_on == today()


# --- close and reopen ---------------------------------------------------------------------------------
MANAGERS = {"base_same": "base_same", "bureau_same": "bureau_same", "region": "region"}


@pytest.mark.parametrize("poster", ["base_same", "bureau_same", "region"])
@pytest.mark.parametrize("who", ROLES)
def test_only_the_posters_scope_closes_and_reopens(world, poster, who):
    position = post(world, poster)
    if who == poster:
        closed = position_workflow.apply(position, "close", actor=world[who])
        assert (closed.state, closed.closed_on) == (PS.CLOSED, today())
        reopened = position_workflow.apply(closed, "reopen", actor=world[who])
        assert (reopened.state, reopened.closed_on) == (PS.PUBLISHED, None)
        assert [e.action for e in events_for(position)] == ["post", "close", "reopen"]
    else:
        with pytest.raises(TransitionRefused) as refused:
            position_workflow.apply(position, "close", actor=world[who])
        assert codes(refused) == ["kernel.not_permitted"]
        position_workflow.apply(position, "close", actor=world[poster])
        with pytest.raises(TransitionRefused) as refused:
            position_workflow.apply(position, "reopen", actor=world[who])
        assert codes(refused) == ["kernel.not_permitted"]


def test_a_position_is_not_reopened_after_its_closing_day(world):
    position = post(world, "region")
    position_workflow.apply(position, "close", actor=world["region"])
    Position.objects.filter(pk=position.pk).update(closes_on=today() - timedelta(days=1))
    with pytest.raises(TransitionRefused) as refused:
        position_workflow.apply(position, "reopen", actor=world["region"])
    assert codes(refused) == ["art21.closes_on_past"]
    assert Position.objects.get(pk=position.pk).state == PS.CLOSED


# --- who sees -----------------------------------------------------------------------------------------
def test_published_positions_are_shared_and_closed_ones_stay_with_their_scope(world):
    mine, theirs = post(world, "base_same"), post(world, "base_other")
    position_workflow.apply(theirs, "close", actor=world["base_other"])
    seen = {who: set(positions_visible_to(world[who]).values_list("pk", flat=True)) for who in ROLES}
    assert seen["region"] == seen["bureau_other"] == seen["base_other"] == {mine.pk, theirs.pk}
    assert seen["bureau_same"] == seen["base_same"] == seen["postdoc"] == {mine.pk}
    assert seen["station"] == seen["expert"] == set()
    assert set(positions_visible_to(world["postdoc_early"])) == set()


def test_a_postdoc_does_not_see_a_position_past_its_closing_day(world):
    position = post(world, "region")
    Position.objects.filter(pk=position.pk).update(closes_on=today() - timedelta(days=1))
    assert not positions_visible_to(world["postdoc"]).exists()
    assert positions_visible_to(world["bureau_other"]).exists()


# --- interest -----------------------------------------------------------------------------------------
def express(w, position, who="postdoc", **kwargs):
    return services.interest_express(actor=w[who], position=position, contact=kwargs.pop("contact", "13900001111"),
                                     note=kwargs.pop("note", "愿意留在基地单位工作。"))  # fmt: skip


@pytest.mark.parametrize("who", [*ROLES, "postdoc_early"])
def test_only_a_postdoc_near_the_end_expresses_interest(world, who):
    position = post(world, "base_same")
    if who == "postdoc":
        interest = express(world, position)
        assert (interest.postdoc, interest.contact, interest.withdrawn_at) == (
            world["p1"],
            "13900001111",
            None,
        )
        event = events_for(interest)[0]
        assert (event.action, event.role, event.actor_id) == (
            "express_interest",
            Role.POSTDOC,
            world["postdoc"].pk,
        )
        assert event.diff["contact"] == [None, "13900001111"]
    else:
        with pytest.raises(TransitionRefused) as refused:
            express(world, position, who)
        assert codes(refused) == (["art21.too_early"] if who == "postdoc_early" else ["kernel.not_permitted"])
        assert PositionInterest.objects.count() == 0


def test_the_poster_is_notified_of_interest(world, django_capture_on_commit_callbacks):
    from postdoc_base.kernel.models import Notification

    position = post(world, "base_same")
    with django_capture_on_commit_callbacks(execute=True):
        express(world, position)
    assert list(Notification.objects.values_list("recipient_id", flat=True)) == [world["base_same"].pk]


def test_one_open_interest_per_postdoc_and_position_and_withdrawn_may_be_expressed_again(world):
    position = post(world, "region")
    first = express(world, position)
    with pytest.raises(TransitionRefused) as refused:
        express(world, position)
    assert codes(refused) == ["art21.interest_exists"]
    withdrawn = services.interest_withdraw(actor=world["postdoc"], interest=first)
    assert withdrawn.withdrawn_at is not None
    assert [e.action for e in events_for(first)] == ["express_interest", "withdraw_interest"]
    with pytest.raises(TransitionRefused) as refused:
        services.interest_withdraw(actor=world["postdoc"], interest=first)
    assert codes(refused) == ["art21.interest_withdrawn"]
    assert express(world, position).pk != first.pk


@pytest.mark.parametrize("who", ["region", "base_same", "postdoc_early", "bureau_same"])
def test_nobody_but_the_postdoc_withdraws_the_interest(world, who):
    interest = express(world, post(world, "base_same"))
    with pytest.raises(TransitionRefused) as refused:
        services.interest_withdraw(actor=world[who], interest=interest)
    assert codes(refused) == ["kernel.not_permitted"]
    assert PositionInterest.objects.get(pk=interest.pk).withdrawn_at is None


def test_no_interest_in_a_closed_or_expired_position(world):
    closed, expired = post(world, "region"), post(world, "region")
    position_workflow.apply(closed, "close", actor=world["region"])
    Position.objects.filter(pk=expired.pk).update(closes_on=today() - timedelta(days=1))
    for position in (closed, expired):
        with pytest.raises(TransitionRefused) as refused:
            express(world, position)
        assert codes(refused) == ["art21.position_closed"]


def test_an_interest_needs_a_contact_and_a_short_note(world):
    position = post(world, "region")
    with pytest.raises(ValidationError) as invalid:
        express(world, position, contact=" ", note="很" * 501)
    assert invalid.value.message_dict == {
        "contact": ["请填写愿意向用人单位提供的联系方式。"],
        "note": ["不能超过500个字。"],
    }
    assert PositionInterest.objects.count() == 0
