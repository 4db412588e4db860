"""The kernel workflow of a base's evaluation (评估, Arts. 5, 6) and its rectification (整改, Art. 25).

Opened by the rules for each base a campaign covers (Art. 5) -> the base self-evaluates and submits (Art. 25:
根据考核评估有关要求) -> its bureau checks: returns it with reasons or forwards it (Art. 6: 评估等具体事宜) ->
experts may score it (the review module) -> the region grades it (Art. 5): 优秀/良好/合格 end it; 不合格 opens a
rectification with a deadline -> the base reports -> the region re-checks (Art. 25): passed ends it 合格 after
rectification, failed ends it failed (Art. 5's 退出 is the region's next step: see the report)."""

from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import holders_by_scope, users_with_role
from postdoc_base.kernel.notifications import notify_each
from postdoc_base.kernel.workflow import SYSTEM_ROLE, ObligationSpec, Transition, Workflow
from postdoc_base.policy.articles import ART5, ART6, ART25
from postdoc_base.policy.common import person_date
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.oversight.evaluation import (
    EvaluationGrade,
    grade_for,
    rectification_due_finding,
)

from ..revocations.services import revocation_case_open_for_failed_evaluation
from .enums import OPEN_STATES, SELF_STATES, EvaluationState
from .models import CampaignIndicator, Evaluation, EvaluationScore
from .permissions import evaluation_assignment
from .scoring import computed_score, pending_expert_reviews

ES = EvaluationState
G = EvaluationGrade


# --- guards --------------------------------------------------------------------------------------------------
def self_evaluation_missing(evaluation) -> list[Finding]:
    """Art. 25: what the base's self-evaluation still lacks: a score for every indicator and a statement."""
    indicators = CampaignIndicator.objects.filter(campaign_id=evaluation.campaign_id).count()
    scored = EvaluationScore.objects.filter(evaluation_id=evaluation.pk).count()
    missing = []
    if scored < indicators:
        missing.append(Finding(
            False, "art25.self_scores_missing", ART25,
            _("还有%(n)d项评估指标未自评打分。") % {"n": indicators - scored},
        ))  # fmt: skip
    if not evaluation.statement.strip():
        missing.append(Finding(False, "art25.statement_missing", ART25, _("请填写自评报告。")))
    return missing


def _self_evaluation_complete(evaluation, ctx):
    yield from self_evaluation_missing(evaluation)


def _checker_fits(evaluation, ctx):
    """Art. 6: the base's league/city bureau checks; the region only for a base whose unit has none."""
    if ctx.role == Role.REGION_ADMIN and evaluation.base.unit.bureau_id is not None:
        yield Finding(
            False, "art6.bureau_checks", ART6,
            _("该基地的自评由所在盟市人力资源社会保障部门审核（第六条）。"),
        )  # fmt: skip


def _experts_done(evaluation, ctx):
    if n := pending_expert_reviews(evaluation):
        yield Finding(
            False, "art5.experts_pending", ART5,
            _("还有%(n)d位专家未提交评分，请待专家评分完成后评定。") % {"n": n},
        )  # fmt: skip


def _grade_stands(evaluation, ctx):
    """The score and grade the step records are those the scores give now (``scoring.computed_score``) under
    the campaign's thresholds; a 不合格 grade carries a rectification deadline after today, a passing one none."""
    score, source = computed_score(evaluation)
    if score is None:
        yield Finding(False, "art5.score_incomplete", ART5, _("评分不完整，不能评定等次。"))
        return
    if (evaluation.score, evaluation.score_source) != (score, source) or evaluation.grade != grade_for(
        score, evaluation.campaign.thresholds
    ):
        yield Finding(False, "art5.grade_mismatch", ART5, _("评定等次与评分不一致，请重新评定。"))
        return
    if evaluation.grade == G.UNQUALIFIED:
        finding = rectification_due_finding(evaluation.rectification_due_on, ctx.today)
        if not finding.ok:
            yield finding


