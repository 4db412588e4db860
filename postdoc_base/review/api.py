"""Review endpoints (第十一条第（三）项 / Art. 11(3)): ``/panels`` for the region administrator (experts see the
panels they sit on, by alias when blind) and ``/reviews`` (assignments visible to the caller).

Lists and details start from ``panels_visible_to`` / ``assignments_visible_to``; writes call ``services``;
assignment states change through ``assignment_workflow`` via the shared transitions routes.
"""

from datetime import date, datetime
from decimal import Decimal

from django.contrib.contenttypes.prefetch import GenericPrefetch
from ninja import Router, Schema, Status

from postdoc_base.api.common import get_visible, page_of, paginate, register_workflow_routes
from postdoc_base.api.errors import not_found
from postdoc_base.api.types import (
    DEFAULT_PAGE_SIZE,
    Day,
    Id,
    Page,
    PageSize,
    Query,
    decimal_of,
    dict_of,
    list_of,
    text_of,
)

from . import services
from .enums import PanelPurpose
from .models import Assignment, Panel, Rubric, RubricItem, Score
from .selectors import (
    ASSIGNMENT_LIST,
    PANEL_LIST,
    assignments_visible_to,
    is_organiser,
    member_label,
    panels_visible_to,
    peer_assignments,
    peers_visible,
    with_subjects,
)
from .subjects import candidate_subjects, context_querysets, contexts_visible_to
from .workflow import assignment_workflow


class RubricItemIn(Schema):
    label: text_of(RubricItem, "label")
    guidance: text_of(RubricItem, "guidance") = ""
    weight: decimal_of(RubricItem, "weight")
    max_score: decimal_of(RubricItem, "max_score") = Decimal(100)


class RubricItemOut(Schema):
    id: int
    label: str
    guidance: str = ""
    weight: Decimal
    max_score: Decimal = Decimal(100)


class MemberOut(Schema):
    id: int
    label: str
    alias: str
    is_chair: bool
    expert_id: int | None
    expert_name: str | None


class PanelOut(Schema):
    id: int
    name: str
    purpose: str
    context_type: str
    context_id: int
    context_label: str
    phase: str
    phase_label: str
    blind: bool
    disagreement_threshold: Decimal
    due_on: date
    rubric_id: int
    created_at: datetime

    @staticmethod
    def resolve_context_type(obj) -> str:
        return f"{obj.context_type.app_label}.{obj.context_type.model}"

    @staticmethod
    def resolve_context_label(obj) -> str:
        return str(obj.context)

    @staticmethod
    def resolve_phase_label(obj) -> str:
        return str(obj.get_phase_display())


class PanelDetailOut(PanelOut):
    rubric_name: str
    items: list[RubricItemOut]
    members: list[MemberOut]

    @staticmethod
    def resolve_rubric_name(obj) -> str:
        return obj.rubric.name

    @staticmethod
    def resolve_items(obj) -> list:
        return list(obj.rubric.items.all())

    @staticmethod
    def resolve_members(obj) -> list:
        return obj.member_rows


class PanelIn(Schema):
    name: text_of(Panel, "name")
    round: Id
    due_on: Day
    blind: bool = False
    disagreement_threshold: decimal_of(Panel, "disagreement_threshold") = Decimal(20)
    rubric: Id | None = None
    rubric_name: text_of(Rubric, "name") = ""
    items: list_of(RubricItemIn, 50) = []


class MemberIn(Schema):
    expert: Id
    is_chair: bool = False


class AssignIn(Schema):
    subjects: list_of(Id)


class ExclusionOut(Schema):
    member_id: int
    label: str
    causes: list[str]
    organisations: list[str]


class AssignSubjectOut(Schema):
    subject_id: int
    subject_label: str
    assigned: list[int]
    already: list[int]
    excluded: list[ExclusionOut]


class PhaseIn(Schema):
    phase: text_of(Panel, "phase")


