"""Write the default DOCX template of every kind to ``documents/docx_templates/`` (they are kept in the
repository; run this after changing ``docx_render.default_template``): the 公文 template, or the form
template for a kind laid out as a form."""

from django.core.management.base import BaseCommand

from postdoc_base.documents.content import FORM
from postdoc_base.documents.docx_render import DEFAULT_DIR, default_path, default_template
from postdoc_base.documents.specs import SPECS


class Command(BaseCommand):
    help = "Write the default DOCX templates of the official documents."

    def handle(self, *args, **options):
        DEFAULT_DIR.mkdir(exist_ok=True)
        data = {False: default_template(), True: default_template(form=True)}
        for spec in SPECS.values():
            default_path(spec.kind).write_bytes(data[spec.layout == FORM])
            self.stdout.write(str(default_path(spec.kind)))
