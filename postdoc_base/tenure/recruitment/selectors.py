"""Every read of agreements, topics and interests starts here (the one place that decides who sees what)."""

from django.db.models import Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.directory.models import MobileStation
from postdoc_base.kernel.listing import SEARCH, declare
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.models import PracticeBase

from ..scoping import _signed_in
from .enums import AgreementState, TopicState
from .models import CooperationAgreement, ResearchTopic, TopicInterest

# The recruitment lists (kernel.listing), ordered as the models' Meta.ordering.
AGREEMENT_LIST = declare(
    "agreements", CooperationAgreement, joins=("base__unit__bureau_id", "base__unit_id", "station_id"),
    pages=("tenure:agreement_list",), apis=("agreement_list",),
)  # fmt: skip
# A base's own topics (the region all of them).
BASE_TOPIC_LIST = declare(
    "topics (base)", ResearchTopic, joins=("base__unit_id",), pages=("tenure:topic_list",)
)
# The topics board: published topics of active bases for everyone, a base's unit all of its own.
TOPIC_LIST = declare(
    "topics", ResearchTopic, filters={"kind": "kind", "bureau": "base__unit__bureau_id"},
    scopes=("state",), joins=("base__unit_id", "base__state"), unindexed={"q": SEARCH},
    pages=("tenure_public:topic_list",), apis=("topic_list",),
)  # fmt: skip
INTEREST_LIST = declare(
    "topic interests", TopicInterest, filters={"topic": "topic_id"}, joins=("topic__base__unit_id",),
    pages=("tenure:interest_list",), apis=("interest_list",),
)  # fmt: skip


def stations_of_base(base: PracticeBase) -> QuerySet[MobileStation]:
    """Stations with an active cooperation agreement with ``base`` (Art. 8)."""
    return MobileStation.objects.filter(
        agreements__base=base, agreements__state=AgreementState.ACTIVE
    ).distinct()


def agreements_visible_to(user) -> QuerySet[CooperationAgreement]:
    qs = CooperationAgreement.objects.select_related("base__unit__bureau", "station")
    if not _signed_in(user):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(
        scope_q(user, Role.BUREAU_OFFICER, "base__unit__bureau_id")
        | scope_q(user, Role.UNIT_ADMIN, "base__unit_id")
        | scope_q(user, Role.STATION_CONTACT, "station_id")
    )


def public_topics() -> QuerySet[ResearchTopic]:
    return ResearchTopic.objects.select_related("base__unit__bureau", "station").filter(
        state=TopicState.PUBLISHED, base__state=BaseState.ACTIVE
    )


def topics_visible_to(user) -> QuerySet[ResearchTopic]:
    """Published topics are public; a base's unit administrators see all of its topics; the region all."""
    qs = ResearchTopic.objects.select_related("base__unit__bureau", "station")
    if _signed_in(user) and is_region_admin(user):
        return qs
    published = Q(state=TopicState.PUBLISHED, base__state=BaseState.ACTIVE)
    if not _signed_in(user):
        return qs.filter(published)
    return qs.filter(published | scope_q(user, Role.UNIT_ADMIN, "base__unit_id"))


def topics_managed_by(user) -> QuerySet[ResearchTopic]:
    """The topics of the bases the user administers (the base's own list)."""
    qs = ResearchTopic.objects.select_related("base__unit__bureau", "station")
    if not _signed_in(user):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(scope_q(user, Role.UNIT_ADMIN, "base__unit_id"))


def interests_visible_to(user) -> QuerySet[TopicInterest]:
    """Interests and their CVs: only the base's unit administrators and the region administrator."""
    qs = TopicInterest.objects.select_related("topic__base__unit")
    if not _signed_in(user):
        return qs.none()
    if is_region_admin(user):
        return qs
    return qs.filter(scope_q(user, Role.UNIT_ADMIN, "topic__base__unit_id"))


def filter_topics(qs, *, q: str | None = None, kind: str | None = None, bureau_id: int | None = None):
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(fields__icontains=q)
            | Q(description__icontains=q)
            | Q(base__name__icontains=q)
        )
    return TOPIC_LIST.filter(qs, kind=kind, bureau=bureau_id)
