"""Writes for postdoc assessments (中期考核 / 出基地考核, Arts. 7, 17, 18) and each base's indicator system.

The base's indicator system (Art. 17) is read with defaults and saved by the base's unit administrator.
An assessment is run on the review module: ``form_panel`` builds a rubric snapshot of the base's indicators,
a joint panel of the base's academic committee and the partner station's experts, and one assignment per
member; the experts score on the review pages; ``grade`` records the grade with the panel's mean score and
applies its effects (Art. 23(3) withdrawal case, exit assessment passed, award). Each takes an explicit
``actor``, runs in one transaction with its audit events and leaves the database unchanged on refusal.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.models import RoleAssignment
from postdoc_base.directory.models import Expert
from postdoc_base.kernel import audit
from postdoc_base.kernel.workflow import TransitionRefused
from postdoc_base.oversight.models import PracticeBase
from postdoc_base.policy import tenure as tenure_policy
from postdoc_base.policy.common import person_date
from postdoc_base.policy.findings import Finding, failures
from postdoc_base.policy.tenure import (
    ART17,
    AssessmentGrade,
    AssessmentKind,
    AssessmentPanelMember,
    WithdrawalReason,
    check_assessment_panel,
    check_indicator_weights,
)
from postdoc_base.review import services as review_services
from postdoc_base.review.enums import PanelPhase, PanelPurpose
from postdoc_base.review.workflow import panel_workflow

from ..outputs.enums import OutputKind, OutputLevel, OutputState
from ..outputs.models import Output
from ..outputs.workflow import output_workflow
from ..permissions import _base_admin
from ..stay.enums import AppointmentState
from ..stay.workflow import appointment_workflow
from ..withdrawals.services import RuleProposal, withdrawal_cases_open_by_rule
from .models import Assessment, AssessmentScheme
from .workflow import assessment_workflow

# The months from entry to the mid-term assessment a base may set: at least one, at most the longest
# ordinary term (Art. 14, 48 months), so that the mid-term falls inside the stay (a system bound).
MIDTERM_MONTHS_MAX = tenure_policy.MAX_TERM_MONTHS
AWARD_TITLES = {AssessmentKind.MIDTERM: _("中期考核优秀"), AssessmentKind.EXIT: _("出基地考核优秀")}


def _refuse(code: str, message, article: str = ART17) -> TransitionRefused:
    return TransitionRefused([Finding(False, code, article, message)])


# --- the indicator system (Art. 17) ----------------------------------------------------------------------
def default_indicators() -> list[dict]:
    return [
        {"key": i.key, "label": str(i.label), "weight": i.weight}
        for i in tenure_policy.DEFAULT_ASSESSMENT_INDICATORS
    ]


def scheme_for(base) -> AssessmentScheme:
    """The base's indicator system; when it has none yet, the Art. 17 defaults as an unsaved scheme
    (reading never writes)."""
    scheme = AssessmentScheme.objects.filter(base=base).first()
    if scheme is None or not scheme.indicators:
        months = scheme.midterm_months if scheme else tenure_policy.MIDTERM_DEFAULT_MONTHS
        return AssessmentScheme(
            pk=scheme.pk if scheme else None,
            base=base,
            indicators=default_indicators(),
            midterm_months=months,
        )
    return scheme


def _clean_weights(indicators: list[dict], weights: dict) -> dict[str, int]:
    keys = [i["key"] for i in indicators]
    errors = [gettext("未知的考核指标“%(key)s”。") % {"key": key} for key in weights if key not in keys]
    errors += [
        gettext("请填写指标“%(label)s”的权重。") % {"label": i["label"]}
        for i in indicators
        if i["key"] not in weights
    ]
    if errors:
        raise ValidationError({"weights": errors})
    cleaned: dict[str, object] = {}
    for key in keys:
        value = weights[key]
        digits = value.strip().lstrip("-") if isinstance(value, str) else ""
        if digits.isascii() and digits.isdigit():  # "²" passes isdigit() alone and would crash int()
            value = int(value.strip())
        cleaned[key] = value
    labels = {i["key"]: i["label"] for i in indicators}
    found = check_indicator_weights({labels[k]: v for k, v in cleaned.items()})
    if found:
        raise ValidationError({"weights": [str(f.message) for f in found]})
    return cleaned  # type: ignore[return-value]


def _clean_months(midterm_months) -> int:
    try:
        months = int(midterm_months)
    except (TypeError, ValueError):
        months = 0
    if isinstance(midterm_months, bool) or not 1 <= months <= MIDTERM_MONTHS_MAX:
        raise ValidationError(
            {"midterm_months": [_("中期考核时间须为进基地后1至%(max)d个月。") % {"max": MIDTERM_MONTHS_MAX}]}
        )
    return months


def scheme_save(*, actor, base, weights: dict, midterm_months) -> AssessmentScheme:
    """第十七条 / Art. 17: the base's unit administrator sets the weights (whole, non-negative, summing to
    100) and the mid-term timing. Assessments already scheduled keep their due dates and rubric snapshots."""
    assignment = _base_admin(actor, base, ART17)
    current = scheme_for(base)
    cleaned = _clean_weights(current.indicators, dict(weights or {}))
    months = _clean_months(midterm_months)
    indicators = [{**i, "weight": cleaned[i["key"]]} for i in current.indicators]
    with transaction.atomic():
        # The base row is the lock: a first save has no scheme row to lock, and two at once must not both insert.
        PracticeBase.objects.select_for_update().get(pk=base.pk)
        scheme = AssessmentScheme.objects.select_for_update().filter(base=base).first()
        before = (
            {}
            if scheme is None
            else {"indicators": scheme.indicators, "midterm_months": scheme.midterm_months}
        )
        if scheme is None:
            scheme = AssessmentScheme(base=base)
        scheme.indicators, scheme.midterm_months = indicators, months
        scheme.save()
        after = {"indicators": indicators, "midterm_months": months}
        audit.record(actor=actor, subject=scheme, action="update" if before else "create", role=assignment.role,
                     scope=assignment.scope_label, diff=audit.field_diff(before, after))  # fmt: skip
    return scheme


# --- forming the joint panel (Arts. 7, 17, 18) -----------------------------------------------------------
@dataclass(frozen=True)
class PanelPlan:
    experts: list
    chair_id: int
    due_on: date


def _clean_panel(expert_ids, chair_id, due_on) -> PanelPlan:
    errors: dict[str, list] = {}
    try:
        ids = list(dict.fromkeys(int(i) for i in (expert_ids or [])))
    except (TypeError, ValueError):
        ids = []
        errors["expert_ids"] = [_("专家选择无效。")]
    experts = {e.pk: e for e in Expert.objects.filter(pk__in=ids)}
    if not errors.get("expert_ids") and (len(experts) != len(ids) or not ids):
        errors["expert_ids"] = [_("请从专家库中选择考核专家。")]
    inactive = [e.name for e in experts.values() if not e.active]
    if inactive:
        errors["expert_ids"] = [_("以下专家已不在专家库中：%(names)s。") % {"names": "、".join(inactive)}]
    try:
        chair = int(chair_id)
    except (TypeError, ValueError):
        chair = None
    if chair not in ids:
        errors["chair_id"] = [_("组长须为专家组成员。")]
    if not isinstance(due_on, date):
        errors["due_on"] = [_("请填写评分截止日期。")]
    elif due_on < timezone.localdate():
        errors["due_on"] = [_("评分截止日期不能早于今天。")]
    if errors:
        raise ValidationError(errors)
    return PanelPlan([experts[i] for i in ids], chair, due_on)


def _postdoc_expert_ids(appointment) -> set[int]:
    """Expert records held by the assessed postdoc's own accounts: they may not assess themself."""
    users = RoleAssignment.objects.filter(role=Role.POSTDOC, postdoc_id=appointment.postdoc_id).values(
        "user_id"
    )
    return set(
        RoleAssignment.objects.filter(role=Role.EXPERT, user_id__in=users).values_list("expert_id", flat=True)
    )


