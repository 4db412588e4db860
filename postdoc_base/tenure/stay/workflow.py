"""The kernel workflows of appointments (进基地 to 出基地 or 退出基地, Arts. 13-18, 23) and of term extensions
(延期, Art. 14), in one module because each drives the other: an exit request or a withdrawal lapses open
extensions, an acknowledged extension re-dates the appointment's term-end exit. The exit guards come from
exits/workflow.py and the assessment scheduling from assessments/workflow.py."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel import audit
from postdoc_base.kernel.workflow import SYSTEM_ROLE, ObligationSpec, Transition, Workflow, snapshot
from postdoc_base.policy import tenure as tenure_policy
from postdoc_base.policy.deadlines import ReminderSchedule
from postdoc_base.policy.findings import Finding

from ..assessments.workflow import cancel_open_assessments, schedule_assessment, schedule_midterm
from ..exits.workflow import _exit_assessment_passed, _exit_materials, _exit_recorded
from .enums import ACTIVE_APPOINTMENT_STATES, OPEN_EXTENSION_STATES, AppointmentState, ExtensionState
from .models import Appointment, TermExtension
from .permissions import appointment_assignment, extension_assignment

# --- appointments (进基地, Arts. 13-15) -----------------------------------------------------------------
AS = AppointmentState


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


def _filing_submitted(appointment, ctx) -> None:
    """第十三条第（二）项: the day the base reports the entry is the day its three months are measured against."""
    appointment.entry_filing_submitted_on = ctx.today


def _filing_returned(appointment, ctx) -> None:
    """A returned filing was not the report the region files: the base's next submission is."""
    appointment.entry_filing_submitted_on = None


def _filing_accepted(appointment, ctx) -> None:
    """第十三条第（二）项: filed today; late only if the base submitted after the due date, whenever the region
    accepts. A filing pending since before the submission day was kept has no such day: the acceptance day
    stands in for it, as it used to."""
    appointment.entry_filed_on = ctx.today
    submitted_on = appointment.entry_filing_submitted_on or ctx.today
    appointment.entry_filing_late = tenure_policy.is_late(appointment.entry_date, submitted_on)
    schedule_midterm(appointment)


def _exit_requested(appointment, ctx) -> None:
    """第十八条: asking to exit schedules the exit assessment, due at the end of the term (or now, if past)."""
    ends = appointment.term_ends_on
    due = max(ctx.today, ends) if ends else ctx.today
    schedule_assessment(appointment, tenure_policy.AssessmentKind.EXIT, due)
    _lapse_extensions(appointment, ctx)


def _withdrawn(appointment, ctx) -> None:
    """第二十三条: a withdrawn postdoc does not enjoy the policies for postdocs who exit at the end of term."""
    appointment.exit_policies_entitled = False
    _lapse_extensions(appointment, ctx)
    cancel_open_assessments(appointment)


def _lapse_extensions(appointment, ctx) -> None:
    lapse_open_extensions(appointment, ctx.today)


def _appointment_recipients(a, transition, to_state):
    return [
        *users_with_role(Role.UNIT_ADMIN, a.base.unit_id),
        *users_with_role(Role.STATION_CONTACT, a.station_id),
    ]


def _filing_due(a):
    return tenure_policy.entry_filing_due(a.entry_date) if a.entry_date else None