def _rectification_reported(evaluation, ctx):
    if not evaluation.rectification_report.strip():
        yield Finding(False, "art25.report_missing", ART25, _("请填写整改情况后提交。"))


# --- effects -------------------------------------------------------------------------------------------------
def _submitted(evaluation, ctx) -> None:
    evaluation.submitted_on = ctx.today


def _checked(evaluation, ctx) -> None:
    evaluation.check_comment = ctx.comment
    evaluation.checked_on = ctx.today


def _graded_state(evaluation) -> str:
    return ES.RECTIFYING if evaluation.grade == G.UNQUALIFIED else ES.GRADED


def _graded(evaluation, ctx) -> None:
    evaluation.graded_on = ctx.today
    if evaluation.grade != G.UNQUALIFIED:
        evaluation.rectification_due_on = None
        evaluation.final_grade = evaluation.grade
        evaluation.closed_on = ctx.today


def _rectification_submitted(evaluation, ctx) -> None:
    evaluation.rectification_submitted_on = ctx.today


def _rectified(evaluation, ctx) -> None:
    evaluation.final_grade = G.QUALIFIED
    evaluation.closed_on = ctx.today


def _failed(evaluation, ctx) -> None:
    """Art. 5 退出: the evaluation ends 不合格 and the base gets a revocation case, which the region decides."""
    evaluation.final_grade = G.UNQUALIFIED
    evaluation.closed_on = ctx.today
    revocation_case_open_for_failed_evaluation(evaluation, ctx.today)


def _cancelled(evaluation, ctx) -> None:
    evaluation.closed_on = ctx.today


def end_evaluations(base, state: str, on) -> list[str]:
    """An ender (``oversight.ending``): a base leaving the register ends its open evaluations."""
    ended = []
    for evaluation in Evaluation.objects.filter(base_id=base.pk, state__in=OPEN_STATES).select_related(
        "campaign", "base__unit"
    ):
        evaluation_workflow.apply_by_rule(
            evaluation, "cancel", comment=str(_("基地已退出，评估终止。")), on=on
        )
        ended.append(str(_("终止评估：%(campaign)s") % {"campaign": evaluation.campaign.name}))
    return ended


# --- who hears -------------------------------------------------------------------------------------------------
def _evaluation_recipients(evaluation, transition, to_state):
    base = evaluation.base
    return [
        *users_with_role(Role.UNIT_ADMIN, base.unit_id),
        *users_with_role(Role.BUREAU_OFFICER, base.unit.bureau_id),
    ]


def tell_bases(evaluations: list[Evaluation]) -> None:
    """After a campaign opens: each covered base's unit administrators hear that their self-evaluation is due;
    one query and two inserts however many bases."""
    if not evaluations:
        return
    admins = holders_by_scope(Role.UNIT_ADMIN, {e.base.unit_id for e in evaluations})
    notify_each(
        (
            admins.get(e.base.unit_id, ()),
            str(_("%(campaign)s：请完成基地自评") % {"campaign": e.campaign.name}),
            str(
                _("自治区人力资源和社会保障厅开展基地评估（第五条），请于%(day)s前提交自评。")
                % {"day": person_date(e.campaign.self_due_on)}
            ),
            e.get_absolute_url(),
        )
        for e in evaluations
    )


