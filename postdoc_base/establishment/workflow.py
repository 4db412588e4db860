"""Transition tables for rounds and base applications (第十一条 / Art. 11)."""

from datetime import timedelta

from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel.models import DateMeaning
from postdoc_base.kernel.params import establishment_params
from postdoc_base.kernel.workflow import ObligationSpec, Transition, TransitionRefused, Workflow
from postdoc_base.policy.establishment import (
    ART11_1,
    ART11_2,
    ART11_3,
    ReviewLevel,
    check_preliminary_review,
    check_recommendable,
    check_round_dates,
    check_route_prerequisites,
    check_still_no_station,
    eligibility,
    next_level,
)
from postdoc_base.policy.findings import Finding

from .enums import ApplicationState as S
from .enums import RoundState
from .models import BaseApplication, Round
from .permissions import application_assignment, round_assignment

ART11 = "第十一条"

LEVEL_STATE = {
    ReviewLevel.DEPARTMENT: S.DEPT_REVIEW,
    ReviewLevel.BUREAU: S.BUREAU_REVIEW,
    ReviewLevel.REGION: S.AT_REGION,
}


# --- guards: each returns findings; only the failing ones refuse --------------------------------------
def round_is_open(app, ctx):
    if app.state == S.DRAFT and app.round.state != RoundState.OPEN:
        yield Finding(False, "art11.round_not_open", ART11, _("本批次不在申报期内，不能提交申请。"))
    elif app.state == S.DRAFT and ctx.today > app.round.application_deadline:
        yield Finding(
            False,
            "art11.deadline_passed",
            ART11,
            _("本批次申报已于%(date)s截止。") % {"date": app.round.application_deadline.isoformat()},
        )


def unit_is_eligible(app, ctx):
    """Art. 2 (no station or workstation), Art. 24 (reapplication ban) and Art. 9 (1)-(5)."""
    report = eligibility(app.facts(), ctx.today, establishment_params(ctx.today))
    yield from report.findings


def unit_still_without_station(app, ctx):
    """Arts. 2 and 24 again at every step after submission: a unit that set up a postdoc station or workstation
    while its application was in review is no longer eligible (``policy check_still_no_station``). On every
    step that moves the application on; not on returning, rejecting or withdrawing it, which must stay possible,
    and not on ``publish``, which lists the whole round's passed list at once and has no way to leave one out:
    such an application is held at filing instead (this guard on ``file``)."""
    yield from check_still_no_station(app.unit_facts(), app.unit.name)


def unit_has_department(app, ctx):
    """Art. 11(1): the unit names the department and bureau its route passes through."""
    yield from check_route_prerequisites(
        app.unit.affiliation, has_bureau=bool(app.unit.bureau_id), has_department=bool(app.unit.department_id)
    )


def preliminary_review_complete(app, ctx):
    review = getattr(app, "preliminary_review", None)
    if review is None:
        yield Finding(
            False, "art11.2.review_missing", ART11_2, _("请先填写初审意见：逐项审核、综合考察和推荐意见。")
        )
        return
    yield from check_preliminary_review(review.condition_checks, review.inspection, review.recommendation)
    yield from check_recommendable(review.condition_checks)


def round_dates_valid(round_, ctx):
    yield from check_round_dates(round_.application_deadline, round_.review_deadline, today=ctx.today)


def no_other_open_round(round_, ctx):
    if Round.objects.filter(state=RoundState.OPEN).exclude(pk=round_.pk).exists():
        yield another_round_open()


def another_round_open() -> Finding:
    return Finding(False, "round.another_open", ART11, _("已有正在申报的批次，同一时间只开放一个批次。"))


def has_review_assignment(app, ctx):
    from postdoc_base.review.selectors import active_assignments_for

    if not active_assignments_for(app).exists():
        yield Finding(False, "art11.3.no_panel", ART11_3, _("请先将该申请分配给评审专家组。"))


