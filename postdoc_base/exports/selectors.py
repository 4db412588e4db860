"""Who sees an export job: only the user who asked for it (the file holds what that user may see)."""

from .models import ExportJob


def export_jobs_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(user=user)