def panel_findings(assessment, plan: PanelPlan) -> list[Finding]:
    """The joint-panel rules for ``plan`` (policy.tenure.check_assessment_panel), failures only."""
    appointment = assessment.appointment
    supervisors = {
        s.expert_id
        for s in (appointment.station_supervisor, appointment.base_supervisor)
        if s and s.expert_id
    }
    own = _postdoc_expert_ids(appointment)
    members = [
        AssessmentPanelMember(
            employer=e.employer,
            is_chair=e.pk == plan.chair_id,
            is_supervisor=e.pk in supervisors,
            is_postdoc=e.pk in own,
        )  # fmt: skip
        for e in plan.experts
    ]
    return failures(
        check_assessment_panel(
            members, appointment.base.unit.name, appointment.station.university, assessment.article
        )
    )


def _locked(assessment) -> Assessment:
    return (
        Assessment.objects.select_for_update(of=("self",))
        .select_related(
            "appointment__base__unit", "appointment__station", "appointment__postdoc",
            "appointment__station_supervisor", "appointment__base_supervisor",
        )
        .get(pk=assessment.pk)
    )  # fmt: skip


def form_panel(*, actor, assessment, expert_ids, chair_id, due_on) -> Assessment:
    """第十七条 / 第十八条 (and 第七条): the base's unit administrator forms the joint panel of the base's academic
    committee and the partner station's experts; a supervisor may sit but not chair; at least
    ``ASSESSMENT_PANEL_MIN_MEMBERS``. The rubric is a snapshot of the base's indicators (zero weights left
    out), the panel is not blind, and every member is assigned the assessment to score."""
    assessment_workflow.require(assessment, "form_panel", actor)
    plan = _clean_panel(expert_ids, chair_id, due_on)
    with transaction.atomic():
        locked = _locked(assessment)
        assessment_workflow.require(locked, "form_panel", actor)
        refused = panel_findings(locked, plan)
        if refused:
            raise TransitionRefused(refused)
        appointment = locked.appointment
        kind = locked.get_kind_display()
        items = [
            {"label": i["label"], "weight": i["weight"], "max_score": 100}
            for i in scheme_for(appointment.base).indicators
            if i["weight"] > 0
        ]
        names = {"base": appointment.base.name, "postdoc": appointment.postdoc.name, "kind": kind}
        rubric = review_services.rubric_create(
            actor=actor, name=gettext("%(base)s考核指标（%(kind)s）") % names, items=items,
            purpose=PanelPurpose.ASSESSMENT, context=locked,
        )  # fmt: skip
        panel = review_services.panel_create(
            actor=actor, name=gettext("%(postdoc)s%(kind)s专家组") % names, purpose=PanelPurpose.ASSESSMENT,
            context=locked, rubric=rubric, due_on=plan.due_on, blind=False,
        )  # fmt: skip
        for expert in plan.experts:
            review_services.panel_add_member(
                actor=actor, panel=panel, expert=expert, is_chair=expert.pk == plan.chair_id
            )
        review_services.panel_assign(actor=actor, panel=panel, subjects=[locked])
        return assessment_workflow.apply(
            locked, "form_panel", actor=actor, payload={"panel_id": panel.pk}, batch=True
        )


