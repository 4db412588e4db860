from datetime import date

from django.core.management.base import BaseCommand, CommandError

from postdoc_base.kernel.sweeps import rules, run_rules


class Command(BaseCommand):
    help = (
        "Run every date rule of the measures for one day (withdrawal cases of Art. 23(1), (8), (9); revocation "
        "cases of Art. 24; …) and report what each opened. Idempotent: a second run opens nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--date", type=date.fromisoformat, default=None, help="Run as of this day (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--only", action="append", default=None, metavar="RULE",
            help="Run only this rule (repeatable): " + ", ".join(r.name for r in rules()),
        )  # fmt: skip

    def handle(self, *args, date=None, only=None, **options):
        try:
            reports = run_rules(date, only)
        except KeyError as unknown:
            raise CommandError(f"unknown rule: {unknown.args[0]}") from None
        for report in reports:
            self.stdout.write(
                f"{report.rule.name}\t{report.rule.article}\topened {len(report.opened)}\t{report.seconds:.2f}s"
            )
            if report.error:
                self.stderr.write(f"{report.rule.name} failed: {report.error}")
        self.stdout.write(f"opened {sum(len(r.opened) for r in reports)}")
        if any(r.error for r in reports):
            raise CommandError("some date rules failed (the others ran): see above")
