"""The stays (在站) of bases, read from the tenure records for Art. 24 (``policy.oversight.revocation``): one
query however many bases."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db.models import OuterRef, Subquery

from postdoc_base.policy.oversight import Stay
from postdoc_base.tenure.stay.enums import STAY_STATES, AppointmentState
from postdoc_base.tenure.stay.models import Appointment
from postdoc_base.tenure.withdrawals.enums import WithdrawalState
from postdoc_base.tenure.withdrawals.models import WithdrawalCase

AS = AppointmentState


def stays_by_base(base_ids) -> dict[int, list[Stay]]:
    """{base id: its stays}. A stay runs from the entry date to the exit date (exited), to the day the region
    decided the withdrawal (withdrawn; a withdrawal taken without a case, which the tables allow the region,
    counts to the later of the entry and exit dates), or on (every state from entry to exit assessed)."""
    decided = WithdrawalCase.objects.filter(
        appointment=OuterRef("pk"), state=WithdrawalState.DECIDED_WITHDRAWN
    ).order_by("-decided_on")
    rows = (
        Appointment.objects.filter(
            base_id__in=list(base_ids),
            entry_date__isnull=False,
            state__in=(*STAY_STATES, AS.EXITED, AS.WITHDRAWN),
        )
        .annotate(withdrawn_on=Subquery(decided.values("decided_on")[:1]))
        .values_list("base_id", "state", "entry_date", "exit_date", "withdrawn_on")
        .order_by()
    )
    stays: dict[int, list[Stay]] = defaultdict(list)
    for base_id, state, entered, exited, withdrawn in rows:
        stays[base_id].append(Stay(entered, _left(state, entered, exited, withdrawn)))
    return stays


def _left(state: str, entered: date, exited: date | None, withdrawn: date | None) -> date | None:
    if state == AS.EXITED:
        return exited or entered
    if state == AS.WITHDRAWN:
        return withdrawn or max(d for d in (entered, exited) if d is not None)
    return None


def has_postdoc_in_base(base_id: int, today: date) -> bool:
    """Whether someone is in the base today (entered by today, not exited or withdrawn)."""
    return Appointment.objects.filter(base_id=base_id, state__in=STAY_STATES, entry_date__lte=today).exists()
