"""Who sees an export job: only the user who asked for it (the file holds what that user may see)."""

from postdoc_base.kernel.listing import declare

from .models import ExportJob

# The user's export jobs (kernel.listing), newest first.
EXPORT_JOB_LIST = declare("export jobs", ExportJob, where=("user_id",), pages=("exports:jobs",))


def export_jobs_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return ExportJob.objects.none()
    return ExportJob.objects.filter(user=user)
