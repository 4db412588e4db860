"""Reads for the kernel tables, scoped to the user."""

from collections.abc import Iterable

from django.db.models import F, Q, QuerySet

from .audit import subject_key
from .listing import declare
from .models import AuditEvent, Notification, Obligation, ObligationStatus

# The inbox (listing): one recipient's notifications, newest first.
INBOX_LIST = declare(
    "inbox", Notification, ordering=("-created_at", "-id"), where=("recipient_id",), pages=("inbox",)
)


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
    return INBOX_LIST.order(Notification.objects.filter(recipient=user))


# --- audit history -------------------------------------------------------------------------------------
# ``subject_type`` -> (actions whose diff and comment are confidential, permission that lifts the mask).
_CONFIDENTIAL_ACTIONS: dict[str, tuple[frozenset[str], str]] = {}


def register_confidential_actions(subject_type: str, actions: Iterable[str], permission: str) -> None:
    """Declare that events ``actions`` on subjects of ``subject_type`` (``app_label.modelname``) show their
    diff and comment only to users holding ``permission`` on the subject. Called once per resource at import.
    """
    _CONFIDENTIAL_ACTIONS[subject_type.lower()] = (frozenset(actions), permission)


def history_visible_to(user, obj) -> list[AuditEvent]:
    """The subject's audit events in sequence order, as ``user`` may read them (one query, at most one
    permission check).

    Every event stays listed (who, when, which action, which states); for the subject's confidential actions
    the diff and comment are blanked unless the user holds the resource's permission. Without a user
    (``None``) confidential content is always blanked. The returned events are for reading only.
    """
    subject_type, subject_id = subject_key(obj)
    events = list(AuditEvent.objects.filter(subject_type=subject_type, subject_id=subject_id).order_by("seq"))
    actions, permission = _CONFIDENTIAL_ACTIONS.get(subject_type, (frozenset(), ""))
    hidden = [e for e in events if e.action in actions]
    if hidden and not (user is not None and user.has_perm(permission, obj)):
        for event in hidden:
            event.diff = {}
            event.comment = ""
    return events