# --- grading (Arts. 17, 18; Art. 23(3)) -----------------------------------------------------------------
def _clean_grade(grade, result: str, record_award: bool) -> tuple[str, str]:
    errors: dict[str, list] = {}
    if grade not in AssessmentGrade.values:
        errors["grade"] = [_("请选择考核结果（优秀、合格或不合格）。")]
    result = (result or "").strip()
    if not result:
        errors["result"] = [_("请填写书面考核意见。")]
    if record_award and grade != AssessmentGrade.EXCELLENT:
        errors["record_award"] = [_("只有考核结果为优秀时才能记为奖励。")]
    if errors:
        raise ValidationError(errors)
    return grade, result


def grade(*, actor, assessment, grade, result: str, record_award: bool = False) -> Assessment:
    """第十七条 / 第十八条: once the experts' scores are in, the base's unit administrator records the grade
    (优秀 / 合格 / 不合格) with the written result; the score is the mean of the submitted totals.

    不合格 opens a withdrawal case (第二十三条第（三）项) unless one is open; a passed exit assessment moves an
    appointment awaiting it to "exit assessed"; 优秀 may be recorded as an award among the stay's outputs.
    The panel is closed so the scores stay as graded.
    """
    assessment_workflow.require(assessment, "grade", actor)
    grade, result = _clean_grade(grade, result, record_award)
    with transaction.atomic():
        locked = _locked(assessment)
        assessment_workflow.require(locked, "grade", actor)
        panel = locked.panel
        score = review_services.subject_aggregate(locked, panel).mean if panel else None
        graded = assessment_workflow.apply(
            locked, "grade", actor=actor, comment=result, payload={"grade": grade, "score": score}, batch=True
        )
        if panel.phase != PanelPhase.CLOSED:
            panel_workflow.apply(panel, "close", actor=actor)
        _after_grade(actor, graded, record_award)
    return Assessment.objects.get(pk=graded.pk)


