"""Self-inspections (自查, Art. 25): opened, kept and closed by the base's unit administrator; the region and the
base's bureau read and comment; every write audited; the rectification to-do dated on the earliest open deadline."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel.models import AuditEvent, Obligation, ObligationStatus
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.inspections import services
from postdoc_base.oversight.inspections.enums import InspectionState as IS
from postdoc_base.oversight.inspections.models import InspectionComment, InspectionIssue, SelfInspection
from postdoc_base.oversight.inspections.selectors import inspections_visible_to
from postdoc_base.oversight.inspections.workflow import inspection_workflow
from postdoc_base.policy.articles import ART25
from tests.factories import ExpertFactory, StationFactory, bureau, user_with_role
from tests.factories.appointments import pdf
from tests.factories.tenure import base_admin, make_base, station_contact
from tests.factories.world import events_for

pytestmark = pytest.mark.django_db

ROLES = ["region", "bureau_same", "bureau_other", "base_same", "base_other", "station", "expert"]
KEEPERS = {"base_same"}
COMMENTERS = {"region", "bureau_same"}
READERS = {"region", "bureau_same", "base_same"}


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    b1, b2 = make_base("草原乳业", "呼和浩特市"), make_base("稀土新材料", "包头市")
    return {
        "b1": b1, "b2": b2,
        "region": user_with_role(Role.REGION_ADMIN),
        "bureau_same": user_with_role(Role.BUREAU_OFFICER, bureau("呼和浩特市")),
        "bureau_other": user_with_role(Role.BUREAU_OFFICER, bureau("包头市")),
        "base_same": base_admin(b1), "base_other": base_admin(b2),
        "station": station_contact(StationFactory()), "expert": user_with_role(Role.EXPERT, ExpertFactory()),
    }  # fmt: skip


def today():
    return timezone.localdate()


def open_inspection(w, who="base_same", base=None, half=0, year=None):
    return services.inspection_open(actor=w[who], base=base or w["b1"], year=year or w["b1"].filed_on.year,
                                    half=half, summary="对照第二十五条逐项自查。")  # fmt: skip


def add_issue(w, inspection, days=30, who="base_same"):
    return services.issue_add(actor=w[who], inspection=inspection, description="台账未按月更新",
                              action="指定专人每月更新台账", deadline=today() + timedelta(days=days))  # fmt: skip


def fix(w, issue, who="base_same", **kwargs):
    return services.issue_fix(actor=w[who], issue=issue, fixed_on=kwargs.pop("fixed_on", today()),
                              fix_note="已补齐台账并建立月度更新制度", **kwargs)  # fmt: skip


def codes(refused) -> list[str]:
    return [f.code for f in refused.value.findings]


# --- opening -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_only_the_bases_unit_administrator_opens_a_self_inspection(world, who):
    if who in KEEPERS:
        inspection = open_inspection(world, who)
        assert (inspection.state, inspection.base_id) == (IS.OPEN, world["b1"].pk)
        event = events_for(inspection)[0]
        assert (event.action, event.to_state, event.role) == ("open", IS.OPEN, Role.UNIT_ADMIN)
    else:
        with pytest.raises(TransitionRefused) as refused:
            open_inspection(world, who)
        assert codes(refused) == ["kernel.not_permitted"]
        assert SelfInspection.objects.count() == 0


def test_opening_checks_the_year_the_period_and_the_summary_and_writes_nothing(world):
    with pytest.raises(ValidationError) as invalid:
        services.inspection_open(actor=world["base_same"], base=world["b1"], year=2020, half=7, summary=" ")
    assert sorted(invalid.value.message_dict) == ["half", "summary", "year"]
    assert "自查年度须在2026年至" in invalid.value.message_dict["year"][0]
    assert (
        SelfInspection.objects.count()
        == AuditEvent.objects.filter(subject_type="oversight.selfinspection").count()
        == 0
    )


def test_one_self_inspection_per_period(world):
    open_inspection(world)
    with pytest.raises(ValidationError) as invalid:
        open_inspection(world)
    assert invalid.value.message_dict["year"] == ["该基地这一期间的自查已经登记。"]
    assert open_inspection(world, half=1).half == 1


def test_a_base_no_longer_filed_opens_no_self_inspection(world):
    world["b1"].state = BaseState.REVOKED
    with pytest.raises(TransitionRefused) as refused:
        open_inspection(world)
    assert codes(refused) == ["art25.base_not_active"]


# --- issues and rectification --------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_only_the_keeper_records_issues(world, who):
    inspection = open_inspection(world)
    if who in KEEPERS:
        issue = add_issue(world, inspection, who=who)
        assert (issue.found_on, issue.fixed_on) == (today(), None)
        event = events_for(inspection)[-1]
        assert event.action == "issue_add" and event.diff["issue.description"] == [None, "台账未按月更新"]
    else:
        with pytest.raises(TransitionRefused) as refused:
            add_issue(world, inspection, who=who)
        assert codes(refused) == ["kernel.not_permitted"]
        assert InspectionIssue.objects.count() == 0


def test_an_issue_needs_a_description_an_action_and_a_deadline_not_in_the_past(world):
    inspection = open_inspection(world)
    with pytest.raises(ValidationError) as invalid:
        services.issue_add(actor=world["base_same"], inspection=inspection, description="", action=" ",
                           deadline=today() - timedelta(days=1))  # fmt: skip
    assert sorted(invalid.value.message_dict) == ["action", "deadline", "description"]
    assert str(invalid.value.message_dict["deadline"][0]).startswith("整改期限不能早于今天")
    assert InspectionIssue.objects.count() == 0


@pytest.mark.parametrize("who", ROLES)
def test_only_the_keeper_records_a_rectification_with_its_evidence(world, who):
    issue = add_issue(world, open_inspection(world))
    if who in KEEPERS:
        done = fix(world, issue, who=who, uploaded=pdf("整改报告.pdf"))
        assert (done.fixed_on, done.evidence_name, done.evidence_type) == (
            today(),
            "整改报告.pdf",
            "application/pdf",
        )
        event = events_for(issue.inspection)[-1]
        assert event.action == "issue_fix" and event.diff["issue.fixed_on"] == [None, today().isoformat()]
    else:
        with pytest.raises(TransitionRefused) as refused:
            fix(world, issue, who=who)
        assert codes(refused) == ["kernel.not_permitted"]
        issue.refresh_from_db()
        assert issue.fixed_on is None


def test_a_rectification_is_dated_between_the_finding_and_today_and_recorded_once(world):
    issue = add_issue(world, open_inspection(world))
    with pytest.raises(ValidationError) as invalid:
        fix(world, issue, fixed_on=today() + timedelta(days=1))
    assert invalid.value.message_dict["fixed_on"] == ["整改完成日期不能晚于今天。"]
    with pytest.raises(ValidationError) as invalid:
        fix(world, issue, fixed_on=today() - timedelta(days=1))
    assert str(invalid.value.message_dict["fixed_on"][0]).startswith("整改完成日期不能早于问题登记日期")
    with pytest.raises(ValidationError) as invalid:
        services.issue_fix(actor=world["base_same"], issue=issue, fixed_on=today(), fix_note="",
                           uploaded=SimpleUploadedFile("x.pdf", b"not a pdf"))  # fmt: skip
    assert sorted(invalid.value.message_dict) == ["evidence", "fix_note"]
    fix(world, issue)
    with pytest.raises(TransitionRefused) as refused:
        fix(world, issue)
    assert codes(refused) == ["art25.issue_fixed"]


# --- closing -------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_only_the_keeper_closes(world, who):
    inspection = open_inspection(world)
    if who in KEEPERS:
        closed = inspection_workflow.apply(inspection, "close", actor=world[who])
        assert (closed.state, closed.closed_on, closed.conclusion) == (IS.CLOSED, today(), "no_issues")
    else:
        with pytest.raises(TransitionRefused) as refused:
            inspection_workflow.apply(inspection, "close", actor=world[who])
        assert codes(refused) == ["kernel.not_permitted"]
        inspection.refresh_from_db()
        assert inspection.state == IS.OPEN


def test_closing_with_an_open_issue_is_refused_citing_art25(world):
    inspection = open_inspection(world)
    first, second = add_issue(world, inspection), add_issue(world, inspection, days=60)
    fix(world, first)
    with pytest.raises(TransitionRefused) as refused:
        inspection_workflow.apply(inspection, "close", actor=world["base_same"])
    finding = refused.value.findings[0]
    assert (finding.code, finding.article, str(finding.message)) == (
        "art25.issues_open",
        ART25,
        "尚有1个问题未整改完毕，不能完成自查。",
    )
    fix(world, second)
    closed = inspection_workflow.apply(inspection, "close", actor=world["base_same"])
    assert (closed.state, closed.conclusion) == (IS.CLOSED, "rectified")


def test_a_closed_inspection_takes_no_more_issues_nor_rectifications(world):
    inspection = open_inspection(world)
    issue = add_issue(world, inspection)
    fix(world, issue)
    inspection_workflow.apply(inspection, "close", actor=world["base_same"])
    with pytest.raises(TransitionRefused) as refused:
        add_issue(world, inspection)
    assert codes(refused) == ["art25.inspection_closed"]
    with pytest.raises(TransitionRefused) as refused:
        inspection_workflow.apply(inspection, "close", actor=world["base_same"])
    assert codes(refused) == ["kernel.wrong_state"]


# --- the rectification to-do ---------------------------------------------------------------------------
def test_the_rectification_obligation_is_due_on_the_earliest_open_deadline_and_met_on_closing(world):
    inspection = open_inspection(world)
    row = Obligation.objects.get(kind="self_inspection_rectify")
    assert (row.responsible_role, row.scope_id, row.due_on, row.article) == (
        Role.UNIT_ADMIN,
        world["b1"].unit_id,
        None,
        ART25,
    )
    late, early = add_issue(world, inspection, days=60), add_issue(world, inspection, days=10)
    assert Obligation.objects.get(pk=row.pk).due_on == today() + timedelta(days=10)
    fix(world, early)
    assert Obligation.objects.get(pk=row.pk).due_on == today() + timedelta(days=60)
    fix(world, late)
    inspection_workflow.apply(inspection, "close", actor=world["base_same"])
    assert Obligation.objects.get(pk=row.pk).status == ObligationStatus.MET


# --- comments ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_the_region_and_the_bases_bureau_comment_as_an_audited_note(world, who):
    inspection = open_inspection(world)
    if who in COMMENTERS:
        comment = services.inspection_comment(
            actor=world[who], inspection=inspection, body="请补充整改佐证。"
        )
        assert (comment.author_id, comment.body) == (world[who].pk, "请补充整改佐证。")
        event = events_for(inspection)[-1]
        assert (event.action, event.comment, event.from_state, event.to_state) == (
            "comment",
            "请补充整改佐证。",
            IS.OPEN,
            IS.OPEN,
        )
        inspection.refresh_from_db()
        assert inspection.state == IS.OPEN
    else:
        with pytest.raises(TransitionRefused) as refused:
            services.inspection_comment(actor=world[who], inspection=inspection, body="意见")
        assert codes(refused) == ["kernel.not_permitted"]
        assert InspectionComment.objects.count() == 0


def test_an_empty_comment_is_refused(world):
    with pytest.raises(ValidationError) as invalid:
        services.inspection_comment(actor=world["region"], inspection=open_inspection(world), body="  ")
    assert invalid.value.message_dict == {"body": ["请填写评论内容。"]}


# --- scope ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("who", ROLES)
def test_inspections_are_visible_to_the_region_the_bases_bureau_and_unit_only(world, who):
    mine, other = open_inspection(world), open_inspection(world, "base_other", base=world["b2"])
    seen = set(inspections_visible_to(world[who]).values_list("pk", flat=True))
    expected = {"region": {mine.pk, other.pk}, "bureau_same": {mine.pk}, "base_same": {mine.pk},
                "bureau_other": {other.pk}, "base_other": {other.pk}}.get(who, set())  # fmt: skip
    assert seen == expected
