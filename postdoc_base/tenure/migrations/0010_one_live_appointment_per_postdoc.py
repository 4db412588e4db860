"""Art. 13: one live appointment per postdoc (from the drafted agreement until exit or withdrawal).

The service refuses a second one; this constraint closes the race in which concurrent requests each passed that
check. Existing rows are checked first: postdocs who already hold several live appointments are listed and the
migration stops, since which of them is the real one is for the region and the base to decide (nothing is
deleted or changed here). Keep one live appointment per postdoc, then migrate again.
"""

from django.db import migrations, models
from django.db.models import Count

# The live states as this migration knows them (stay.enums.LIVE_APPOINTMENT_STATES when it was written).
LIVE = ("drafted", "signed", "entered", "filing_submitted", "in_base", "exit_requested", "exit_assessed")


def refuse_existing_duplicates(apps, schema_editor):
    Appointment = apps.get_model("tenure", "Appointment")
    live = Appointment.objects.filter(state__in=LIVE)
    doubled = list(
        live.values("postdoc_id")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
        .order_by("postdoc_id")
        .values_list("postdoc_id", flat=True)
    )
    if not doubled:
        return
    lines = [
        f"  postdoc {postdoc_id}: appointments "
        + ", ".join(
            f"{pk} ({state})"
            for pk, state in live.filter(postdoc_id=postdoc_id).order_by("pk").values_list("pk", "state")
        )
        for postdoc_id in doubled
    ]
    raise RuntimeError(
        f"{len(doubled)} postdoc(s) hold more than one live appointment (Art. 13 allows one):\n"
        + "\n".join(lines)
        + "\nKeep one live appointment per postdoc, then run the migration again."
    )


class Migration(migrations.Migration):
    dependencies = [
        ("tenure", "0009_appointment_entry_filing_submitted_on"),
    ]

    operations = [
        migrations.RunPython(refuse_existing_duplicates, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="appointment",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state__in", LIVE)),
                fields=("postdoc",),
                name="one_live_appointment_per_postdoc",
            ),
        ),
    ]
