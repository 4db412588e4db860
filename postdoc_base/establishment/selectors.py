"""Reads for rounds and applications. ``applications_visible_to`` is the one place that decides which
applications a user may see; every page, endpoint, export, search and count starts from it."""

from django.db.models import Prefetch, Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.kernel.listing import SEARCH, declare
from postdoc_base.policy.establishment import ReviewLevel, affiliations_through

from .enums import ApplicationState, RoundState
from .models import Attachment, BaseApplication, Objection, PublicNotice, Round

# The lists of chapter 3 (kernel.listing).
ROUND_LIST = declare(
    "rounds", Round, filters={"state": "state", "year": "year"},
    scopes=("state",),  # everyone but the region: not drafts
    pages=("establishment:round_list",), apis=("round_list",),
)  # fmt: skip
APPLICATION_LIST = declare(
    "applications", BaseApplication,
    filters={"round": "round_id", "state": "state", "bureau": "unit__bureau_id"},
    # A unit its own; a department and a bureau their units' (on the route, Art. 11(1)); an expert those
    # assigned to them.
    joins=("unit_id", "unit__department_id", "unit__bureau_id", "pk"),
    unindexed={"q": SEARCH},
    pages=("establishment:application_list",), apis=("application_list",),
)  # fmt: skip
NOTICE_LIST = declare(
    "notices", PublicNotice, ordering=("-published_on", "-id"), filters={"round": "round_id"},
    pages=("establishment:public_notice_list", "establishment:notice_admin_list"), apis=("notice_list",),
)  # fmt: skip
OBJECTION_LIST = declare(
    "objections", Objection, filters={"state": "state", "notice": "item__notice_id"},
    joins=("item__application__unit_id",),  # a unit: the objections to its applications
    pages=("establishment:objection_list",), apis=("objection_list",),
)  # fmt: skip

# Drafts and applications withdrawn before review are the applicant's own business.
_PRIVATE_STATES = (ApplicationState.DRAFT,)


def applications_visible_to(user) -> QuerySet[BaseApplication]:
    qs = BaseApplication.objects.select_related(
        "round", "unit", "unit__bureau", "unit__department", "station"
    )
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    submitted = ~Q(state__in=_PRIVATE_STATES) & Q(submitted_at__isnull=False)
    if is_region_admin(user):
        return qs.filter(submitted)
    visible = scope_q(user, Role.UNIT_ADMIN, "unit")
    # A department and a bureau see their units' submitted applications whose route (Art. 11(1)) passes them,
    # once the application has reached them: where the competent department comes first on the route (a
    # central unit's application on its way to the bureau), only after the department agreed to it; not while
    # it waits for the department, nor after the department returned or refused it.
    for role, lookup, level in (
        (Role.DEPT_OFFICER, "unit__department", ReviewLevel.DEPARTMENT),
        (Role.BUREAU_OFFICER, "unit__bureau", ReviewLevel.BUREAU),
    ):
        reached = Q(affiliation__in=affiliations_through(level)) & submitted
        after_department = affiliations_through(level, after=ReviewLevel.DEPARTMENT)
        if after_department:
            reached &= ~Q(affiliation__in=after_department) | Q(dept_consented_at__isnull=False)
        visible |= scope_q(user, role, lookup) & reached
    # An expert sees only the applications assigned to them for review (Art. 11(3)), while assigned.
    experts = user.scope_ids(Role.EXPERT)
    if experts:
        visible |= Q(pk__in=_assigned_subject_ids(experts))
    return qs.filter(visible)


def _assigned_subject_ids(expert_ids) -> QuerySet:
    from postdoc_base.review.enums import AssignmentState
    from postdoc_base.review.models import Assignment

    return (
        Assignment.objects.filter(
            member__expert_id__in=expert_ids,
            subject_type__app_label=BaseApplication._meta.app_label,
            subject_type__model=BaseApplication._meta.model_name,
        )
        .exclude(state=AssignmentState.WITHDRAWN)
        .values("subject_id")
    )


