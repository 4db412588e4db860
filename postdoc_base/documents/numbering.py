"""Document numbers: one sequence per prefix (机关代字) and year, allocated under a row lock.

``allocate`` makes sure the year's row exists (an insert that does nothing when it is there, so two first
allocations of a year do not fail each other), then locks it with SELECT ... FOR UPDATE and takes the next
serial. A second allocation of the same prefix and year waits for the first transaction to end, so the two
never see the same ``last``; a rolled-back allocation gives its number back with its transaction, and a
committed one is never handed out again.
"""

from django.db import transaction

from .kinds import format_number
from .models import NumberSequence


def allocate(prefix: str, year: int) -> tuple[int, str]:
    """The next serial of ``prefix`` in ``year`` and its document number. Runs in the caller's transaction."""
    with transaction.atomic():
        NumberSequence.objects.bulk_create(
            [NumberSequence(prefix=prefix, year=year, last=0)], ignore_conflicts=True
        )
        sequence = NumberSequence.objects.select_for_update().get(prefix=prefix, year=year)
        sequence.last += 1
        sequence.save(update_fields=["last"])
    return sequence.last, format_number(prefix, year, sequence.last)
