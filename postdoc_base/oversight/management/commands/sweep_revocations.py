from datetime import date

from django.core.management.base import BaseCommand

from postdoc_base.oversight.revocations.sweeps import empty_base_sweep


class Command(BaseCommand):
    help = "Open revocation cases for bases with no postdoc in them for 2 consecutive years (Art. 24)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="Sweep as of this day (YYYY-MM-DD)."
        )

    def handle(self, *args, date=None, **options):
        opened = empty_base_sweep(date)
        for case in opened:
            self.stdout.write(
                f"{case.pk}\t{case.base.filing_number}\t{case.base.name}\t{case.empty_since.isoformat()}"
            )
        self.stdout.write(f"opened {len(opened)}")
