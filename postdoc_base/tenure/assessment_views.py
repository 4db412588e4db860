"""Pages of the assessment area."""


def appointment_section(request, appointment) -> dict:
    """Context for the appointment page's assessment section (templates/tenure/_appointment_assessments.html)."""
    return {}
