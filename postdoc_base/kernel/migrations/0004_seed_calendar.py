from django.db import migrations


def forwards(apps, schema_editor):
    from postdoc_base.kernel.calendar import seed_from_chinesecalendar

    seed_from_chinesecalendar(apps.get_model("kernel", "CalendarDay"), apps.get_model("kernel", "CalendarYear"))


class Migration(migrations.Migration):
    dependencies = [("kernel", "0003_calendarday_calendaryear")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
