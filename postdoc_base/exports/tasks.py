"""The worker's export jobs, and the daily clean-up of old ones."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def run_export_job(job_id: int) -> None:
    services.export_job_run(job_id)


@db_periodic_task(crontab(hour="3", minute="30"))
def expire_export_jobs() -> int:
    """Daily: exports older than EXPORT_KEEP_DAYS are removed with their files."""
    return services.export_jobs_expire()
