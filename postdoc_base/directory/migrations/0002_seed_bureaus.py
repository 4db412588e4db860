from django.db import migrations


def forwards(apps, schema_editor):
    from postdoc_base.directory.bureaus import seed_bureaus

    seed_bureaus(apps.get_model("directory", "Bureau"))


class Migration(migrations.Migration):
    dependencies = [("directory", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
