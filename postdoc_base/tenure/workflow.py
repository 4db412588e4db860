"""The kernel workflows of cooperation agreements (Art. 8), research topics (Arts. 3, 12) and interests."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import assignment_of, users_with_role
from postdoc_base.kernel.workflow import ObligationSpec, Transition, Workflow
from postdoc_base.policy import tenure as tenure_policy
from postdoc_base.policy.findings import Finding

from .assessment_workflow import assessment_workflow, cancel_open_assessments
from .enums import (
    ACTIVE_APPOINTMENT_STATES,
    AgreementState,
    AppointmentState,
    DispatchState,
    InterestState,
    TopicState,
    WithdrawalState,
)
from .models import (
    Appointment,
    Assessment,
    AssessmentScheme,
    CooperationAgreement,
    Dispatch,
    ResearchTopic,
    TopicInterest,
    WithdrawalCase,
)

ART3 = "第三条"
ART8 = "第八条"
ART12 = "第十二条"
ART9_5 = "第九条第（五）项"


# --- agreements ----------------------------------------------------------------------------------------
def agreement_assignment(user, role: str, agreement):
    if role == Role.UNIT_ADMIN:
        return assignment_of(user, role, unit_id=agreement.base.unit_id)
    if role == Role.STATION_CONTACT:
        return assignment_of(user, role, station_id=agreement.station_id)
    return None


def _after_base(a) -> str:
    return (
        AgreementState.ACTIVE
        if a.state == AgreementState.STATION_CONFIRMED
        else AgreementState.BASE_CONFIRMED
    )


def _after_station(a) -> str:
    return (
        AgreementState.ACTIVE
        if a.state == AgreementState.BASE_CONFIRMED
        else AgreementState.STATION_CONFIRMED
    )


def _agreement_recipients(a, transition, to_state):
    return [
        *users_with_role(Role.UNIT_ADMIN, a.base.unit_id),
        *users_with_role(Role.STATION_CONTACT, a.station_id),
    ]


AGREEMENT_TRANSITIONS = [
    Transition(
        "base_confirm", _("基地确认协议"), (AgreementState.DRAFT, AgreementState.STATION_CONFIRMED), _after_base,
        (Role.UNIT_ADMIN,), ART8,
    ),
    Transition(
        "station_confirm", _("流动站确认协议"), (AgreementState.DRAFT, AgreementState.BASE_CONFIRMED),
        _after_station, (Role.STATION_CONTACT,), ART8,
    ),
    Transition(
        "end", _("终止协议"), (AgreementState.ACTIVE,), AgreementState.ENDED,
        (Role.UNIT_ADMIN, Role.STATION_CONTACT), ART8, comment_required=True, style="outline-danger",
    ),
]  # fmt: skip

agreement_workflow = Workflow(
    name="cooperation_agreement",
    model=CooperationAgreement,
    transitions=AGREEMENT_TRANSITIONS,
    assignment_for=agreement_assignment,
    state_labels=dict(AgreementState.choices),
    recipients=_agreement_recipients,
    url=lambda a: a.get_absolute_url(),
)


# --- topics --------------------------------------------------------------------------------------------
def base_assignment(user, role: str, obj):
    """The unit administrator of the object's base (a topic, or an interest's topic)."""
    base = obj.topic.base if isinstance(obj, TopicInterest) else obj.base
    return assignment_of(user, role, unit_id=base.unit_id) if role == Role.UNIT_ADMIN else None


def station_finding(base_id: int, station_id: int | None):
    """A partner station must have an active cooperation agreement with the base (Art. 8)."""
    if station_id is None:
        return None
    active = CooperationAgreement.objects.filter(
        base_id=base_id, station_id=station_id, state=AgreementState.ACTIVE
    ).exists()
    if active:
        return None
    return Finding(
        False, "art8.no_active_agreement", ART8, _("该流动站与本基地没有生效的合作协议，不能作为合作流动站。")
    )


def _topic_complete(topic, ctx):
    if not topic.title.strip():
        yield Finding(False, "topic.no_title", ART12, _("请填写课题名称。"))
    if not topic.description.strip():
        yield Finding(False, "topic.no_description", ART12, _("请填写课题简介。"))
    if not topic.annual_pay_yuan:
        yield Finding(False, "topic.no_pay", ART12, _("请填写年薪。"))


def _topic_station(topic, ctx):
    finding = station_finding(topic.base_id, topic.station_id)
    if finding:
        yield finding


def _published(topic, ctx) -> None:
    topic.published_at = timezone.now()


TOPIC_TRANSITIONS = [
    Transition(
        "publish", _("发布课题"), (TopicState.DRAFT,), TopicState.PUBLISHED, (Role.UNIT_ADMIN,), ART12,
        guards=(_topic_complete, _topic_station), effect=_published,
    ),
    Transition(
        "close", _("关闭课题"), (TopicState.PUBLISHED,), TopicState.CLOSED, (Role.UNIT_ADMIN,), ART12,
        style="outline-secondary",
    ),
]  # fmt: skip

topic_workflow = Workflow(
    name="research_topic",
    model=ResearchTopic,
    transitions=TOPIC_TRANSITIONS,
    assignment_for=base_assignment,
    state_labels=dict(TopicState.choices),
    url=lambda t: t.get_absolute_url(),
)


# --- interests -----------------------------------------------------------------------------------------
INTEREST_TRANSITIONS = [
    Transition(
        "contact", _("已联系"), (InterestState.NEW,), InterestState.CONTACTED, (Role.UNIT_ADMIN,), ART12,
    ),
    Transition(
        "decline", _("不予采纳"), (InterestState.NEW, InterestState.CONTACTED), InterestState.DECLINED,
        (Role.UNIT_ADMIN,), ART12, style="outline-secondary",
    ),
]  # fmt: skip

INTEREST_OBLIGATIONS = [
    ObligationSpec(
        "topic_interest_reply", _("回复课题意向"), frozenset({InterestState.NEW}), Role.UNIT_ADMIN,
        lambda i: ("unit", i.topic.base.unit_id), lambda i: None, ART12,
    ),
]  # fmt: skip

interest_workflow = Workflow(
    name="topic_interest",
    model=TopicInterest,
    transitions=INTEREST_TRANSITIONS,
    assignment_for=base_assignment,
    state_labels=dict(InterestState.choices),
    obligations=INTEREST_OBLIGATIONS,
    url=lambda i: i.get_absolute_url(),
)


# --- appointments (进基地, Arts. 13-15) -----------------------------------------------------------------
AS = AppointmentState


def appointment_assignment(user, role: str, appointment):
    if role == Role.UNIT_ADMIN:
        return assignment_of(user, role, unit_id=appointment.base.unit_id)
    if role == Role.STATION_CONTACT:
        return assignment_of(user, role, station_id=appointment.station_id)
    if role == Role.REGION_ADMIN:
        return assignment_of(user, role)
    if role == Role.POSTDOC:
        return assignment_of(user, role, postdoc_id=appointment.postdoc_id)
    return None


def _agreement_complete(appointment, ctx):
    """第十三条第（一）项 and 第十四条: every clause, all three signatures, the document, a lawful term."""
    yield from tenure_policy.check_tripartite_agreement(
        appointment.clauses_confirmed or [], appointment.signed_by or [], bool(appointment.document)
    )
    yield from tenure_policy.check_term(appointment.term_months, appointment.has_major_project)


def _entry_date_set(appointment, ctx):
    if appointment.entry_date is None:
        yield Finding(False, "art13.2.no_entry_date", tenure_policy.ART13_2, _("请填写进基地日期。"))


def supervisor_facts(appointment) -> list:
    facts = []
    for supervisor in (appointment.station_supervisor, appointment.base_supervisor):
        if supervisor is not None:
            facts.append(
                tenure_policy.SupervisorFacts(
                    side=supervisor.side,
                    employer=supervisor.employer,
                    station_university=appointment.station.university,
                    base_unit=appointment.base.unit.name,
                )  # fmt: skip
            )
    return facts


def _dual_supervisors(appointment, ctx):
    """第十五条: one supervisor from the partner station's university, one from the base unit."""
    yield from tenure_policy.check_dual_supervisors(supervisor_facts(appointment))


