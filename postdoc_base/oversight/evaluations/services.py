"""Writes of evaluations (评估, Arts. 5, 6) and their rectification (整改, Art. 25): the region opens a campaign
(its evaluations opened by the rules for each covered base, in bulk); the base fills its self-evaluation and its
rectification report with evidence; the bureau checks; the region grades. Every write in one transaction with
its audit event; every state change through ``evaluation_workflow``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from postdoc_base.kernel import audit
from postdoc_base.kernel.files import files_removed_on_failure
from postdoc_base.kernel.uploads import stored_upload
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.articles import ART5
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.oversight.evaluation import (
    DEFAULT_INDICATORS,
    DEFAULT_THRESHOLDS,
    MIN_FILED_YEARS,
    EvaluationGrade,
    Indicator,
    Thresholds,
    campaign_dates_findings,
    covered_filed_by,
    grade_for,
    indicator_findings,
    rectification_due_on,
    score_finding,
    threshold_findings,
)

from ..enums import BaseState
from ..models import PracticeBase
from .enums import EvidenceStage
from .models import CampaignIndicator, Evaluation, EvaluationCampaign, EvaluationEvidence, EvaluationScore
from .permissions import campaign_organiser
from .scoring import computed_score
from .workflow import evaluation_workflow, tell_bases

NAME_MAX = EvaluationCampaign._meta.get_field("name").max_length
MAX_FILED_YEARS = (
    20  # a bound on the campaign parameter, not a rule: nobody evaluates bases filed 20 years ago
)

# The field each policy finding about a campaign belongs to on the form.
_DATE_FIELDS = {
    "art5.self_due_past": "self_due_on", "art5.self_due_before_reference": "self_due_on",
    "art6.check_due_early": "check_due_on", "art5.grade_due_early": "grade_due_on",
}  # fmt: skip


def _refuse(code: str, message, article: str = ART5) -> TransitionRefused:
    return TransitionRefused([Finding(False, code, article, message)])


def _text(value) -> str:
    return value.strip() if isinstance(value, str) else ""


def _int(value) -> int | None:
    try:
        return int(value) if not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


# --- campaigns -----------------------------------------------------------------------------------------------
def campaign_open(
    *, actor, name: str, year, reference_date, self_due_on, check_due_on, grade_due_on,
    min_filed_years=MIN_FILED_YEARS, indicators: Sequence[Indicator] = DEFAULT_INDICATORS,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> EvaluationCampaign:  # fmt: skip
    """Art. 5: the region opens an evaluation campaign. Its indicators (weights summing to 100), thresholds
    (descending) and deadlines are checked (policy); the bases it covers are the active ones filed at least
    ``min_filed_years`` years before ``reference_date``, and at least one must be. The rules then open one
    evaluation per covered base (bulk, through the table's creation row) and each base hears of it after
    commit."""
    assignment = campaign_organiser(actor)
    if assignment is None:
        raise _refuse("kernel.not_permitted", _("只有自治区人力资源和社会保障厅可以开展基地评估。"))
    errors: dict[str, list] = {}
    name = _text(name)
    if not name:
        errors["name"] = [_("请填写评估批次名称。")]
    elif len(name) > NAME_MAX:
        errors["name"] = [_("评估批次名称不能超过%(n)d个字。") % {"n": NAME_MAX}]
    year = _int(year)
    if year is None or not 2000 <= year <= 2100:
        errors["year"] = [_("请填写有效的评估年度。")]
    years = _int(min_filed_years)
    if years is None or not 0 <= years <= MAX_FILED_YEARS:
        errors["min_filed_years"] = [_("备案满年数须为0至%(n)d之间的整数。") % {"n": MAX_FILED_YEARS}]
    indicators = [Indicator(_text(i.label), i.weight) for i in indicators]
    if problems := indicator_findings(indicators):
        errors["indicators"] = [f.message for f in problems]
    if problems := threshold_findings(thresholds):
        errors["thresholds"] = [f.message for f in problems]
    days = {"reference_date": reference_date, "self_due_on": self_due_on, "check_due_on": check_due_on,
            "grade_due_on": grade_due_on}  # fmt: skip
    for field, value in days.items():
        if not isinstance(value, date):
            errors[field] = [_("请填写日期。")]
    if all(isinstance(v, date) for v in days.values()):
        today = timezone.localdate()
        for f in campaign_dates_findings(self_due_on, check_due_on, grade_due_on, reference_date, today):
            errors.setdefault(_DATE_FIELDS[f.code], []).append(f.message)
    if not errors and EvaluationCampaign.objects.filter(name=name).exists():
        errors["name"] = [_("已有同名的评估批次。")]
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The covered bases, locked in id order: a base leaving the register meanwhile is not evaluated.
        bases = list(
            PracticeBase.objects.select_for_update(of=("self",))
            .select_related("unit")
            .filter(state=BaseState.ACTIVE, filed_on__lte=covered_filed_by(reference_date, years))
            .order_by("pk")
        )
        if not bases:
            raise ValidationError({"reference_date": [
                _("没有在评估基准日前备案满%(n)d年的基地，无需开展本批次评估。") % {"n": years}
            ]})  # fmt: skip
        campaign = EvaluationCampaign.objects.create(
            name=name, year=year, reference_date=reference_date, min_filed_years=years,
            excellent_min=thresholds.excellent, good_min=thresholds.good, qualified_min=thresholds.qualified,
            self_due_on=self_due_on, check_due_on=check_due_on, grade_due_on=grade_due_on, created_by=actor,
        )  # fmt: skip
        CampaignIndicator.objects.bulk_create(
            CampaignIndicator(campaign=campaign, label=i.label, weight=i.weight, order=n)
            for n, i in enumerate(indicators, start=1)
        )
        diff = audit.field_diff({}, snapshot(campaign))
        diff["indicators"] = [None, [[i.label, i.weight] for i in indicators]]
        diff["bases"] = [None, [b.pk for b in bases]]
        audit.record(actor=actor, subject=campaign, action="open", role=assignment.role,
                     scope=assignment.scope_label, diff=diff)  # fmt: skip
        opened = evaluation_workflow.open_by_rule(
            [Evaluation(campaign=campaign, base=b) for b in bases], "open"
        )
        transaction.on_commit(lambda: tell_bases(opened))
    return campaign


# --- the base's self-evaluation and rectification report --------------------------------------------------------
def _indicator_of(evaluation, indicator_id, errors: dict, field: str):
    if indicator_id in (None, ""):
        return None
    indicator = CampaignIndicator.objects.filter(
        campaign_id=evaluation.campaign_id, pk=_int(indicator_id)
    ).first()
    if indicator is None:
        errors[field] = [_("评估指标不属于本批次。")]
    return indicator


def _add_evidence(locked, stage: str, evidence: dict, indicator, track) -> EvaluationEvidence | None:
    if not evidence:
        return None
    row = EvaluationEvidence.objects.create(evaluation=locked, stage=stage, indicator=indicator, **evidence)
    track(row.file)
    return row


def evaluation_fill(
    *, actor, evaluation, scores: Mapping, statement: str | None, uploaded=None, evidence_indicator=None
) -> Evaluation:
    """Art. 25: the base's unit administrator saves its self-evaluation (a draft until ``submit``): a self-score
    0-100 for any of the campaign's indicators (blank leaves it as it was), the statement, optionally one
    evidence file (for one indicator or the whole); ``statement=None`` keeps the statement. Only while the base may submit (opened or returned)."""
    evaluation_workflow.require(evaluation, "submit", actor)
    indicators = {i.pk: i for i in CampaignIndicator.objects.filter(campaign_id=evaluation.campaign_id)}
    errors: dict[str, list] = {}
    values: dict[int, Decimal] = {}
    for raw_id, raw in (scores or {}).items():
        indicator = indicators.get(_int(raw_id))
        if indicator is None:
            errors.setdefault("scores", []).append(_("评估指标不属于本批次。"))
            continue
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            continue
        finding = score_finding(raw)
        if not finding.ok:
            errors.setdefault("scores", []).append(
                _("“%(item)s”：%(message)s") % {"item": indicator.label, "message": finding.message}
            )
            continue
        values[indicator.pk] = Decimal(str(raw))
    indicator = _indicator_of(evaluation, evidence_indicator, errors, "evidence_indicator")
    evidence = stored_upload("file", uploaded, errors)
    if errors:
        raise ValidationError(errors)
    with files_removed_on_failure() as track, transaction.atomic():
        locked = Evaluation.objects.select_for_update().select_related("base__unit").get(pk=evaluation.pk)
        assignment = evaluation_workflow.require(locked, "submit", actor)
        before = {"statement": locked.statement, **_score_map(locked)}
        for pk, value in values.items():
            EvaluationScore.objects.update_or_create(
                evaluation=locked, indicator_id=pk, defaults={"self_score": value}
            )
        if statement is not None:
            locked.statement = _text(statement)
            locked.save(update_fields=["statement"])
        row = _add_evidence(locked, EvidenceStage.SELF, evidence, indicator, track)
        after = {"statement": locked.statement, **_score_map(locked)}
        if row is not None:
            after["evidence"] = row.file_name
        audit.record(actor=actor, subject=locked, action="fill", role=assignment.role,
                     scope=assignment.scope_label, from_state=locked.state, to_state=locked.state,
                     diff=audit.field_diff(before, after))  # fmt: skip
    return locked


def _score_map(evaluation) -> dict:
    return {
        f"score.{label}": str(score)
        for label, score in EvaluationScore.objects.filter(evaluation_id=evaluation.pk).values_list(
            "indicator__label", "self_score"
        )
    }


def rectification_fill(*, actor, evaluation, report: str, uploaded=None) -> Evaluation:
    """Art. 25 (及时整改): the base's unit administrator saves what it changed (a draft until it submits the
    report) and, optionally, one evidence file. Only while the rectification is open."""
    evaluation_workflow.require(evaluation, "submit_rectification", actor)
    errors: dict[str, list] = {}
    report = _text(report)
    if not report:
        errors["report"] = [_("请填写整改情况。")]
    evidence = stored_upload("file", uploaded, errors)
    if errors:
        raise ValidationError(errors)
    with files_removed_on_failure() as track, transaction.atomic():
        locked = Evaluation.objects.select_for_update().select_related("base__unit").get(pk=evaluation.pk)
        assignment = evaluation_workflow.require(locked, "submit_rectification", actor)
        before = {"rectification_report": locked.rectification_report}
        locked.rectification_report = report
        locked.save(update_fields=["rectification_report"])
        row = _add_evidence(locked, EvidenceStage.RECTIFICATION, evidence, None, track)
        after = {"rectification_report": report, **({"evidence": row.file_name} if row else {})}
        audit.record(actor=actor, subject=locked, action="rectification_fill", role=assignment.role,
                     scope=assignment.scope_label, from_state=locked.state, to_state=locked.state,
                     diff=audit.field_diff(before, after))  # fmt: skip
    return locked


# --- the bureau's check and the region's grade -------------------------------------------------------------------
def evaluation_check(*, actor, evaluation, forward: bool, comment: str) -> Evaluation:
    """Art. 6: the base's bureau forwards the self-evaluation to the region or returns it to the base, with its
    opinion (required either way)."""
    return evaluation_workflow.apply(
        evaluation, "forward" if forward else "return_to_base", actor=actor, comment=comment, batch=True
    )


def grade_preview(evaluation) -> tuple[Decimal | None, str, str]:
    """The score, its source and the grade the region's grade step would record now."""
    score, source = computed_score(evaluation)
    grade = grade_for(score, evaluation.campaign.thresholds) if score is not None else ""
    return score, source, grade


def evaluation_grade(*, actor, evaluation, rectification_due=None, comment: str = "") -> Evaluation:
    """Art. 5: the region grades an evaluation the bureau forwarded: the weighted score of the experts' scores
    when any expert submitted, else of the self-scores as checked (``scoring.computed_score``), mapped to a
    grade by the campaign's thresholds. 不合格 opens the rectification (Art. 25), due ``rectification_due`` or by
    default ``RECTIFICATION_DAYS`` days from today."""
    with transaction.atomic():
        locked = (
            Evaluation.objects.select_for_update()
            .select_related("campaign", "base__unit")
            .get(pk=evaluation.pk)
        )
        evaluation_workflow.require(locked, "grade", actor)
        score, source, grade = grade_preview(locked)
        due = None
        if grade == EvaluationGrade.UNQUALIFIED:
            due = rectification_due or rectification_due_on(timezone.localdate())
        return evaluation_workflow.apply(
            locked, "grade", actor=actor, comment=comment, batch=True,
            payload={"score": score, "score_source": source if score is not None else "", "grade": grade,
                     "rectification_due_on": due},
        )  # fmt: skip
