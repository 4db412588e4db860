"""Writes for the review module (第十一条第（三）项 / Art. 11(3)): rubrics, panels, members, assignments with
conflict-of-interest exclusion, scores and phases. Every write runs in one transaction with its audit event;
assignment states change only through ``assignment_workflow``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from postdoc_base.accounts.enums import Role
from postdoc_base.kernel import audit
from postdoc_base.kernel.workflow import TransitionRefused, snapshot
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.review import (
    ART11_3,
    Aggregate,
    ExpertFacts,
    RubricLine,
    aggregate,
    conflict_causes,
    weighted_total,
)

from . import subjects as subject_registry
from .enums import AssignmentState, PanelPhase, PanelPurpose
from .models import Assignment, Exclusion, Panel, PanelMember, Rubric, RubricItem, Score
from .permissions import assignment_actor, panel_organiser
from .workflow import PHASE_ACTIONS, assignment_workflow, panel_workflow

PHASE_ORDER = [PanelPhase.INDEPENDENT, PanelPhase.SHARED, PanelPhase.CLOSED]
ALIAS_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


class NotAllowed(TransitionRefused):
    """A write the actor may not make; carries findings like a refused transition."""


def _refuse(code: str, message) -> NotAllowed:
    return NotAllowed([Finding(False, code, ART11_3, message)])


def _organiser(actor, purpose: str = PanelPurpose.ESTABLISHMENT, context=None):
    """The region administrator organises establishment panels (Art. 11(3)); an assessment panel is organised
    by the unit administrator of the assessed postdoc's base (Art. 17), the region overseeing it."""
    assignment = panel_organiser(actor, purpose, context)
    if assignment is None:
        if purpose == PanelPurpose.ASSESSMENT:
            raise _refuse("kernel.not_permitted", _("只有基地所在单位的博士后管理员可以组织考核专家组。"))
        raise _refuse("kernel.not_permitted", _("只有自治区人社厅管理员可以组织专家评审。"))
    return assignment


def _record(
    actor, role_assignment, subject, action: str, *, diff=None, comment="", from_state="", to_state=""
):
    audit.record(
        actor=actor, subject=subject, action=action, role=role_assignment.role,
        scope=role_assignment.scope_label, diff=diff or {}, comment=comment,
        from_state=from_state, to_state=to_state,
    )  # fmt: skip


# --- rubrics -------------------------------------------------------------------------------------------
def _decimal(value, name: str) -> Decimal:
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError({name: _("请输入数字。")}) from None


def rubric_create(
    *, actor, name: str, items: list[dict], purpose: str = PanelPurpose.ESTABLISHMENT, context=None
) -> Rubric:
    """A rubric: labelled items, each with guidance, a positive weight and a maximum score.

    ``purpose`` and ``context`` name the panel it is made for, which decides who may make it."""
    role = _organiser(actor, purpose, context)
    if not name.strip():
        raise ValidationError({"name": _("请填写评分标准名称。")})
    if not items:
        raise ValidationError({"items": _("评分标准至少需要一个评分项。")})
    cleaned = []
    for i, item in enumerate(items, start=1):
        label = str(item.get("label", "")).strip()
        weight = _decimal(item.get("weight"), "items")
        max_score = _decimal(item.get("max_score", 100), "items")
        if not label:
            raise ValidationError({"items": _("第%(n)d个评分项未填写名称。") % {"n": i}})
        if weight <= 0:
            raise ValidationError({"items": _("第%(n)d个评分项的权重必须大于0。") % {"n": i}})
        if max_score <= 0:
            raise ValidationError({"items": _("第%(n)d个评分项的满分必须大于0。") % {"n": i}})
        cleaned.append((label, str(item.get("guidance", "")).strip(), weight, max_score))
    with transaction.atomic():
        rubric = Rubric.objects.create(name=name.strip())
        RubricItem.objects.bulk_create(
            RubricItem(
                rubric=rubric, label=label, guidance=guidance, weight=weight, max_score=max_score, order=i
            )
            for i, (label, guidance, weight, max_score) in enumerate(cleaned, start=1)
        )
        _record(actor, role, rubric, "create", diff={
            "name": [None, rubric.name],
            "items": [None, [[label, str(weight), str(max_score)] for label, _g, weight, max_score in cleaned]],
        })  # fmt: skip
    return rubric


# --- panels and members --------------------------------------------------------------------------------
def panel_create(
    *, actor, name: str, purpose: str, context, rubric: Rubric, due_on, blind: bool = False,
    disagreement_threshold: Decimal = Decimal(20),
) -> Panel:  # fmt: skip
    """A panel reviewing for one context (e.g. an establishment round), with that context's rubric."""
    if purpose not in PanelPurpose.values:
        raise ValidationError({"purpose": _("评审类别无效。")})
    role = _organiser(actor, purpose, context)
    if not name.strip():
        raise ValidationError({"name": _("请填写专家组名称。")})
    threshold = _decimal(disagreement_threshold, "disagreement_threshold")
    if threshold < 0:
        raise ValidationError({"disagreement_threshold": _("分歧阈值不能为负数。")})
    with transaction.atomic():
        panel = Panel.objects.create(
            name=name.strip(), purpose=purpose, context_type=ContentType.objects.get_for_model(context),
            context_id=context.pk, rubric=rubric, due_on=due_on, blind=blind,
            disagreement_threshold=threshold, created_by=actor,
        )  # fmt: skip
        _record(
            actor, role, panel, "create", diff=audit.field_diff({}, snapshot(panel)), to_state=panel.phase
        )
    return panel