def _filing_accepted(appointment, ctx) -> None:
    today = ctx.today
    appointment.entry_filed_on = today
    appointment.entry_filing_late = tenure_policy.is_late(appointment.entry_date, today)
    schedule_midterm(appointment)


def midterm_months_of(base_id: int) -> int:
    """The base's mid-term timing (its assessment scheme), 12 months when it has not set one (Art. 17)."""
    months = AssessmentScheme.objects.filter(base_id=base_id).values_list("midterm_months", flat=True).first()
    return months or tenure_policy.MIDTERM_DEFAULT_MONTHS


def schedule_midterm(appointment) -> None:
    """第十七条: once filed, the mid-term assessment is due ``midterm_months`` after entry."""
    due = tenure_policy.midterm_due(appointment.entry_date, midterm_months_of(appointment.base_id))
    _schedule(appointment, tenure_policy.AssessmentKind.MIDTERM, due)


def _schedule(appointment, kind: str, due) -> None:
    """Creates the assessment once and puts "组织博士后考核" on the base's to-do list."""
    assessment, created = Assessment.objects.get_or_create(
        appointment=appointment, kind=kind, defaults={"due_on": due}
    )
    if created:
        assessment_workflow.sync_obligations(assessment, assessment.state)


def _exit_materials(appointment, ctx):
    """第十八条: the research report and the work summary are uploaded before the exit assessment."""
    if not appointment.research_report:
        yield Finding(False, "art18.no_research_report", tenure_policy.ART18, _("请上传研究报告。"))
    if not appointment.work_summary:
        yield Finding(False, "art18.no_work_summary", tenure_policy.ART18, _("请上传工作总结。"))


