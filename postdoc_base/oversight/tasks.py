"""Periodic jobs of the oversight module."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .revocations.sweeps import empty_base_sweep


@db_periodic_task(crontab(hour="2", minute="30"))
def sweep_empty_bases() -> int:
    """Daily: a base with no postdoc in it for 2 consecutive years gets a revocation case (Art. 24)."""
    return len(empty_base_sweep())
