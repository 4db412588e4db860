"""Periodic jobs of the tenure module."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import dispatch_overdue_sweep


@db_periodic_task(crontab(hour="2", minute="0"))
def sweep_overdue_dispatches() -> int:
    """Daily: abroad dispatches more than 30 days past their planned return open a withdrawal case (Art. 23(8))."""
    return len(dispatch_overdue_sweep())