def _exit_requested(appointment, ctx) -> None:
    """第十八条: asking to exit schedules the exit assessment, due at the end of the term (or now, if past)."""
    ends = appointment.term_ends_on
    due = max(ctx.today, ends) if ends else ctx.today
    _schedule(appointment, tenure_policy.AssessmentKind.EXIT, due)
    _lapse_extensions(appointment, ctx)


def _exit_assessment_passed(appointment, ctx):
    """第十八条: the exit assessment is graded 优秀 or 合格 (不合格 opens a withdrawal case instead)."""
    grade = (
        Assessment.objects.filter(appointment=appointment, kind=tenure_policy.AssessmentKind.EXIT)
        .values_list("grade", flat=True)
        .first()
    )
    if grade not in (tenure_policy.AssessmentGrade.EXCELLENT, tenure_policy.AssessmentGrade.PASS):
        yield Finding(
            False,
            "art18.exit_assessment_not_passed",
            tenure_policy.ART18,
            _("出基地考核尚未评定为优秀或合格。"),
        )


def _exit_recorded(appointment, ctx):
    """第十八条 and 第二十一条: the station records the exit date and where the postdoc goes."""
    if appointment.exit_date is None:
        yield Finding(False, "art18.no_exit_date", tenure_policy.ART18, _("请填写出基地日期。"))
    if not appointment.destination:
        yield Finding(False, "art18.no_destination", tenure_policy.ART18, _("请选择出基地去向。"))
    if not appointment.destination_employer.strip():
        yield Finding(False, "art18.no_employer", tenure_policy.ART18, _("请填写去向单位。"))


def _withdrawn(appointment, ctx) -> None:
    """第二十三条: a withdrawn postdoc does not enjoy the policies for postdocs who exit at the end of term."""
    appointment.exit_policies_entitled = False
    _lapse_extensions(appointment, ctx)
    cancel_open_assessments(appointment)


def _lapse_extensions(appointment, ctx) -> None:
    # Late import: the extension workflow is built on this module's appointment workflow.
    from .exit_workflow import lapse_open_extensions

    lapse_open_extensions(appointment, ctx.today)


def _appointment_recipients(a, transition, to_state):
    return [
        *users_with_role(Role.UNIT_ADMIN, a.base.unit_id),
        *users_with_role(Role.STATION_CONTACT, a.station_id),
    ]


def _filing_due(a):
    return tenure_policy.entry_filing_due(a.entry_date) if a.entry_date else None


