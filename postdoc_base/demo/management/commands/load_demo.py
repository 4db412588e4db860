from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from postdoc_base.demo.establishment import demo_accounts, load


class Command(BaseCommand):
    help = "Load the demo data (development only; idempotent) and print the demo accounts."

    def handle(self, *args, **options):
        if not settings.LOCAL:
            raise CommandError("load_demo is for development and the demo only (DJANGO_DEBUG is off).")
        created = load()
        self.stdout.write("demo data loaded" if created else "demo data already present")
        self.stdout.write(f"\n演示账户 / demo accounts (password {settings.DEMO_PASSWORD}):")
        for username, display in demo_accounts():
            self.stdout.write(f"  {username:<16} {display}")
        self.stdout.write("  demo_u_<unit>   其他单位管理员 / other unit administrators (see README)")