def all_experts_scored(app, ctx):
    from postdoc_base.review.enums import AssignmentState
    from postdoc_base.review.selectors import active_assignments_for

    states = list(active_assignments_for(app).values_list("state", flat=True))
    pending = sum(1 for s in states if s == AssignmentState.ASSIGNED)
    if pending:
        yield Finding(
            False, "art11.3.scores_pending", ART11_3,
            _("还有%(n)d位专家尚未提交评分，不能作出论证结论。") % {"n": pending},
        )  # fmt: skip
    elif not states:
        yield Finding(False, "art11.3.no_scores", ART11_3, _("没有专家评分，不能作出论证结论。"))


def notice_ended_without_pending_objection(app, ctx):
    """Art. 11(3) 公示无异议后予以备案; the rule is ``policy.notice.check_filing_allowed`` (shared with the
    set-based filing preview)."""
    from postdoc_base.policy.notice import check_filing_allowed

    from .enums import ObjectionState
    from .models import NoticeItem

    item = NoticeItem.objects.select_related("notice").filter(application=app).first()
    ends_on = item.notice.ends_on if item is not None else None
    pending = item.objections.filter(state=ObjectionState.PENDING).count() if item is not None else 0
    yield from check_filing_allowed(ends_on, ctx.today, pending)


# --- targets and effects -----------------------------------------------------------------------------
def first_review_state(app) -> str:
    return LEVEL_STATE[next_level(app.unit.affiliation, None)]


def state_after(level: ReviewLevel):
    def target(app) -> str:
        return LEVEL_STATE[next_level(app.route_affiliation, level)]

    return target


def mark_submitted(app, ctx) -> None:
    app.affiliation = app.unit.affiliation
    app.submitted_at = timezone.now()
    app.dept_consented_at = None  # Art. 11(1): each submission needs the department's own agreement


def mark_dept_consented(app, ctx) -> None:
    """Art. 11(1) 经主管部门同意后: recorded, since it is what opens a central unit's application to its bureau."""
    app.dept_consented_at = timezone.now()
    mark_forwarded_if_at_region(ReviewLevel.DEPARTMENT)(app, ctx)


def mark_forwarded_if_at_region(level: ReviewLevel):
    def effect(app, ctx) -> None:
        if next_level(app.route_affiliation, level) == ReviewLevel.REGION:
            app.forwarded_at = timezone.now()

    return effect


def mark_opened(round_, ctx) -> None:
    round_.opened_at = timezone.now()
    round_.closed_at = None


def mark_closed(round_, ctx) -> None:
    round_.closed_at = timezone.now()