EVALUATION_TRANSITIONS = [
    # Creation row: the rules open one evaluation for each base a campaign covers (services.campaign_open,
    # Workflow.open_by_rule).
    Transition("open", _("开展评估"), (), ES.OPENED, (SYSTEM_ROLE,), ART5, batch_only=True),
    Transition(
        "submit", _("提交自评"), SELF_STATES, ES.SUBMITTED, (Role.UNIT_ADMIN,), ART25,
        guards=(_self_evaluation_complete,), effect=_submitted,
    ),
    Transition(
        "return_to_base", _("退回基地修改"), (ES.SUBMITTED,), ES.RETURNED, (Role.BUREAU_OFFICER, Role.REGION_ADMIN),
        ART6, guards=(_checker_fits,), comment_required=True, effect=_checked, style="outline-warning",
        batch_only=True,  # through the check form (services.evaluation_check), as is forwarding
    ),
    Transition(
        "forward", _("审核通过并报自治区"), (ES.SUBMITTED,), ES.CHECKED, (Role.BUREAU_OFFICER, Role.REGION_ADMIN),
        ART6, guards=(_checker_fits,), comment_required=True, effect=_checked, batch_only=True,
    ),
    # Through the grade form (services.evaluation_grade): it records the score, the grade and, for 不合格, the
    # rectification deadline.
    Transition(
        "grade", _("评定等次"), (ES.CHECKED,), _graded_state, (Role.REGION_ADMIN,), ART5,
        guards=(_experts_done, _grade_stands), effect=_graded,
        records=("score", "score_source", "grade", "rectification_due_on"), batch_only=True,
    ),
    Transition(
        "submit_rectification", _("提交整改报告"), (ES.RECTIFYING,), ES.RECTIFICATION_SUBMITTED, (Role.UNIT_ADMIN,),
        ART25, guards=(_rectification_reported,), effect=_rectification_submitted,
    ),
    Transition(
        "return_rectification", _("退回继续整改"), (ES.RECTIFICATION_SUBMITTED,), ES.RECTIFYING,
        (Role.REGION_ADMIN,), ART25, comment_required=True, style="outline-warning",
    ),
    Transition(
        "pass_recheck", _("整改复核通过"), (ES.RECTIFICATION_SUBMITTED,), ES.RECTIFIED, (Role.REGION_ADMIN,),
        ART25, comment_required=True, effect=_rectified,
    ),
    Transition(
        "fail_recheck", _("整改复核不通过"), (ES.RECTIFICATION_SUBMITTED,), ES.FAILED, (Role.REGION_ADMIN,),
        ART5, comment_required=True, effect=_failed, style="danger",
    ),
    # Taken by the rules when the base leaves the register (Art. 24; ``end_evaluations``): nothing is left to
    # evaluate.
    Transition("cancel", _("终止评估"), OPEN_STATES, ES.CANCELLED, (SYSTEM_ROLE,), ART5, effect=_cancelled),
]  # fmt: skip

EVALUATION_OBLIGATIONS = [
    ObligationSpec(
        "evaluation_self", _("完成基地自评"), frozenset(SELF_STATES), Role.UNIT_ADMIN,
        lambda e: e.base.unit_id, lambda e: e.campaign.self_due_on, ART25,
    ),
    ObligationSpec(
        "evaluation_check", _("审核基地自评"), frozenset({ES.SUBMITTED}), Role.BUREAU_OFFICER,
        lambda e: e.base.unit.bureau_id, lambda e: e.campaign.check_due_on, ART6,
    ),
    ObligationSpec(
        "evaluation_grade", _("评定基地评估等次"), frozenset({ES.CHECKED}), Role.REGION_ADMIN,
        None, lambda e: e.campaign.grade_due_on, ART5,
    ),
    ObligationSpec(
        "evaluation_rectify", _("完成评估整改"), frozenset({ES.RECTIFYING}), Role.UNIT_ADMIN,
        lambda e: e.base.unit_id, lambda e: e.rectification_due_on, ART25,
    ),
    ObligationSpec(
        "evaluation_recheck", _("复核评估整改"), frozenset({ES.RECTIFICATION_SUBMITTED}), Role.REGION_ADMIN,
        None, lambda e: None, ART25,
    ),
]  # fmt: skip

evaluation_workflow = Workflow(
    name="evaluation",
    model=Evaluation,
    transitions=EVALUATION_TRANSITIONS,
    assignment_for=evaluation_assignment,
    state_labels=dict(EvaluationState.choices),
    obligations=EVALUATION_OBLIGATIONS,
    recipients=_evaluation_recipients,
    url=lambda e: e.get_absolute_url(),
    bureau_path="base__unit__bureau_id",
    round_path="campaign_id",
)
