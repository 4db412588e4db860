"""Write the default DOCX template of every kind to ``documents/docx_templates/`` (they are kept in the
repository; run this after changing ``docx_render.default_template``)."""

from django.core.management.base import BaseCommand

from postdoc_base.documents.docx_render import DEFAULT_DIR, default_path, default_template
from postdoc_base.documents.kinds import DocumentKind


class Command(BaseCommand):
    help = "Write the default DOCX templates of the official documents."

    def handle(self, *args, **options):
        DEFAULT_DIR.mkdir(exist_ok=True)
        data = default_template()
        for kind in DocumentKind.values:
            default_path(kind).write_bytes(data)
            self.stdout.write(str(default_path(kind)))
