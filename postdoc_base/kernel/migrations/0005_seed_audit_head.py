from django.db import migrations


def forwards(apps, schema_editor):
    """The audit chain's single head row exists from the start: two first writes at once would otherwise both
    try to create it under ``get_or_create`` and one would fail (``audit.record`` keeps it as a fallback)."""
    apps.get_model("kernel", "AuditHead").objects.get_or_create(id=1)


class Migration(migrations.Migration):
    dependencies = [("kernel", "0004_seed_calendar")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