APPOINTMENT_TRANSITIONS = [
    Transition(
        "sign", _("确认三方协议已签署"), (AS.DRAFTED,), AS.SIGNED, (Role.UNIT_ADMIN,), tenure_policy.ART13_1,
        guards=(_agreement_complete,),
    ),
    Transition(
        "complete_entry", _("办理进基地"), (AS.SIGNED,), AS.ENTERED, (Role.STATION_CONTACT,),
        tenure_policy.ART13_2, guards=(_entry_date_set,), batch_only=True,  # through the entry-date form
    ),
    Transition(
        "submit_filing", _("报送进站备案"), (AS.ENTERED,), AS.FILING_SUBMITTED, (Role.UNIT_ADMIN,),
        tenure_policy.ART15, guards=(_dual_supervisors,),
    ),
    Transition(
        "accept_filing", _("予以备案"), (AS.FILING_SUBMITTED,), AS.IN_BASE, (Role.REGION_ADMIN,),
        tenure_policy.ART13_2, effect=_filing_accepted,
    ),
    Transition(
        "return_filing", _("退回备案"), (AS.FILING_SUBMITTED,), AS.ENTERED, (Role.REGION_ADMIN,),
        tenure_policy.ART13_2, comment_required=True, style="outline-danger",
    ),
    Transition(
        "request_exit", _("申请出基地"), (AS.IN_BASE,), AS.EXIT_REQUESTED, (Role.POSTDOC, Role.UNIT_ADMIN),
        tenure_policy.ART18, guards=(_exit_materials,), effect=_exit_requested,
    ),
    Transition(
        "pass_exit_assessment", _("出基地考核通过"), (AS.EXIT_REQUESTED,), AS.EXIT_ASSESSED, (Role.UNIT_ADMIN,),
        tenure_policy.ART18, guards=(_exit_assessment_passed,), batch_only=True,
    ),
    Transition(
        "complete_exit", _("办理出基地"), (AS.EXIT_ASSESSED,), AS.EXITED, (Role.STATION_CONTACT,),
        tenure_policy.ART18, guards=(_exit_recorded,), batch_only=True,
    ),
    Transition(
        "withdraw", _("退出基地"), ACTIVE_APPOINTMENT_STATES, AS.WITHDRAWN, (Role.REGION_ADMIN,),
        tenure_policy.ART23, comment_required=True, effect=_withdrawn, style="outline-danger",
        batch_only=True,
    ),
]  # fmt: skip

APPOINTMENT_OBLIGATIONS = [
    ObligationSpec(
        "entry_filing", _("进站备案"), frozenset({AS.ENTERED}), Role.UNIT_ADMIN,
        lambda a: ("unit", a.base.unit_id), _filing_due, tenure_policy.ART13_2,
    ),
    ObligationSpec(
        "entry_filing_review", _("进站备案"), frozenset({AS.FILING_SUBMITTED}), Role.REGION_ADMIN,
        lambda a: ("region", None), _filing_due, tenure_policy.ART13_2,
    ),
    ObligationSpec(
        "term_end_exit", _("合同期满办理出基地"), frozenset({AS.IN_BASE}), Role.UNIT_ADMIN,
        lambda a: ("unit", a.base.unit_id), lambda a: a.term_ends_on, tenure_policy.ART18,
        met_by=(Role.POSTDOC,),
    ),
    ObligationSpec(
        "exit_completion", _("办理出基地手续"), frozenset({AS.EXIT_ASSESSED}), Role.STATION_CONTACT,
        lambda a: ("station", a.station_id), lambda a: None, tenure_policy.ART18,
    ),
]  # fmt: skip

appointment_workflow = Workflow(
    name="appointment",
    model=Appointment,
    transitions=APPOINTMENT_TRANSITIONS,
    assignment_for=appointment_assignment,
    state_labels=dict(AppointmentState.choices),
    obligations=APPOINTMENT_OBLIGATIONS,
    recipients=_appointment_recipients,
    url=lambda a: a.get_absolute_url(),
)


# --- withdrawal cases (退出基地, Art. 23) ----------------------------------------------------------------
WS = WithdrawalState


def withdrawal_assignment(user, role: str, case):
    return assignment_of(user, role) if role == Role.REGION_ADMIN else None


def _appointment_still_active(case, ctx):
    if case.appointment.state not in ACTIVE_APPOINTMENT_STATES:
        yield Finding(
            False, "art23.appointment_not_active", tenure_policy.ART23,
            _("该博士后研究人员当前不在基地，不能决定退出基地。"),
        )  # fmt: skip