def _next_alias(panel: Panel) -> str:
    n = PanelMember.objects.filter(panel=panel).count()
    letters = ""
    while True:
        n, r = divmod(n, 26)
        letters = ALIAS_LETTERS[r] + letters
        if n == 0:
            break
        n -= 1
    return str(_("专家%(letter)s") % {"letter": letters})


def panel_add_member(*, actor, panel: Panel, expert, is_chair: bool = False) -> PanelMember:
    """Add an expert from the pool; aliases 专家A, 专家B... follow the order of adding."""
    role = _organiser(actor, panel.purpose, panel.context)
    if not expert.active:
        raise ValidationError({"expert": _("该专家已不在专家库中，不能加入专家组。")})
    with transaction.atomic():
        locked = Panel.objects.select_for_update().get(pk=panel.pk)
        if locked.phase == PanelPhase.CLOSED:
            raise _refuse("review.panel_closed", _("评审已结束，不能再调整专家组。"))
        if not subject_registry.membership_open(locked):
            raise _refuse("review.panel_fixed", _("考核专家组组建后成员不能再调整。"))
        if PanelMember.objects.filter(panel=locked, expert=expert).exists():
            raise ValidationError({"expert": _("该专家已在专家组中。")})
        member = PanelMember.objects.create(panel=locked, expert=expert, is_chair=is_chair,
                                            alias=_next_alias(locked))  # fmt: skip
        _record(actor, role, locked, "member_add",
                diff={"member": [None, {"expert_id": expert.pk, "alias": member.alias, "is_chair": is_chair}]})  # fmt: skip
    return member


# --- assignment with conflict-of-interest exclusion ------------------------------------------------------
@dataclass
class SubjectResult:
    subject: object
    assigned: list[PanelMember] = field(default_factory=list)
    excluded: list[tuple[PanelMember, list[tuple[str, str]]]] = field(default_factory=list)
    already: list[PanelMember] = field(default_factory=list)


@dataclass
class AssignmentResult:
    subjects: list[SubjectResult]

    @property
    def assigned_count(self) -> int:
        return sum(len(s.assigned) for s in self.subjects)

    @property
    def excluded_count(self) -> int:
        return sum(len(s.excluded) for s in self.subjects)


def panel_assign(*, actor, panel: Panel, subjects: Iterable) -> AssignmentResult:
    """Assign every member to every subject, except where a conflict of interest excludes them (Art. 11(3)).

    An excluded expert gets one logged Exclusion row per cause and an ``exclude`` audit event on the panel;
    each assignment opens the expert's scoring obligation. A base application at the region then enters
    expert review (``start_review``).
    """
    role = _organiser(actor, panel.purpose, panel.context)
    subjects = list(subjects)
    if not subjects:
        raise ValidationError({"subjects": _("请选择要分配的评审对象。")})
    results = []
    with transaction.atomic():
        locked = Panel.objects.select_for_update().get(pk=panel.pk)
        if locked.phase == PanelPhase.CLOSED:
            raise _refuse("review.panel_closed", _("评审已结束，不能再分配。"))
        if not subject_registry.membership_open(locked):
            raise _refuse("review.panel_fixed", _("考核专家组组建后成员不能再调整。"))
        members = list(locked.members.select_related("expert"))
        if not members:
            raise _refuse("review.no_members", _("专家组还没有成员，请先添加专家。"))
        allowed = set(
            subject_registry.candidate_subjects(locked)
            .filter(pk__in=[s.pk for s in subjects])
            .values_list("pk", flat=True)
        )
        if any(s.pk not in allowed for s in subjects):
            raise ValidationError({"subjects": _("所选对象不属于本专家组的评审范围或当前不能分配。")})
        for subject in subjects:
            result = SubjectResult(subject)
            subject_type = ContentType.objects.get_for_model(subject)
            parties = subject.review_parties()
            existing = set(
                Assignment.objects.filter(panel=locked, subject_type=subject_type, subject_id=subject.pk)
                .values_list("member_id", flat=True)
            )  # fmt: skip
            for member in members:
                expert = member.expert
                causes = conflict_causes(ExpertFacts(expert.employer, tuple(expert.conflict_list)), parties)
                if causes:
                    logged = set(
                        Exclusion.objects.filter(panel=locked, expert=expert, subject_type=subject_type,
                                                 subject_id=subject.pk).values_list("cause", "organisation")
                    )  # fmt: skip
                    Exclusion.objects.bulk_create(
                        Exclusion(panel=locked, expert=expert, subject_type=subject_type, subject_id=subject.pk,
                                  cause=cause, organisation=org[:200])
                        for cause, org in causes
                        if (cause, org[:200]) not in logged
                    )  # fmt: skip
                    _record(actor, role, locked, "exclude", diff={"exclusion": [None, {
                        "alias": member.alias, "subject": f"{subject_type.model}:{subject.pk}",
                        "causes": [c for c, _o in causes]}]})  # fmt: skip
                    result.excluded.append((member, causes))
                    continue
                if member.pk in existing:
                    result.already.append(member)
                    continue
                assignment = Assignment.objects.create(
                    panel=locked, member=member, subject_type=subject_type, subject_id=subject.pk
                )
                _record(actor, role, assignment, "create", to_state=assignment.state)
                assignment_workflow.sync_obligations(assignment, assignment.state)
                result.assigned.append(member)
            if result.assigned or result.already:
                subject_registry.after_assign(locked, subject, actor=actor)
            results.append(result)
    return AssignmentResult(results)


