"""Who completes a postdoc's exit (Art. 18): the partner station's contact."""

from postdoc_base.accounts.enums import Role
from postdoc_base.accounts.selectors import assignment_of


def exit_station(actor, appointment):
    """The partner station's contact, who completes the exit (Art. 18); else None."""
    if not getattr(actor, "is_authenticated", False):
        return None
    return assignment_of(actor, Role.STATION_CONTACT, station_id=appointment.station_id)
