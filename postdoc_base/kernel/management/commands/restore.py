from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from postdoc_base.kernel.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a `backup` archive into the configured database, which must be new and empty (no "
        "migrate first), and its files into storage; then check every table, file and the audit chain."
    )
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by `manage.py backup`")

    def handle(self, *args, **options):
        try:
            report = restore_backup(Path(options["archive"]))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        summary = (
            f"{report.tables} tables, {report.rows} rows, {report.files} files, "
            f"{report.audit_events} audit events"
        )
        if report.problems:
            for problem in report.problems:
                self.stderr.write(problem)
            raise CommandError(f"restored, but the check found {len(report.problems)} problem(s): {summary}")
        self.stdout.write(self.style.SUCCESS(f"restored and checked: {summary}; audit chain intact"))