# --- scoring -------------------------------------------------------------------------------------------
def scores_save(*, actor, assignment: Assignment, scores: dict, comment: str) -> Assignment:
    """The assigned expert saves scores and comment (a draft until ``submit``); the total once complete.

    Only while the assignment is open and the panel not closed; each score within 0..the item's maximum.
    """
    with transaction.atomic():
        locked = (
            Assignment.objects.select_for_update().select_related("panel", "member").get(pk=assignment.pk)
        )
        role = assignment_actor(actor, Role.EXPERT, locked)
        if role is None:
            raise _refuse("kernel.not_permitted", _("只有被分配的专家可以评分。"))
        if locked.state != AssignmentState.ASSIGNED:
            raise _refuse("review.not_open", _("评分已提交或分配已撤回，不能修改。"))
        if locked.panel.phase == PanelPhase.CLOSED:
            raise _refuse("review.panel_closed", _("评审已结束，不能再修改评分。"))
        items = {item.pk: item for item in locked.panel.rubric.items.all()}
        values: dict[int, Decimal] = {}
        errors = []
        for raw_id, raw in scores.items():
            try:
                item = items[int(raw_id)]
            except (KeyError, ValueError, TypeError):
                errors.append(_("评分项不属于本评分标准。"))
                continue
            if raw is None or raw == "":
                continue
            try:
                value = Decimal(str(raw))
            except (InvalidOperation, ValueError):
                errors.append(_("“%(item)s”的评分必须是数字。") % {"item": item.label})
                continue
            if not value.is_finite() or value < 0 or value > item.max_score:
                errors.append(
                    _("“%(item)s”的评分须在0至%(max)s之间。") % {"item": item.label, "max": item.max_score}
                )
                continue
            values[item.pk] = value
        if errors:
            raise ValidationError({"scores": errors})
        before = {"comment": locked.comment, "total": locked.total,
                  "scores": {str(s.item_id): str(s.score) for s in locked.scores.all()}}  # fmt: skip
        for item_id, value in values.items():
            Score.objects.update_or_create(assignment=locked, item_id=item_id, defaults={"score": value})
        stored = {s.item_id: s.score for s in locked.scores.all()}
        ordered = sorted(items.values(), key=lambda i: (i.order, i.pk))
        locked.total = (
            weighted_total(
                [RubricLine(i.weight, i.max_score) for i in ordered], [stored[i.pk] for i in ordered]
            )
            if all(i.pk in stored for i in ordered)
            else None
        )
        locked.comment = (comment or "").strip()
        locked.save(update_fields=["total", "comment"])
        after = {"comment": locked.comment, "total": locked.total,
                 "scores": {str(k): str(v) for k, v in stored.items()}}  # fmt: skip
        _record(actor, role, locked, "scores_save", diff=audit.field_diff(before, after))
    return locked


def panel_set_phase(*, actor, panel: Panel, phase: str) -> Panel:
    """Independent scoring, then the shared phase (experts see each other's scores), then closed; forward only.

    The phase changes through ``panel_workflow`` (``open_shared`` or ``close``), which audits it.
    """
    _organiser(actor, panel.purpose, panel.context)
    if phase not in PanelPhase.values:
        raise ValidationError({"phase": _("阶段无效。")})
    current = Panel.objects.get(pk=panel.pk)
    if PHASE_ORDER.index(phase) <= PHASE_ORDER.index(current.phase):
        raise _refuse(
            "review.phase_backwards",
            _("专家组已处于“%(phase)s”阶段，只能进入后续阶段。") % {"phase": current.get_phase_display()},
        )
    return panel_workflow.apply(current, PHASE_ACTIONS[phase], actor=actor)


# --- aggregation -----------------------------------------------------------------------------------------
def subject_aggregate(subject, panel: Panel | None = None) -> Aggregate:
    """Mean, median, spread and the disagreement flag of the submitted totals for one subject."""
    qs = Assignment.objects.filter(
        subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk,
        state=AssignmentState.SUBMITTED, total__isnull=False,
    ).select_related("panel")  # fmt: skip
    if panel is not None:
        qs = qs.filter(panel=panel)
    rows = list(qs)
    if not rows:
        return aggregate([])
    threshold = (panel or rows[0].panel).disagreement_threshold
    return aggregate([r.total for r in rows], threshold)