APPOINTMENT_TRANSITIONS = [
    # Creation row: the base drafts the tripartite agreement (services.appointment_create, Workflow.created).
    Transition("create", _("草拟三方协议"), (), AS.DRAFTED, (Role.UNIT_ADMIN,), tenure_policy.ART13_1, batch_only=True),
    Transition(
        "sign", _("确认三方协议已签署"), (AS.DRAFTED,), AS.SIGNED, (Role.UNIT_ADMIN,), tenure_policy.ART13_1,
        guards=(_agreement_complete,),
    ),
    Transition(
        "complete_entry", _("办理进基地"), (AS.SIGNED,), AS.ENTERED, (Role.STATION_CONTACT,),
        tenure_policy.ART13_2, guards=(_entry_date_set,), batch_only=True,  # through the entry-date form
        records=("entry_date",),
    ),
    Transition(
        "submit_filing", _("报送进站备案"), (AS.ENTERED,), AS.FILING_SUBMITTED, (Role.UNIT_ADMIN,),
        tenure_policy.ART15, guards=(_dual_supervisors,), effect=_filing_submitted,
    ),
    Transition(
        "accept_filing", _("予以备案"), (AS.FILING_SUBMITTED,), AS.IN_BASE, (Role.REGION_ADMIN,),
        tenure_policy.ART13_2, effect=_filing_accepted,
    ),
    Transition(
        "return_filing", _("退回备案"), (AS.FILING_SUBMITTED,), AS.ENTERED, (Role.REGION_ADMIN,),
        tenure_policy.ART13_2, comment_required=True, effect=_filing_returned, style="outline-danger",
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
        records=("exit_date", "destination", "destination_employer"),
    ),
    Transition(
        "withdraw", _("退出基地"), ACTIVE_APPOINTMENT_STATES, AS.WITHDRAWN, (Role.REGION_ADMIN,),
        tenure_policy.ART23, comment_required=True, effect=_withdrawn, style="outline-danger",
        batch_only=True,
    ),
]  # fmt: skip

# The three-month filing window is the one officials miss most (issue 12): a month ahead, a week, the day before.
ENTRY_FILING_REMINDERS = ReminderSchedule(before=(30, 7, 1))