# --- the tables --------------------------------------------------------------------------------------
APPLICATION_TRANSITIONS = [
    Transition(
        "submit", _("提交申请"), (S.DRAFT, S.RETURNED), first_review_state, (Role.UNIT_ADMIN,), ART11_1,
        guards=(round_is_open, unit_has_department, unit_is_eligible), effect=mark_submitted,
    ),
    Transition(
        "withdraw", _("撤回申请"), (S.DRAFT, S.RETURNED, S.DEPT_REVIEW, S.BUREAU_REVIEW), S.WITHDRAWN,
        (Role.UNIT_ADMIN,), ART11_1, style="outline-secondary",
    ),
    Transition(
        "dept_consent", _("主管部门同意申报"), (S.DEPT_REVIEW,), state_after(ReviewLevel.DEPARTMENT),
        (Role.DEPT_OFFICER,), ART11_1, guards=(unit_still_without_station,), effect=mark_dept_consented,
    ),
    Transition(
        "dept_return", _("退回修改"), (S.DEPT_REVIEW,), S.RETURNED, (Role.DEPT_OFFICER,), ART11_1,
        comment_required=True, style="outline-warning",
    ),
    Transition(
        "dept_reject", _("不同意申报"), (S.DEPT_REVIEW,), S.REJECTED, (Role.DEPT_OFFICER,), ART11_1,
        comment_required=True, style="outline-danger",
    ),
    Transition(
        "bureau_recommend", _("同意推荐"), (S.BUREAU_REVIEW,), S.RECOMMENDED, (Role.BUREAU_OFFICER,), ART11_2,
        guards=(preliminary_review_complete, unit_still_without_station),
    ),
    Transition(
        "bureau_unrecommend", _("撤销拟推荐"), (S.RECOMMENDED,), S.BUREAU_REVIEW, (Role.BUREAU_OFFICER,), ART11_2,
        style="outline-secondary",
    ),
    Transition(
        "bureau_return", _("退回修改"), (S.BUREAU_REVIEW, S.RECOMMENDED), S.RETURNED, (Role.BUREAU_OFFICER,),
        ART11_2, comment_required=True, style="outline-warning",
    ),
    Transition(
        "bureau_reject", _("不予推荐"), (S.BUREAU_REVIEW, S.RECOMMENDED), S.REJECTED, (Role.BUREAU_OFFICER,),
        ART11_2, comment_required=True, style="outline-danger",
    ),
    Transition(
        "bureau_forward", _("报送自治区"), (S.RECOMMENDED,), S.AT_REGION, (Role.BUREAU_OFFICER,), ART11_2,
        guards=(unit_still_without_station,), effect=mark_forwarded_if_at_region(ReviewLevel.BUREAU),
        batch_only=True,
    ),
    Transition(
        "region_return", _("退回修改"), (S.AT_REGION,), S.RETURNED, (Role.REGION_ADMIN,), ART11,
        comment_required=True, style="outline-warning",
    ),
    Transition(
        "region_reject", _("不予受理"), (S.AT_REGION,), S.REJECTED, (Role.REGION_ADMIN,), ART11,
        comment_required=True, style="outline-danger",
    ),
    # Art. 11(3): expert review, then public notice without objection, then filing.
    Transition(
        "start_review", _("开始专家论证评议"), (S.AT_REGION,), S.EXPERT_REVIEW, (Role.REGION_ADMIN,), ART11_3,
        guards=(has_review_assignment, unit_still_without_station),
    ),
    Transition(
        "review_pass", _("论证评议通过"), (S.EXPERT_REVIEW,), S.PASSED, (Role.REGION_ADMIN,), ART11_3,
        guards=(all_experts_scored, unit_still_without_station),
    ),
    Transition(
        "review_fail", _("论证评议未通过"), (S.EXPERT_REVIEW,), S.REJECTED, (Role.REGION_ADMIN,), ART11_3,
        guards=(all_experts_scored,), comment_required=True, style="outline-danger",
    ),
    Transition(
        "publish", _("列入公示"), (S.PASSED,), S.IN_NOTICE, (Role.REGION_ADMIN,), ART11_3, batch_only=True,
    ),
    Transition(
        "objection_upheld", _("异议成立，不予备案"), (S.IN_NOTICE,), S.REJECTED, (Role.REGION_ADMIN,), ART11_3,
        comment_required=True, batch_only=True,
    ),
    Transition(
        "file", _("予以备案"), (S.IN_NOTICE,), S.FILED, (Role.REGION_ADMIN,), ART11_3,
        guards=(notice_ended_without_pending_objection, unit_still_without_station), batch_only=True,
    ),
]  # fmt: skip


def _review_deadline(app):
    return app.round.review_deadline


def _filing_opens(app):
    """The first day the region may file: the day after the 公示 ends (it ends at the close of ``ends_on``)."""
    item = getattr(app, "notice_item", None)
    return item.notice.ends_on + timedelta(days=1) if item else None


APPLICATION_OBLIGATIONS = [
    ObligationSpec(
        "application_submit", _("提交设立申请"), frozenset({S.DRAFT}), Role.UNIT_ADMIN,
        lambda a: a.unit_id, lambda a: a.round.application_deadline, ART11_1,
    ),
    ObligationSpec(
        "application_revise", _("按意见修改后重新提交"), frozenset({S.RETURNED}), Role.UNIT_ADMIN,
        lambda a: a.unit_id, _review_deadline, ART11_1,
    ),
    ObligationSpec(
        "dept_consent", _("主管部门审核是否同意申报"), frozenset({S.DEPT_REVIEW}), Role.DEPT_OFFICER,
        lambda a: a.unit.department_id, _review_deadline, ART11_1,
    ),
    ObligationSpec(
        "bureau_recommendation", _("盟市初审、考察并报送推荐意见"), frozenset({S.BUREAU_REVIEW, S.RECOMMENDED}),
        Role.BUREAU_OFFICER, lambda a: a.unit.bureau_id, _review_deadline, ART11_2,
    ),
    ObligationSpec(
        "region_review", _("自治区组织论证评议"), frozenset({S.AT_REGION, S.EXPERT_REVIEW}), Role.REGION_ADMIN,
        None, lambda a: None, ART11_3,
    ),
    ObligationSpec(
        "region_notice", _("发布公示"), frozenset({S.PASSED}), Role.REGION_ADMIN,
        None, lambda a: None, ART11_3,
    ),
    ObligationSpec(
        "region_filing", _("公示期满后备案"), frozenset({S.IN_NOTICE}), Role.REGION_ADMIN,
        None, _filing_opens, ART11_3, date_means=DateMeaning.FROM,
    ),
]  # fmt: skip


