from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from postdoc_base.kernel.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Back up the database and every uploaded file into one archive (restore it with `restore`)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            help="archive path (default: <POSTDOC_VAR_DIR>/backups/postdoc-base-<time>.tar.gz)",
        )

    def handle(self, *args, **options):
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        default = Path(settings.VAR_DIR) / "backups" / f"postdoc-base-{stamp}.tar.gz"
        destination = Path(options["output"] or default)
        try:
            manifest = make_backup(destination)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            self.style.SUCCESS(
                f"backup written: {destination} ({manifest['engine']}, {len(manifest['tables'])} tables, "
                f"{rows} rows, {len(manifest['files'])} files)"
            )
        )