def application_detail_queryset(user) -> QuerySet[BaseApplication]:
    """Visible applications with everything the detail page and the eligibility panel read."""
    return (
        applications_visible_to(user)
        .prefetch_related(
            "researchers",
            "projects",
            Prefetch("attachments", queryset=Attachment.objects.order_by("kind", "id")),
            "claims",
            "claims__evidence",
        )
        .select_related("preliminary_review")
    )


def filter_applications(
    qs: QuerySet, *, round_id=None, state=None, bureau_id=None, q: str | None = None
) -> QuerySet:
    qs = APPLICATION_LIST.filter(qs, round=round_id, state=state, bureau=bureau_id)
    if q:
        qs = qs.filter(Q(unit__name__icontains=q) | Q(unit__uscc__icontains=q))
    return qs


def rounds_visible_to(user) -> QuerySet[Round]:
    """Everyone signed in sees open and closed rounds; drafts only the region administrator."""
    qs = Round.objects.all()
    if getattr(user, "is_authenticated", False) and is_region_admin(user):
        return qs
    return qs.exclude(state=RoundState.DRAFT)


def open_rounds() -> QuerySet[Round]:
    return Round.objects.filter(state=RoundState.OPEN)


def bureau_batch(round_, bureau_id: int) -> QuerySet[BaseApplication]:
    """A bureau's applications in a round that are waiting for its decision or its batch submission."""
    return (
        BaseApplication.objects.filter(
            round=round_, unit__bureau_id=bureau_id, affiliation__in=affiliations_through(ReviewLevel.BUREAU)
        )
        .filter(state__in=[ApplicationState.BUREAU_REVIEW, ApplicationState.RECOMMENDED])
        .select_related("unit", "preliminary_review", "round")
        .order_by("preliminary_review__rank", "unit__name")
    )


# --- public notice, objections and filing (第十一条第（三）项 / Art. 11(3)) ----------------------------------
def objector_visible_to(user) -> bool:
    """The objector's name, contact and attachment are personal data for the region administrator only;
    everyone else who may see an objection sees them masked (``notices.mask_name`` / ``mask_contact``)."""
    return bool(getattr(user, "is_authenticated", False) and is_region_admin(user))


def notices_visible_to(user) -> QuerySet:
    """Everyone, signed in or not, reads notices once published; the region administrator sees all."""
    from django.db.models import Count
    from django.utils import timezone

    qs = NOTICE_LIST.order(PublicNotice.objects.select_related("round").annotate(item_count=Count("items")))
    if objector_visible_to(user):
        return qs
    return qs.filter(published_on__lte=timezone.localdate())


def objections_visible_to(user) -> QuerySet:
    """The region administrator sees every objection; a unit administrator those against its own
    applications (objector masked, see ``objector_visible_to``); everyone else none. Web and API alike."""
    qs = Objection.objects.select_related("item__notice", "item__application__unit__bureau")
    if not getattr(user, "is_authenticated", False):
        return qs.none()
    if is_region_admin(user):
        return qs
    unit_ids = user.scope_ids(Role.UNIT_ADMIN)
    return qs.filter(item__application__unit_id__in=unit_ids) if unit_ids else qs.none()


def passed_applications(round_) -> QuerySet[BaseApplication]:
    """A round's applications that passed expert review and wait for the public notice."""
    return (
        BaseApplication.objects.filter(round=round_, state=ApplicationState.PASSED)
        .select_related("unit__bureau", "round")
        .order_by("unit__name", "id")
    )


def filing_candidates(round_) -> QuerySet[BaseApplication]:
    """A round's applications in notice, with their notice and the number of objections still pending."""
    from django.db.models import Count

    from .enums import ObjectionState

    return (
        BaseApplication.objects.filter(round=round_, state=ApplicationState.IN_NOTICE)
        .select_related("unit__bureau", "round", "notice_item__notice")
        .annotate(
            pending_objections=Count(
                "notice_item__objections", filter=Q(notice_item__objections__state=ObjectionState.PENDING)
            )
        )
        .order_by("notice_item__order", "id")
    )


def round_bases(round_) -> QuerySet:
    """The practice bases filed from a round, in filing-number order."""
    from postdoc_base.oversight.models import PracticeBase

    return (
        PracticeBase.objects.filter(application__round=round_)
        .select_related("unit__bureau")
        .order_by("filing_year", "filing_serial")
    )
