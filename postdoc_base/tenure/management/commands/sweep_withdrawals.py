from datetime import date

from django.core.management.base import BaseCommand

from postdoc_base.tenure.withdrawals.sweeps import withdrawal_rules_sweep


class Command(BaseCommand):
    help = (
        "Open withdrawal cases for postdocs without a degree certificate six months after entry (Art. 23(1)), "
        "past their term or more than six years in the base (Art. 23(9))."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="Sweep as of this day (YYYY-MM-DD)."
        )

    def handle(self, *args, date=None, **options):
        opened = withdrawal_rules_sweep(date)
        for case in opened:
            self.stdout.write(f"{case.pk}\t{case.appointment.postdoc.name}\t{case.article}")
        self.stdout.write(f"opened {len(opened)}")
