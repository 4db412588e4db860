import getpass
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from postdoc_base.accounts.services import first_region_admin_create


class Command(BaseCommand):
    help = (
        "Create the first region administrator of a new installation (refused once one exists; later "
        "accounts are made in the console). The password comes from POSTDOC_ADMIN_PASSWORD or a prompt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--display-name", required=True)
        parser.add_argument("--email", required=True)

    def handle(self, *args, username, display_name, email, **options):
        password = os.environ.get("POSTDOC_ADMIN_PASSWORD") or self._ask_password()
        try:
            user = first_region_admin_create(
                username=username, display_name=display_name, email=email, password=password
            )
        except ValidationError as exc:
            messages = [f"{field}: {m}" for field, errs in exc.message_dict.items() for m in errs]
            raise CommandError("; ".join(messages)) from exc
        self.stdout.write(self.style.SUCCESS(f"region administrator created: {user.username}"))

    def _ask_password(self) -> str:
        first = getpass.getpass("password: ")
        if first != getpass.getpass("password (again): "):
            raise CommandError("the two passwords differ")
        return first
