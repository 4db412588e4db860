"""Start the background worker and the web server together (``make run``)."""

import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the Huey worker in a child process and the development web server in this one."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host, port, **options):
        worker = subprocess.Popen(
            [sys.executable, "manage.py", "run_huey", "--workers", "1"], cwd=settings.BASE_DIR
        )  # noqa: S603
        self.stdout.write(f"worker started (pid {worker.pid}); web at http://{host}:{port}/")
        try:
            call_command("runserver", f"{host}:{port}", use_reloader=False)
        finally:
            worker.terminate()
            worker.wait(timeout=10)
