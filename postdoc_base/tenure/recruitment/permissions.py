"""Who may act on cooperation agreements, topics and interests (Arts. 8, 12): the base's unit administrator,
and for an agreement the partner station's contact."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import assignment_of

from .models import TopicInterest


def agreement_assignment(user, role: str, agreement):
    if role == Role.UNIT_ADMIN:
        return assignment_of(user, role, unit_id=agreement.base.unit_id)
    if role == Role.STATION_CONTACT:
        return assignment_of(user, role, station_id=agreement.station_id)
    return None


def base_assignment(user, role: str, obj):
    """The unit administrator of the object's base (a topic, or an interest's topic)."""
    base = obj.topic.base if isinstance(obj, TopicInterest) else obj.base
    return assignment_of(user, role, unit_id=base.unit_id) if role == Role.UNIT_ADMIN else None