def application_recipients(app, transition, to_state):
    """Whoever must act next, and the applicant whenever a reviewer decided."""
    unit_admins = list(users_with_role(Role.UNIT_ADMIN, app.unit_id))
    if to_state == S.DEPT_REVIEW:
        return list(users_with_role(Role.DEPT_OFFICER, app.unit.department_id)) + unit_admins
    if to_state == S.BUREAU_REVIEW and transition.action != "bureau_unrecommend":
        return list(users_with_role(Role.BUREAU_OFFICER, app.unit.bureau_id)) + unit_admins
    if to_state == S.AT_REGION:
        return list(users_with_role(Role.REGION_ADMIN)) + unit_admins
    if to_state in (S.RETURNED, S.REJECTED, S.RECOMMENDED, S.PASSED, S.IN_NOTICE, S.FILED):
        return unit_admins
    return []


application_workflow = Workflow(
    name="base_application",
    model=BaseApplication,
    transitions=APPLICATION_TRANSITIONS,
    assignment_for=application_assignment,
    state_labels=dict(S.choices),
    obligations=APPLICATION_OBLIGATIONS,
    recipients=application_recipients,
    url=lambda app: app.get_absolute_url(),
    bureau_path="unit__bureau_id",
    round_path="round_id",
)

ROUND_TRANSITIONS = [
    Transition(
        "open", _("开始申报"), (RoundState.DRAFT,), RoundState.OPEN, (Role.REGION_ADMIN,), ART11,
        guards=(round_dates_valid, no_other_open_round), effect=mark_opened,
    ),
    Transition(
        "close", _("截止申报"), (RoundState.OPEN,), RoundState.CLOSED, (Role.REGION_ADMIN,), ART11,
        effect=mark_closed, style="outline-danger",
    ),
    Transition(
        "reopen", _("重新开放申报"), (RoundState.CLOSED,), RoundState.OPEN, (Role.REGION_ADMIN,), ART11,
        guards=(round_dates_valid, no_other_open_round), effect=mark_opened, style="outline-secondary",
    ),
]  # fmt: skip


def round_recipients(round_, transition, to_state):
    if to_state != RoundState.OPEN:
        return []
    from django.contrib.auth import get_user_model

    return list(
        get_user_model()
        .objects.filter(
            role_assignments__role__in=[Role.BUREAU_OFFICER, Role.DEPT_OFFICER],
            role_assignments__active=True,
            is_active=True,
        )
        .distinct()
    )


class RoundWorkflow(Workflow):
    """Opening two rounds at once passes both guards; the ``one_open_round`` constraint then refuses the
    second at commit time. That loss of the race is the guard's refusal, not a server error."""

    def apply(self, obj, action: str, **kwargs):
        try:
            return super().apply(obj, action, **kwargs)
        except IntegrityError:
            if Round.objects.filter(state=RoundState.OPEN).exclude(pk=obj.pk).exists():
                raise TransitionRefused([another_round_open()]) from None
            raise


round_workflow = RoundWorkflow(
    name="round",
    model=Round,
    transitions=ROUND_TRANSITIONS,
    assignment_for=round_assignment,
    state_labels=dict(RoundState.choices),
    recipients=round_recipients,
    url=lambda r: r.get_absolute_url(),
)