def _decided_withdraw(case, ctx) -> None:
    case.decision_article = tenure_policy.withdrawal_article(case.reason)
    case.decided_on = ctx.today
    appointment_workflow.apply(case.appointment, "withdraw", actor=ctx.actor, comment=ctx.comment, batch=True)


def _dismissed(case, ctx) -> None:
    case.decided_on = ctx.today


def _withdrawal_recipients(case, transition, to_state):
    a = case.appointment
    return [
        *users_with_role(Role.UNIT_ADMIN, a.base.unit_id),
        *users_with_role(Role.STATION_CONTACT, a.station_id),
    ]


WITHDRAWAL_TRANSITIONS = [
    Transition(
        "decide_withdraw", _("决定退出基地"), (WS.PROPOSED,), WS.DECIDED_WITHDRAWN, (Role.REGION_ADMIN,),
        tenure_policy.ART23, guards=(_appointment_still_active,), comment_required=True,
        effect=_decided_withdraw, style="danger",
    ),
    Transition(
        "dismiss", _("不予退出"), (WS.PROPOSED,), WS.DISMISSED, (Role.REGION_ADMIN,), tenure_policy.ART23,
        comment_required=True, effect=_dismissed, style="outline-secondary",
    ),
]  # fmt: skip

WITHDRAWAL_OBLIGATIONS = [
    ObligationSpec(
        "withdrawal_decision", _("处理退出基地案件"), frozenset({WS.PROPOSED}), Role.REGION_ADMIN,
        lambda c: ("region", None), lambda c: None, tenure_policy.ART23,
    ),
]  # fmt: skip

withdrawal_workflow = Workflow(
    name="withdrawal_case",
    model=WithdrawalCase,
    transitions=WITHDRAWAL_TRANSITIONS,
    assignment_for=withdrawal_assignment,
    state_labels=dict(WithdrawalState.choices),
    obligations=WITHDRAWAL_OBLIGATIONS,
    recipients=_withdrawal_recipients,
    url=lambda c: c.get_absolute_url(),
)


# --- dispatches (派出, Art. 16) -------------------------------------------------------------------------
DS = DispatchState
ART16 = "第十六条"


def dispatch_assignment(user, role: str, dispatch):
    """The base's unit administrator decides dispatches and confirms returns (Art. 16)."""
    if role == Role.UNIT_ADMIN:
        return assignment_of(user, role, unit_id=dispatch.appointment.base.unit_id)
    return None


def _returned_on_set(dispatch, ctx):
    if dispatch.returned_on is None:
        yield Finding(False, "art16.no_return_date", ART16, _("请填写实际返回日期。"))


def _dispatch_recipients(d, transition, to_state):
    return list(users_with_role(Role.UNIT_ADMIN, d.appointment.base.unit_id))


DISPATCH_TRANSITIONS = [
    Transition("approve", _("批准派出"), (DS.REQUESTED,), DS.APPROVED, (Role.UNIT_ADMIN,), ART16),
    Transition(
        "refuse", _("不予派出"), (DS.REQUESTED,), DS.REFUSED, (Role.UNIT_ADMIN,), ART16, comment_required=True,
        style="outline-danger",
    ),
    Transition(
        "confirm_return", _("确认返回"), (DS.APPROVED,), DS.RETURNED, (Role.UNIT_ADMIN,), ART16,
        guards=(_returned_on_set,), batch_only=True,
    ),
]  # fmt: skip

DISPATCH_OBLIGATIONS = [
    ObligationSpec(
        "dispatch_return", _("确认派出人员返回"), frozenset({DS.APPROVED}), Role.UNIT_ADMIN,
        lambda d: ("unit", d.appointment.base.unit_id), lambda d: d.planned_return, ART16,
    ),
]  # fmt: skip

dispatch_workflow = Workflow(
    name="dispatch",
    model=Dispatch,
    transitions=DISPATCH_TRANSITIONS,
    assignment_for=dispatch_assignment,
    state_labels=dict(DispatchState.choices),
    obligations=DISPATCH_OBLIGATIONS,
    recipients=_dispatch_recipients,
    url=lambda d: d.get_absolute_url(),
)