def _panel_detail(request, panel):
    """The panel with its members labelled for this viewer: names only for the organiser or an open panel."""
    organiser = is_organiser(request.user)
    named = organiser or not panel.blind
    panel.member_rows = [
        {
            "id": m.pk, "label": member_label(m, panel, organiser=organiser), "alias": m.alias,
            "is_chair": m.is_chair, "expert_id": m.expert_id if named else None,
            "expert_name": m.expert.name if named else None,
        }
        for m in panel.members.select_related("expert")
    ]  # fmt: skip
    return panel


panels = Router(tags=["panels"])


@panels.get("", response=page_of(PanelOut), summary="List review panels")
def panel_list(request, phase: Query = "", page: Page = 1, page_size: PageSize = DEFAULT_PAGE_SIZE):
    # Per context model, as the page does: an assessment's label reads its postdoc (no query per panel).
    qs = panels_visible_to(request.user).prefetch_related(GenericPrefetch("context", context_querysets()))
    return paginate(PANEL_LIST.filter(qs, phase=phase), page, page_size)


@panels.get("/{int:pk}", response=PanelDetailOut, summary="Review panel detail")
def panel_detail(request, pk: Id):
    return _panel_detail(request, get_visible(panels_visible_to(request.user), pk))


@panels.post("", response={201: PanelDetailOut}, summary="Form a review panel for a round")
def panel_create(request, payload: PanelIn):
    from django.db import transaction

    round_ = get_visible(contexts_visible_to(PanelPurpose.ESTABLISHMENT, request.user), payload.round)
    with transaction.atomic():
        if payload.rubric is not None:
            rubric = Rubric.objects.filter(pk=payload.rubric).first()
            if rubric is None:
                raise not_found()
        else:
            rubric = services.rubric_create(
                actor=request.user, name=payload.rubric_name or payload.name,
                items=[i.model_dump() for i in payload.items],
            )  # fmt: skip
        panel = services.panel_create(
            actor=request.user, name=payload.name, purpose=PanelPurpose.ESTABLISHMENT, context=round_,
            rubric=rubric, due_on=payload.due_on, blind=payload.blind,
            disagreement_threshold=payload.disagreement_threshold,
        )  # fmt: skip
    return Status(201, _panel_detail(request, panel))


@panels.post("/{int:pk}/members", response={201: MemberOut}, summary="Add an expert to the panel")
def panel_member_add(request, pk: Id, payload: MemberIn):
    from postdoc_base.directory.models import Expert

    panel = get_visible(panels_visible_to(request.user), pk)
    expert = Expert.objects.filter(pk=payload.expert).first()
    if expert is None:
        raise not_found()
    member = services.panel_add_member(
        actor=request.user, panel=panel, expert=expert, is_chair=payload.is_chair
    )
    return Status(201, {"id": member.pk, "label": member_label(member, panel, organiser=True),
                        "alias": member.alias, "is_chair": member.is_chair, "expert_id": expert.pk,
                        "expert_name": expert.name})  # fmt: skip


@panels.post("/{int:pk}/assign", response=list[AssignSubjectOut], summary="Assign subjects to every member")
def panel_assign(request, pk: Id, payload: AssignIn):
    """Conflicted experts are excluded (and logged) per subject; the others are assigned."""
    panel = get_visible(panels_visible_to(request.user), pk)
    if not is_organiser(request.user):
        services._organiser(request.user)  # raises the refusal (403)
    found = list(candidate_subjects(panel).filter(pk__in=payload.subjects))
    if len(found) != len(set(payload.subjects)):
        raise not_found()
    result = services.panel_assign(actor=request.user, panel=panel, subjects=found)
    return [
        {
            "subject_id": r.subject.pk, "subject_label": str(r.subject),
            "assigned": [m.pk for m in r.assigned], "already": [m.pk for m in r.already],
            "excluded": [{"member_id": m.pk, "label": member_label(m, panel, organiser=True),
                          "causes": [c for c, _o in causes], "organisations": [o for _c, o in causes]}
                         for m, causes in r.excluded],
        }
        for r in result.subjects
    ]  # fmt: skip


