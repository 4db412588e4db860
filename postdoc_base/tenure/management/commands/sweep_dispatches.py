from datetime import date

from django.core.management.base import BaseCommand

from postdoc_base.tenure.dispatches.services import dispatch_overdue_sweep


class Command(BaseCommand):
    help = "Open withdrawal cases for abroad dispatches more than 30 days past their planned return (Art. 23(8))."

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="Sweep as of this day (YYYY-MM-DD)."
        )

    def handle(self, *args, date=None, **options):
        opened = dispatch_overdue_sweep(date)
        for case in opened:
            self.stdout.write(f"{case.pk}\t{case.appointment.postdoc.name}")
        self.stdout.write(f"opened {len(opened)}")
