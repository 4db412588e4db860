"""Reads for the kernel tables, scoped to the user."""

from django.db.models import F, Q, QuerySet

from .models import Notification, Obligation, ObligationStatus


def obligations_for(user) -> QuerySet[Obligation]:
    """Open obligations owed by one of the user's role assignments: same role, same (scope kind, scope id).

    The region administrator's obligations carry scope kind ``region`` and no scope id. One query (the
    assignments are loaded once per request on the user).
    """
    if not getattr(user, "is_authenticated", False):
        return Obligation.objects.none()
    match = Q(pk__in=[])
    for a in user.assignments:
        if a.scope_id is None:
            match |= Q(responsible_role=a.role, scope_kind=a.scope_kind, scope_id__isnull=True)
        else:
            match |= Q(responsible_role=a.role, scope_kind=a.scope_kind, scope_id=a.scope_id)
    return Obligation.objects.filter(match, status=ObligationStatus.OPEN).order_by(
        F("due_on").asc(nulls_last=True), "opened_at", "id"
    )


def notifications_for(user) -> QuerySet[Notification]:
    """The user's own inbox, newest first."""
    if not getattr(user, "is_authenticated", False):
        return Notification.objects.none()
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")