def _after_grade(actor, assessment, record_award: bool) -> None:
    appointment = assessment.appointment
    if tenure_policy.opens_withdrawal(assessment.grade):
        _open_withdrawal(assessment)
    elif assessment.kind == AssessmentKind.EXIT and appointment.state == AppointmentState.EXIT_REQUESTED:
        appointment_workflow.apply(appointment, "pass_exit_assessment", actor=actor, batch=True)
    if record_award:
        _record_award(actor, assessment)


def _open_withdrawal(assessment) -> None:
    """第二十三条第（三）项: a failed assessment opens a withdrawal case proposed by the rules (the region
    decides it), unless one is already open or the appointment has ended."""
    facts = gettext("%(kind)s于%(day)s评定为不合格。%(result)s") % {
        "kind": assessment.get_kind_display(), "day": person_date(assessment.graded_on), "result": assessment.result,
    }  # fmt: skip
    withdrawal_cases_open_by_rule(
        [RuleProposal(assessment.appointment, WithdrawalReason.ASSESSMENT_FAILED, facts)]
    )


def _record_award(actor, assessment) -> None:
    """第十七条: "基地对研究成果突出、表现优秀的博士后研究人员，应给予适当的表彰和奖励" — an 优秀 grade recorded
    as a confirmed award among the stay's outputs."""
    assignment = assessment_workflow.assignment_for(actor, Role.UNIT_ADMIN, assessment)
    # Created already confirmed: the table's creation row "record_award" says so (Workflow.created checks it).
    output = Output.objects.create(
        appointment=assessment.appointment, kind=OutputKind.AWARD, level=OutputLevel.OTHER,
        title=str(AWARD_TITLES[assessment.kind]), occurred_on=assessment.graded_on, description=assessment.result,
        state=OutputState.CONFIRMED, confirmed_on=assessment.graded_on,
    )  # fmt: skip
    output_workflow.created(output, "record_award", actor=actor, assignment=assignment)
    Assessment.objects.filter(pk=assessment.pk).update(award_recorded=True)
    audit.record(actor=actor, subject=assessment, action="award_record", role=assignment.role,
                 scope=assignment.scope_label, diff={"award_recorded": [False, True], "output_id": [None, output.pk]})  # fmt: skip
