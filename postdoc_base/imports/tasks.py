"""The worker's import jobs: checking a large file's rows, and writing them."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task()
def validate_import_job(job_id: int) -> None:
    services.import_job_validate(job_id)


@db_task()
def run_import_job(job_id: int) -> None:
    services.import_job_run(job_id)


@db_periodic_task(crontab(hour="3", minute="40"))
def expire_import_jobs() -> int:
    """Daily: import jobs older than IMPORT_KEEP_DAYS are removed with their uploaded files."""
    return services.import_jobs_expire()
