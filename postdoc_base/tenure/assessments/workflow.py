"""The assessment workflow (中期考核 / 出基地考核, Arts. 7, 17, 18): the base's unit administrator forms a joint
panel on the review module, the experts score there, and the unit administrator grades with a written result.

Both steps are ``batch_only``: the panel is formed by ``services.form_panel`` (which checks the
joint-panel rules) and the grade recorded by ``services.grade`` (which applies its effects), so
the generic transition endpoints cannot skip them.
"""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import users_with_role
from postdoc_base.kernel.workflow import SYSTEM_ROLE, ObligationSpec, Transition, Workflow
from postdoc_base.policy import tenure as tenure_policy
from postdoc_base.policy.findings import Finding
from postdoc_base.review.enums import AssignmentState

from .enums import AssessmentState
from .models import Assessment, AssessmentScheme
from .permissions import assessment_assignment

AS = AssessmentState


def _article(assessment) -> str:
    """The mid-term acts under Art. 17, the exit assessment under Art. 18 (``Assessment.article``)."""
    return assessment.article


def _set_panel(assessment, ctx) -> None:
    """The panel ``form_panel`` has just built (its joint-panel rules are checked there)."""
    assessment.panel_id = ctx.payload["panel_id"]


def scores_in(assessment) -> list[Finding]:
    """Every expert has submitted, or been withdrawn; at least one submitted score (the review module's
    aggregation takes the mean of the submitted totals)."""
    if assessment.panel_id is None:
        return [Finding(False, "art17.no_panel", assessment.article, _("请先组建考核专家组。"))]
    states = list(assessment.panel.assignments.values_list("state", flat=True))
    pending = states.count(AssignmentState.ASSIGNED)
    if pending:
        return [
            Finding(
                False,
                "art17.scores_pending",
                assessment.article,
                _("还有%(n)d名专家未提交评分，全部提交（或撤回分配）后才能评定。") % {"n": pending},
            )  # fmt: skip
        ]
    if AssignmentState.SUBMITTED not in states:
        return [Finding(False, "art17.no_scores", assessment.article, _("尚无专家提交评分，不能评定。"))]
    return []


def _scores_in(assessment, ctx):
    yield from scores_in(assessment)


def _graded(assessment, ctx) -> None:
    assessment.grade = ctx.payload["grade"]
    assessment.score = ctx.payload["score"]
    assessment.result = ctx.comment
    assessment.graded_on = ctx.today


def _recipients(assessment, transition, to_state):
    """The postdoc and the partner station hear of a formed panel and of the grade."""
    a = assessment.appointment
    return [
        *users_with_role(Role.POSTDOC, a.postdoc_id),
        *users_with_role(Role.STATION_CONTACT, a.station_id),
    ]


ASSESSMENT_TRANSITIONS = [
    Transition(
        "form_panel", _("组建考核专家组"), (AS.SCHEDULED,), AS.UNDER_REVIEW, (Role.UNIT_ADMIN,), _article,
        effect=_set_panel, batch_only=True,
    ),
    Transition(
        "grade", _("评定考核结果"), (AS.UNDER_REVIEW,), AS.GRADED, (Role.UNIT_ADMIN,), _article,
        guards=(_scores_in,), effect=_graded, comment_required=True, batch_only=True,
    ),
    # Taken by the rules when the postdoc is withdrawn (cancel_open_assessments).
    Transition(
        "cancel", _("取消考核"), (AS.SCHEDULED, AS.UNDER_REVIEW), AS.CANCELLED, (SYSTEM_ROLE,), _article,
    ),
]  # fmt: skip

ASSESSMENT_OBLIGATIONS = [
    # One title for both kinds (an obligation's title cannot follow the object); the subject label names
    # the kind ("张晓明：中期考核").
    ObligationSpec(
        "assessment_organise", _("组织博士后考核"), frozenset({AS.SCHEDULED}), Role.UNIT_ADMIN,
        lambda a: a.appointment.base.unit_id, lambda a: a.due_on, _article,
    ),
    ObligationSpec(
        "assessment_grade", _("评定考核结果"), frozenset({AS.UNDER_REVIEW}), Role.UNIT_ADMIN,
        lambda a: a.appointment.base.unit_id, lambda a: a.panel.due_on if a.panel_id else None,
        _article,
    ),
]  # fmt: skip

assessment_workflow = Workflow(
    name="assessment",
    model=Assessment,
    transitions=ASSESSMENT_TRANSITIONS,
    assignment_for=assessment_assignment,
    state_labels=dict(AssessmentState.choices),
    obligations=ASSESSMENT_OBLIGATIONS,
    recipients=_recipients,
    url=lambda a: a.get_absolute_url(),
    bureau_path="appointment__base__unit__bureau_id",
)


def cancel_open_assessments(appointment) -> None:
    """A withdrawn postdoc (Art. 23) is no longer assessed: scheduled or running assessments are cancelled
    (a system step), their experts' open assignments withdrawn and their panels closed, so nothing stays on
    anyone's to-do list."""
    from postdoc_base.review.enums import PanelPhase
    from postdoc_base.review.models import Assignment
    from postdoc_base.review.workflow import assignment_workflow, panel_workflow

    for assessment in Assessment.objects.select_related("panel").filter(
        appointment=appointment, state__in=(AS.SCHEDULED, AS.UNDER_REVIEW)
    ):
        if assessment.panel is not None:
            for assignment in Assignment.objects.filter(
                panel=assessment.panel, state=AssignmentState.ASSIGNED
            ):
                assignment_workflow.apply_by_rule(assignment, "withdraw")
            if assessment.panel.phase != PanelPhase.CLOSED:
                panel_workflow.apply_by_rule(assessment.panel, "close")
        assessment_workflow.apply_by_rule(assessment, "cancel")


# --- scheduling (Arts. 17, 18), called by the appointment workflow -----------------------------------------
def midterm_months_of(base_id: int) -> int:
    """The base's mid-term timing (its assessment scheme), 12 months when it has not set one (Art. 17)."""
    months = AssessmentScheme.objects.filter(base_id=base_id).values_list("midterm_months", flat=True).first()
    return months or tenure_policy.MIDTERM_DEFAULT_MONTHS


def schedule_midterm(appointment) -> None:
    """第十七条: once filed, the mid-term assessment is due ``midterm_months`` after entry."""
    due = tenure_policy.midterm_due(appointment.entry_date, midterm_months_of(appointment.base_id))
    schedule_assessment(appointment, tenure_policy.AssessmentKind.MIDTERM, due)


def schedule_assessment(appointment, kind: str, due) -> None:
    """Creates the assessment once and puts "组织博士后考核" on the base's to-do list."""
    assessment, created = Assessment.objects.get_or_create(
        appointment=appointment, kind=kind, defaults={"due_on": due}
    )
    if created:
        assessment_workflow.sync_obligations(assessment, assessment.state)
