"""An open revocation case's decision item now carries the case's first possible day (kernel.DateMeaning.FROM),
so that it is reminded of and escalated like any other dated item."""

from django.db import migrations


def date_from_case(apps, schema_editor):
    Obligation = apps.get_model("kernel", "Obligation")
    RevocationCase = apps.get_model("oversight", "RevocationCase")
    rows = list(Obligation.objects.filter(kind="revocation_decision", status="open", due_on__isnull=True))
    due = dict(RevocationCase.objects.filter(pk__in=[int(r.subject_id) for r in rows]).values_list("pk", "due_on"))
    for row in rows:
        row.due_on = due.get(int(row.subject_id))
        row.save(update_fields=["due_on"])


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0011_revocation_grounds"),
        ("kernel", "0008_notification_digest_pending_obligation_date_means_and_more"),
    ]

    operations = [migrations.RunPython(date_from_case, migrations.RunPython.noop)]
