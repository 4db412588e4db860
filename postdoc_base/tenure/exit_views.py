"""Pages of the exit area."""


def appointment_section(request, appointment) -> dict:
    """Context for the appointment page's exit section (templates/tenure/_appointment_exit.html)."""
    return {}