APPOINTMENT_OBLIGATIONS = [
    ObligationSpec(
        "entry_filing", _("进站备案"), frozenset({AS.ENTERED}), Role.UNIT_ADMIN,
        lambda a: a.base.unit_id, _filing_due, tenure_policy.ART13_2,
        reminders=ENTRY_FILING_REMINDERS,
    ),
    ObligationSpec(
        "entry_filing_review", _("进站备案"), frozenset({AS.FILING_SUBMITTED}), Role.REGION_ADMIN,
        None, _filing_due, tenure_policy.ART13_2,
    ),
    ObligationSpec(
        "term_end_exit", _("合同期满办理出基地"), frozenset({AS.IN_BASE}), Role.UNIT_ADMIN,
        lambda a: a.base.unit_id, lambda a: a.term_ends_on, tenure_policy.ART18,
        met_by=(Role.POSTDOC,),
    ),
    ObligationSpec(
        "exit_completion", _("办理出基地手续"), frozenset({AS.EXIT_ASSESSED}), Role.STATION_CONTACT,
        lambda a: a.station_id, lambda a: None, tenure_policy.ART18,
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
    bureau_path="base__unit__bureau_id",
)


# --- term extensions (延期, Art. 14) ---------------------------------------------------------------------
ART14 = tenure_policy.ART14
ES = ExtensionState


def term_findings(appointment, months: int, has_major_project: bool) -> list[Finding]:
    """第十四条: the whole stay once this extension is added, with the extension's or the appointment's major
    project; every finding (passing ones too) so a page can show the reasons."""
    return tenure_policy.check_term(
        appointment.term_months,
        has_major_project or appointment.has_major_project,
        total_months_including_extensions=appointment.term_months + appointment.extended_months + months,
    )


def extension_term_findings(extension) -> list[Finding]:
    return term_findings(extension.appointment, extension.months, extension.has_major_project)


def _within_term_limits(extension, ctx):
    """第十四条: never over 6 years in total across extensions; over 4 only with a recorded major project."""
    yield from (f for f in extension_term_findings(extension) if not f.ok)


def _appointment_in_base(extension, ctx):
    if extension.appointment.state != AppointmentState.IN_BASE:
        yield Finding(
            False, "art14.not_in_base", ART14, _("该博士后研究人员当前不在基地，不能办理延期。")
        )  # fmt: skip


def _acknowledged(extension, ctx) -> None:
    """第十四条: the region's acknowledgement adds the months to the stay and moves the term-end exit date."""
    appointment = (
        Appointment.objects.select_for_update().select_related("base").get(pk=extension.appointment_id)
    )
    before = snapshot(appointment)
    appointment.extended_months += extension.months  # the row is locked: no lost update
    appointment.save(update_fields=["extended_months"])
    audit.record(
        actor=ctx.actor, subject=appointment, action="extend", role=ctx.role, scope=ctx.assignment.scope_label,
        from_state=appointment.state, to_state=appointment.state,
        diff=audit.field_diff(before, snapshot(appointment)), comment=ctx.comment,
    )  # fmt: skip
    appointment_workflow.sync_obligations(appointment, appointment.state)  # re-dates the term-end exit
    extension.appointment = appointment
    extension.decided_on = ctx.today


def _decided(extension, ctx) -> None:
    extension.decided_on = ctx.today


def lapse_open_extensions(appointment, today) -> None:
    """An extension still open when the postdoc asks to exit or is withdrawn has nothing left to extend: it
    lapses (a system step) and leaves the base's and the region's to-do lists."""
    for extension in TermExtension.objects.filter(appointment=appointment, state__in=OPEN_EXTENSION_STATES):
        extension_workflow.apply_by_rule(extension, "lapse", on=today)


def _extension_recipients(extension, transition, to_state):
    a = extension.appointment
    people = [*users_with_role(Role.UNIT_ADMIN, a.base.unit_id), *users_with_role(Role.POSTDOC, a.postdoc_id)]
    if to_state == ES.BASE_APPROVED:
        people += list(users_with_role(Role.REGION_ADMIN))
    return people


EXTENSION_TRANSITIONS = [
    # Creation row: the postdoc or the base asks (services.extension_request, Workflow.created).
    Transition("request", _("申请延期"), (), ES.REQUESTED, (Role.POSTDOC, Role.UNIT_ADMIN), ART14, batch_only=True),
    Transition(
        "approve", _("基地同意延期"), (ES.REQUESTED,), ES.BASE_APPROVED, (Role.UNIT_ADMIN,), ART14,
        guards=(_appointment_in_base, _within_term_limits),
    ),
    Transition(
        "refuse", _("基地不同意延期"), (ES.REQUESTED,), ES.REFUSED, (Role.UNIT_ADMIN,), ART14,
        comment_required=True, effect=_decided, style="outline-danger",
    ),
    Transition(
        "acknowledge", _("自治区确认延期"), (ES.BASE_APPROVED,), ES.ACKNOWLEDGED, (Role.REGION_ADMIN,), ART14,
        guards=(_appointment_in_base, _within_term_limits), effect=_acknowledged,
    ),
    Transition(
        "refuse_region", _("自治区不予确认"), (ES.BASE_APPROVED,), ES.REFUSED, (Role.REGION_ADMIN,), ART14,
        comment_required=True, effect=_decided, style="outline-danger",
    ),
    # Taken by the rules when the postdoc asks to exit or is withdrawn (lapse_open_extensions).
    Transition(
        "lapse", _("延期申请失效"), OPEN_EXTENSION_STATES, ES.LAPSED, (SYSTEM_ROLE,), ART14, effect=_decided,
    ),
]  # fmt: skip

EXTENSION_OBLIGATIONS = [
    ObligationSpec(
        "extension_review", _("审核延期申请"), frozenset({ES.REQUESTED}), Role.UNIT_ADMIN,
        lambda e: e.appointment.base.unit_id, lambda e: None, ART14,
    ),
    ObligationSpec(
        "extension_acknowledge", _("确认延期"), frozenset({ES.BASE_APPROVED}), Role.REGION_ADMIN,
        None, lambda e: None, ART14,
    ),
]  # fmt: skip

extension_workflow = Workflow(
    name="term_extension",
    model=TermExtension,
    transitions=EXTENSION_TRANSITIONS,
    assignment_for=extension_assignment,
    state_labels=dict(ExtensionState.choices),
    obligations=EXTENSION_OBLIGATIONS,
    recipients=_extension_recipients,
    url=lambda e: e.get_absolute_url(),
    bureau_path="appointment__base__unit__bureau_id",
)
