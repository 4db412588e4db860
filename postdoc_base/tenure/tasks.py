"""Periodic jobs of the tenure module."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .dispatches.services import dispatch_overdue_sweep
from .withdrawals.sweeps import withdrawal_rules_sweep


@db_periodic_task(crontab(hour="2", minute="0"))
def sweep_overdue_dispatches() -> int:
    """Daily: abroad dispatches more than 30 days past their planned return open a withdrawal case (Art. 23(8))."""
    return len(dispatch_overdue_sweep())


@db_periodic_task(crontab(hour="2", minute="15"))
def sweep_withdrawal_rules() -> int:
    """Daily, after the dispatch sweep: no degree certificate six months after entry (Art. 23(1)), an expired
    term or more than six years in the base (Art. 23(9)) open a withdrawal case."""
    return len(withdrawal_rules_sweep())
