from django.core.management.base import BaseCommand, CommandError

from postdoc_base.kernel.audit import verify_chain
from postdoc_base.kernel.models import AuditEvent


class Command(BaseCommand):
    help = "Verify the hash-chained audit log; exits non-zero when any event was edited, inserted or deleted."

    def handle(self, *args, **options):
        problems = verify_chain()
        if problems:
            for p in problems:
                self.stderr.write(f"seq {p.seq if p.seq is not None else '-'}: {p.problem}")
            raise CommandError(f"audit chain broken: {len(problems)} problem(s)")
        self.stdout.write(self.style.SUCCESS(f"audit chain intact: {AuditEvent.objects.count()} events"))