@panels.post("/{int:pk}/phase", response=PanelOut, summary="Move the panel to its next phase")
def panel_phase(request, pk: Id, payload: PhaseIn):
    panel = get_visible(panels_visible_to(request.user), pk)
    return services.panel_set_phase(actor=request.user, panel=panel, phase=payload.phase)


# --- reviews (assignments) -------------------------------------------------------------------------------
class ScoreOut(Schema):
    item_id: int
    score: Decimal


class ReviewOut(Schema):
    id: int
    panel_id: int
    panel_name: str
    phase: str
    expert_label: str
    subject_type: str
    subject_id: int
    subject_label: str
    subject_url: str
    state: str
    state_label: str
    total: Decimal | None
    due_on: date
    submitted_at: datetime | None


class PeerOut(Schema):
    expert_label: str
    total: Decimal | None
    comment: str
    scores: list[ScoreOut]


class ReviewDetailOut(ReviewOut):
    comment: str
    items: list[RubricItemOut]
    scores: list[ScoreOut]
    peers: list[PeerOut] | None


class ScoresIn(Schema):
    scores: dict_of(Id, decimal_of(Score, "score") | None)
    comment: text_of(Assignment, "comment") = ""


def _review(request, a) -> dict:
    subject = a.subject
    return {
        "id": a.pk, "panel_id": a.panel_id, "panel_name": a.panel.name, "phase": a.panel.phase,
        "expert_label": member_label(a.member, a.panel, organiser=is_organiser(request.user)),
        "subject_type": f"{a.subject_type.app_label}.{a.subject_type.model}", "subject_id": a.subject_id,
        "subject_label": str(subject) if subject else "",
        "subject_url": subject.get_absolute_url() if subject else "",
        "state": a.state, "state_label": str(a.get_state_display()), "total": a.total,
        "due_on": a.panel.due_on, "submitted_at": a.submitted_at,
    }  # fmt: skip


def _review_detail(request, a) -> dict:
    organiser = is_organiser(request.user)
    peers = None
    if peers_visible(a, request.user):
        peers = [
            {"expert_label": member_label(p.member, a.panel, organiser=organiser), "total": p.total,
             "comment": p.comment, "scores": list(p.scores.all())}
            for p in peer_assignments(a)
        ]  # fmt: skip
    return {
        **_review(request, a),
        "comment": a.comment,
        "items": list(a.panel.rubric.items.all()),
        "scores": list(a.scores.all()),
        "peers": peers,
    }


reviews = Router(tags=["reviews"])


def _reviews_qs(user):
    return ASSIGNMENT_LIST.order(with_subjects(assignments_visible_to(user).select_related("panel__rubric")))


@reviews.get("", response=page_of(ReviewOut), summary="List review assignments visible to the caller")
def review_list(
    request,
    state: Query = "",
    panel: Id | None = None,
    page: Page = 1,
    page_size: PageSize = DEFAULT_PAGE_SIZE,
):
    result = paginate(
        ASSIGNMENT_LIST.filter(_reviews_qs(request.user), state=state, panel=panel), page, page_size
    )
    result["items"] = [_review(request, a) for a in result["items"]]
    return result


@reviews.get("/{int:pk}", response=ReviewDetailOut, summary="Review assignment detail")
def review_detail(request, pk: Id):
    return _review_detail(request, get_visible(_reviews_qs(request.user), pk))


@reviews.put("/{int:pk}/scores", response=ReviewDetailOut, summary="Save scores and comment")
def review_scores(request, pk: Id, payload: ScoresIn):
    """The assigned expert's draft; submit with the ``submit`` transition."""
    a = get_visible(_reviews_qs(request.user), pk)
    services.scores_save(actor=request.user, assignment=a, scores=payload.scores, comment=payload.comment)
    return _review_detail(request, get_visible(_reviews_qs(request.user), pk))


register_workflow_routes(reviews, "reviews", assignment_workflow, assignments_visible_to)

routers = [("/panels", panels), ("/reviews", reviews)]

__all__ = ["routers"]
