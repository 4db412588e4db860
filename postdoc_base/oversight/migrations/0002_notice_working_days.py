import datetime

from django.db import migrations


def forwards(apps, schema_editor):
    Parameter = apps.get_model("kernel", "Parameter")
    Parameter.objects.get_or_create(
        key="notice_working_days",
        effective_from=datetime.date(2025, 12, 15),
        defaults={"value": 5, "note": "办法未规定公示期，默认5个工作日"},
    )


class Migration(migrations.Migration):
    dependencies = [("oversight", "0001_initial"), ("kernel", "0002_seed_parameters")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
