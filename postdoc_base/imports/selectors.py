"""Which import jobs a user sees: only their own (anyone else's is a 404)."""

from .models import ImportJob


def import_jobs_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return ImportJob.objects.none()
    return ImportJob.objects.filter(created_by=user)
