"""Demo data of the region's oversight (ch. 5): the 2024 round's bases filed in November 2024, so that the base
with nobody in it has completed Art. 24's 2 years and the daily sweep opens its revocation case; then the records
each oversight feature keeps (its own loader)."""

from datetime import date

from postdoc_base.establishment.models import Round
from postdoc_base.oversight.models import FilingSequence, PracticeBase
from postdoc_base.oversight.revocations.sweeps import empty_base_sweep
from postdoc_base.policy.establishment.procedure import filing_number

FILED_2024 = date(2024, 11, 20)


def _file_the_2024_round_in_2024() -> None:
    """The filing service stamps the day it runs; the demo's 2024 round was filed on 20 November 2024, so its
    bases take that day, their 2024 numbers and the year's sequence (demo data only)."""
    bases = list(
        PracticeBase.objects.filter(application__round__in=Round.objects.filter(year=2024)).order_by(
            "filing_serial"
        )
    )
    for serial, base in enumerate(bases, start=1):
        PracticeBase.objects.filter(pk=base.pk).update(
            filed_on=FILED_2024, filing_year=FILED_2024.year, filing_serial=serial,
            filing_number=filing_number(FILED_2024.year, serial),
        )  # fmt: skip
    moved_from = {b.filing_year for b in bases}
    FilingSequence.objects.update_or_create(year=FILED_2024.year, defaults={"last_number": len(bases)})
    for year in moved_from - {FILED_2024.year}:
        left = (
            PracticeBase.objects.filter(filing_year=year)
            .order_by("-filing_serial")
            .values_list("filing_serial", flat=True)
        )
        FilingSequence.objects.filter(year=year).update(last_number=left.first() or 0)


def load() -> None:
    _file_the_2024_round_in_2024()
    empty_base_sweep()
