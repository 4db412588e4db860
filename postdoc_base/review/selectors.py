"""Reads for panels and assignments. ``assignments_visible_to`` is the one place deciding which
assignments (and so which subjects' scores) a user may see: experts only their own; a base's unit
administrators those of the assessment panels of their own postdocs (Art. 17)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.kernel.listing import declare

from .enums import AssignmentState, PanelPhase
from .models import Assignment, Panel, PanelMember
from .permissions import manages_panel
from .subjects import registered_purposes

# The review lists (kernel.listing). A unit administrator's panels are its purposes' panels of its contexts.
PANEL_LIST = declare(
    "review panels", Panel, ordering=("-id",), filters={"phase": "phase"},
    joins=(("purpose", "context_id"), "members__expert_id"),
    pages=("review:panel_list",), apis=("panel_list",),
)  # fmt: skip
ASSIGNMENT_LIST = declare(
    "review assignments", Assignment, ordering=("panel__due_on", "id"),
    filters={"state": "state", "panel": "panel_id"},
    joins=(("panel__purpose", "panel__context_id"), "member__expert_id"),
    pages=("review:assignment_list",), apis=("review_list",),
)  # fmt: skip


def subject_filter(subject) -> dict:
    return {"subject_type": ContentType.objects.get_for_model(subject), "subject_id": subject.pk}


def active_assignments_for(subject) -> QuerySet[Assignment]:
    return Assignment.objects.filter(**subject_filter(subject)).exclude(state=AssignmentState.WITHDRAWN)


def _unit_panels_q(user, prefix: str = "") -> Q:
    """The panels of the purposes a base's unit administrator organises (Art. 17: its postdocs' assessment
    panels), for the units ``user`` administers; establishment panels stay the region's."""
    units = user.scope_ids(Role.UNIT_ADMIN)
    q = Q(pk__in=[])
    if not units:
        return q
    for purpose, spec in registered_purposes().items():
        if spec.unit_context_ids is not None:
            q |= Q(**{f"{prefix}purpose": purpose, f"{prefix}context_id__in": spec.unit_context_ids(units)})
    return q


def panels_visible_to(user) -> QuerySet[Panel]:
    qs = Panel.objects.select_related("rubric", "context_type")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_region_admin(user):
        return qs
    experts = user.scope_ids(Role.EXPERT)
    as_expert = (
        Q(pk__in=PanelMember.objects.filter(expert_id__in=experts).values("panel_id"))
        if experts
        else Q(pk__in=[])
    )
    return qs.filter(as_expert | _unit_panels_q(user))


def panels_managed_by(user) -> QuerySet[Panel]:
    """The panels ``user`` organises: the region administrator all; a unit administrator its bases'
    assessment panels; nobody else any."""
    qs = Panel.objects.select_related("rubric", "context_type")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(_unit_panels_q(user))


def assignments_visible_to(user) -> QuerySet[Assignment]:
    qs = Assignment.objects.select_related("panel", "member", "member__expert", "subject_type")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_region_admin(user):
        return qs
    experts = user.scope_ids(Role.EXPERT)
    own = Q(member__expert_id__in=experts) if experts else Q(pk__in=[])
    return qs.filter(own | _unit_panels_q(user, "panel__"))


def is_organiser(user) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and is_region_admin(user)


def member_label(member, panel, *, organiser: bool) -> str:
    """What a viewer may call an expert: the name, or only the alias when the panel is blind (Art. 11(3)).

    The region administrator, who forms the panel, always sees names.
    """
    if panel.blind and not organiser:
        return member.alias
    return f"{member.expert.name}（{member.alias}）"


def with_subjects(qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """Assignments with their subjects loaded per subject model (one query each), labels included."""
    from django.contrib.contenttypes.prefetch import GenericPrefetch

    from .subjects import subject_querysets

    return qs.prefetch_related(GenericPrefetch("subject", subject_querysets()))


def expert_assignments(user) -> QuerySet[Assignment]:
    """An expert's own assignments (not withdrawn), soonest due first: the "我的评审任务" list."""
    experts = user.scope_ids(Role.EXPERT) if getattr(user, "is_authenticated", False) else set()
    qs = (
        assignments_visible_to(user)
        .filter(member__expert_id__in=experts)
        .exclude(state=AssignmentState.WITHDRAWN)
    )
    return with_subjects(ASSIGNMENT_LIST.order(qs))


def panel_assignments(panel) -> QuerySet[Assignment]:
    return (
        Assignment.objects.filter(panel=panel)
        .select_related("member", "member__expert")
        .prefetch_related("scores")
        .order_by("subject_id", "member__alias", "id")
    )


def peers_visible(assignment, user) -> bool:
    """In the independent phase an expert sees only their own scores; from the shared phase on, the others'."""
    return manages_panel(user, assignment.panel) or assignment.panel.phase != PanelPhase.INDEPENDENT


def peer_assignments(assignment) -> QuerySet[Assignment]:
    """The other experts' submitted assignments on the same subject in the same panel, with their scores."""
    return (
        Assignment.objects.filter(
            panel_id=assignment.panel_id, subject_type_id=assignment.subject_type_id,
            subject_id=assignment.subject_id, state=AssignmentState.SUBMITTED,
        )
        .exclude(pk=assignment.pk)
        .select_related("member", "member__expert")
        .prefetch_related("scores")
        .order_by("member__alias", "id")
    )  # fmt: skip
