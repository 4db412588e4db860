"""Pages of the output area."""


def appointment_section(request, appointment) -> dict:
    """Context for the appointment page's output section (templates/tenure/_appointment_outputs.html)."""
    return {}
