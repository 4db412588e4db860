"""Reads of positions (岗位, Art. 21), their interest, and the exit destinations report.

Positions are collected to be shared: every signed-in official of the region, a bureau or a unit reads every
published one; closed ones stay visible to the region, to the bureau where they are and to the unit that
posted them. A postdoc reads published positions still open only while near the end of the term
(``policy.oversight.employment.near_term_end``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.permissions import is_region_admin
from postdoc_base.accounts.selectors import scope_q
from postdoc_base.kernel.bounds import MAX_DATE, MIN_DATE
from postdoc_base.kernel.listing import declare
from postdoc_base.policy.findings import Finding
from postdoc_base.policy.oversight.employment import near_term_end
from postdoc_base.tenure.exits.enums import ExitDestination
from postdoc_base.tenure.stay.enums import LIVE_APPOINTMENT_STATES, STAY_STATES, AppointmentState
from postdoc_base.tenure.stay.models import Appointment

from .enums import PositionState
from .models import Position, PositionInterest
from .permissions import POSTER_ROLES, position_manager

# The list (kernel.listing), ordered as the model's Meta.ordering: published for everyone, a bureau's and a
# unit's closed ones besides.
POSITION_LIST = declare(
    "positions", Position, filters={"state": "state", "bureau": "bureau_id"}, scopes=("bureau_id", "unit_id"),
    pages=("oversight:position_list",), apis=("position_list",),
)  # fmt: skip
# The open interests of one position (always read for one position), for whoever manages it; a postdoc's own.
INTEREST_LIST = declare(
    "position_interests", PositionInterest, where=("position",), joins=("postdoc_id",),
    apis=("position_interest_list",),
)  # fmt: skip

EXIT_UNDERWAY_STATES = (AppointmentState.EXIT_REQUESTED, AppointmentState.EXIT_ASSESSED)


def _signed_in(user) -> bool:
    return getattr(user, "is_authenticated", False)


def is_official(user) -> bool:
    """A signed-in region, bureau or unit user: reads every published position."""
    return _signed_in(user) and any(a.role in POSTER_ROLES for a in user.assignments)


@dataclass(frozen=True)
class NearEnd:
    """Whether a postdoc user is near the end of the term (``finding``) and, if so, which postdoc record."""

    finding: Finding
    postdoc_id: int | None = None

    @property
    def ok(self) -> bool:
        return self.finding.ok


def postdoc_near_end(user, today: date | None = None) -> NearEnd | None:
    """For a user holding the postdoc role, whether they are near the end of their term (one query: a postdoc
    has at most one live appointment); None for other users."""
    if not _signed_in(user) or not (ids := user.scope_ids(Role.POSTDOC)):
        return None
    today = today or timezone.localdate()
    results = []
    for a in Appointment.objects.filter(postdoc_id__in=ids, state__in=LIVE_APPOINTMENT_STATES).order_by("pk"):
        finding = near_term_end(in_stay=a.state in STAY_STATES, exit_underway=a.state in EXIT_UNDERWAY_STATES,
                                term_ends_on=a.term_ends_on, today=today)  # fmt: skip
        results.append(NearEnd(finding, a.postdoc_id if finding.ok else None))
    if not results:
        return NearEnd(near_term_end(in_stay=False, exit_underway=False, term_ends_on=None, today=today))
    return next((r for r in results if r.ok), results[0])


def positions_visible_to(user, today: date | None = None) -> QuerySet[Position]:
    """The positions ``user`` may read (see the module's docstring)."""
    qs = Position.objects.select_related("bureau", "unit")
    if not _signed_in(user):
        return qs.none()
    if is_region_admin(user):
        return qs
    q = Q(pk__in=[])
    if is_official(user):
        q |= (
            Q(state=PositionState.PUBLISHED)
            | scope_q(user, Role.BUREAU_OFFICER, "bureau_id")
            | scope_q(user, Role.UNIT_ADMIN, "unit_id")
        )
    near = postdoc_near_end(user, today)
    if near is not None and near.ok:
        q |= Q(state=PositionState.PUBLISHED, closes_on__gte=today or timezone.localdate())
    return qs.filter(q)


def interests_for_manager(position) -> QuerySet[PositionInterest]:
    """The open interests in ``position`` (not withdrawn), newest first, with the postdoc's name."""
    return PositionInterest.objects.filter(position=position, withdrawn_at__isnull=True).select_related(
        "postdoc"
    )


def interests_visible_to(user, position) -> QuerySet[PositionInterest] | None:
    """The interests in ``position`` ``user`` may read: whoever manages it every open one; a postdoc their
    own open one; None for anyone else (the page and API answer 404)."""
    if position_manager(user, position) is not None:
        return interests_for_manager(position)
    if _signed_in(user) and (ids := user.scope_ids(Role.POSTDOC)):
        return interests_for_manager(position).filter(postdoc_id__in=ids)
    return None


def own_open_interests(user) -> QuerySet[PositionInterest]:
    """A postdoc's open interests, with their positions (the list page's "我的意向")."""
    if not _signed_in(user) or not (ids := user.scope_ids(Role.POSTDOC)):
        return PositionInterest.objects.none()
    return PositionInterest.objects.filter(postdoc_id__in=ids, withdrawn_at__isnull=True).select_related(
        "position"
    )


def unit_positions(unit_id: int | None) -> list[Position]:
    """The positions a unit posted for itself, newest first (the base file's section; one query)."""
    if unit_id is None:
        return []
    return list(Position.objects.filter(unit_id=unit_id).select_related("bureau"))


# --- the exit destinations report (Art. 21) ------------------------------------------------------------
DESTINATIONS = tuple(ExitDestination)


@dataclass
class DestinationRow:
    """One bureau's exits in one year: a count per destination (``""`` for none recorded) and the total."""

    bureau_id: int | None
    bureau_name: str
    year: int
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[int]:
        """The counts in the order of ``DESTINATIONS``, then the count with no destination recorded."""
        return [self.counts.get(d.value, 0) for d in DESTINATIONS] + [self.counts.get("", 0)]


def may_read_exit_destinations(user) -> bool:
    """The region, a bureau officer or a unit administrator (each for its own scope)."""
    return is_official(user)


def exit_destinations_for(user, year: int | None = None) -> list[DestinationRow] | None:
    """The recorded exit destinations (出基地去向) of the exited appointments ``user`` may read, per bureau of
    the base's unit and exit year, newest year first (one aggregate query). The region all bureaus, a bureau
    officer its own, a unit administrator its own bases. None for anyone else."""
    if not may_read_exit_destinations(user):
        return None
    qs = Appointment.objects.filter(state=AppointmentState.EXITED, exit_date__isnull=False)
    if not is_region_admin(user):
        qs = qs.filter(
            scope_q(user, Role.BUREAU_OFFICER, "base__unit__bureau_id")
            | scope_q(user, Role.UNIT_ADMIN, "base__unit_id")
        )
    if year:
        if (
            not MIN_DATE.year <= year <= MAX_DATE.year
        ):  # no date has that year (and the database cannot say so)
            return []
        qs = qs.filter(exit_date__year=year)
    grouped = (
        qs.annotate(year=ExtractYear("exit_date"))
        .values(
            "base__unit__bureau_id",
            "base__unit__bureau__name",
            "base__unit__bureau__order",
            "year",
            "destination",
        )
        .annotate(n=Count("pk"))
        .order_by("-year", "base__unit__bureau__order", "base__unit__bureau_id", "destination")
    )
    rows: dict[tuple, DestinationRow] = {}
    for g in grouped:
        key = (g["year"], g["base__unit__bureau_id"])
        row = rows.get(key)
        if row is None:
            row = rows[key] = DestinationRow(
                g["base__unit__bureau_id"], g["base__unit__bureau__name"] or "", g["year"]
            )
        row.counts[g["destination"] or ""] = row.counts.get(g["destination"] or "", 0) + g["n"]
    return list(rows.values())
