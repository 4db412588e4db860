"""Every read of agreements, topics and interests starts here (the one place that decides who sees what)."""

from django.db.models import Q, QuerySet

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.directory.models import MobileStation
from postdoc_base.oversight.enums import BaseState
from postdoc_base.oversight.models import PracticeBase

from .enums import AgreementState, TopicState
from .models import Appointment, CooperationAgreement, Postdoc, ResearchTopic, Supervisor, TopicInterest


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


def bases_managed_by(user) -> QuerySet[PracticeBase]:
    """Active filed bases whose unit the user administers."""
    if not _signed_in(user):
        return PracticeBase.objects.none()
    return PracticeBase.objects.filter(scope_q(user, Role.UNIT_ADMIN, "unit_id"), state=BaseState.ACTIVE)


def stations_of_base(base: PracticeBase) -> QuerySet[MobileStation]:
    """Stations with an active cooperation agreement with ``base`` (Art. 8)."""
    return MobileStation.objects.filter(
        agreements__base=base, agreements__state=AgreementState.ACTIVE
    ).distinct()


def agreements_visible_to(user) -> QuerySet[CooperationAgreement]:
    qs = CooperationAgreement.objects.select_related("base__unit__bureau", "station")
    if not _signed_in(user):
        return qs.none()
    if user.has_role(Role.REGION_ADMIN):
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
    if _signed_in(user) and user.has_role(Role.REGION_ADMIN):
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
    if user.has_role(Role.REGION_ADMIN):
        return qs
    return qs.filter(scope_q(user, Role.UNIT_ADMIN, "base__unit_id"))


def interests_visible_to(user) -> QuerySet[TopicInterest]:
    """Interests and their CVs: only the base's unit administrators and the region administrator."""
    qs = TopicInterest.objects.select_related("topic__base__unit")
    if not _signed_in(user):
        return qs.none()
    if user.has_role(Role.REGION_ADMIN):
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
    if kind:
        qs = qs.filter(kind=kind)
    if bureau_id:
        qs = qs.filter(base__unit__bureau_id=bureau_id)
    return qs


def postdocs_visible_to(user) -> QuerySet[Postdoc]:
    """Postdoc records: the region all; a bureau its bases'; a base's unit administrators their base's; a
    postdoc only their own; a supervisor the postdocs of the appointments they supervise."""
    qs = Postdoc.objects.select_related("base__unit")
    if not _signed_in(user):
        return qs.none()
    if user.has_role(Role.REGION_ADMIN):
        return qs
    supervised = user.scope_ids(Role.SUPERVISOR)
    by_supervision = (
        Q(
            pk__in=Appointment.objects.filter(
                Q(station_supervisor_id__in=supervised) | Q(base_supervisor_id__in=supervised)
            ).values("postdoc_id")
        )
        if supervised
        else Q(pk__in=[])
    )
    return qs.filter(
        scope_q(user, Role.BUREAU_OFFICER, "base__unit__bureau_id")
        | scope_q(user, Role.UNIT_ADMIN, "base__unit_id")
        | scope_q(user, Role.POSTDOC, "pk")
        | by_supervision
    )


def postdocs_managed_by(user) -> QuerySet[Postdoc]:
    """The postdocs the user may edit: those recorded by a base whose unit the user administers."""
    qs = Postdoc.objects.select_related("base__unit")
    if not _signed_in(user):
        return qs.none()
    return qs.filter(scope_q(user, Role.UNIT_ADMIN, "base__unit_id"))


def supervisors_visible_to(user) -> QuerySet[Supervisor]:
    """Supervisors: the region all; a bureau its bases'; a base's unit administrators their base's; a
    supervisor only their own record."""
    qs = Supervisor.objects.select_related("base__unit", "station")
    if not _signed_in(user):
        return qs.none()
    if user.has_role(Role.REGION_ADMIN):
        return qs
    return qs.filter(
        scope_q(user, Role.BUREAU_OFFICER, "base__unit__bureau_id")
        | scope_q(user, Role.UNIT_ADMIN, "base__unit_id")
        | scope_q(user, Role.SUPERVISOR, "pk")
    )


def supervisors_managed_by(user) -> QuerySet[Supervisor]:
    qs = Supervisor.objects.select_related("base__unit", "station")
    if not _signed_in(user):
        return qs.none()
    return qs.filter(scope_q(user, Role.UNIT_ADMIN, "base__unit_id"))


def search_people(qs, q: str | None):
    return qs.filter(name__icontains=q.strip()) if q and q.strip() else qs


def appointments_visible_to(user) -> QuerySet[Appointment]:
    """Appointments: the region all; a bureau its bases'; the base's unit administrators; the partner station's
    contacts; the postdoc themself; the appointment's two supervisors."""
    qs = Appointment.objects.select_related(
        "postdoc", "base__unit__bureau", "station", "topic", "station_supervisor", "base_supervisor"
    )
    return _appointment_scoped(user, qs, "")


def _appointment_scoped(user, qs, prefix: str, *, supervisors: bool = True):
    """The one appointment scope, for appointments and what hangs off them (``prefix`` "appointment__"):
    the region all; a bureau its bases'; the base's unit administrators; the partner station's contacts;
    the postdoc themself; with ``supervisors``, the appointment's two supervisors."""
    if not _signed_in(user):
        return qs.none()
    if user.has_role(Role.REGION_ADMIN):
        return qs
    q = (
        scope_q(user, Role.BUREAU_OFFICER, f"{prefix}base__unit__bureau_id")
        | scope_q(user, Role.UNIT_ADMIN, f"{prefix}base__unit_id")
        | scope_q(user, Role.STATION_CONTACT, f"{prefix}station_id")
        | scope_q(user, Role.POSTDOC, f"{prefix}postdoc_id")
    )
    if supervisors:
        q |= scope_q(user, Role.SUPERVISOR, f"{prefix}station_supervisor_id")
        q |= scope_q(user, Role.SUPERVISOR, f"{prefix}base_supervisor_id")
    return qs.filter(q)


def filter_appointments(qs, *, state: str | None = None, base_id: int | None = None):
    if state:
        qs = qs.filter(state=state)
    if base_id:
        qs = qs.filter(base_id=base_id)
    return qs


def withdrawals_visible_to(user):
    """Withdrawal cases (Art. 23): the region all; a bureau its bases'; the base's unit administrators; the
    partner station's contacts; the postdoc concerned (read-only). Not other postdocs, not supervisors."""
    from .models import WithdrawalCase

    qs = WithdrawalCase.objects.select_related(
        "appointment__postdoc", "appointment__base__unit__bureau", "appointment__station"
    )
    return _appointment_scoped(user, qs, "appointment__", supervisors=False)


def dispatches_visible_to(user):
    """Dispatches (Art. 16), scoped like appointments: the region all; a bureau its bases'; the base's unit
    administrators; the partner station's contacts; the postdoc themself; the appointment's two supervisors."""
    from .models import Dispatch

    qs = Dispatch.objects.select_related(
        "appointment__postdoc", "appointment__base__unit__bureau", "appointment__station"
    )
    return _appointment_scoped(user, qs, "appointment__")
