"""Art. 13(2): the day the base submitted its entry filing, and lateness measured from it.

``entry_filing_late`` used to compare the region's acceptance day with the due date, so a filing the base
submitted in time but the region accepted after the due date was marked late. The submission day is recovered
from the audit trail (the last ``submit_filing`` not followed by a ``return_filing``, as the workflow now keeps
it) and the flag of every accepted filing whose submission day is known is recomputed from it. Where the trail
has no submission (rows made outside the workflow) the field stays empty and the flag as it was: the acceptance
day is then the best day known, and the workflow uses it in the same way for a filing still pending.
"""

from django.db import migrations, models
from django.utils import timezone

from postdoc_base.policy.tenure.entry import entry_filing_due

SUBJECT_TYPE = "tenure.appointment"
STEPS = ("submit_filing", "return_filing")


def submission_days(AuditEvent) -> dict[int, object]:
    """appointment id -> the local day of its standing submission (None after a return)."""
    days: dict[int, object] = {}
    events = (
        AuditEvent.objects.filter(subject_type=SUBJECT_TYPE, action__in=STEPS)
        .order_by("seq", "pk")
        .values_list("subject_id", "action", "at")
    )
    for subject_id, action, at in events.iterator():
        days[int(subject_id)] = timezone.localtime(at).date() if action == "submit_filing" else None
    return days


def forwards(apps, schema_editor):
    Appointment = apps.get_model("tenure", "Appointment")
    AuditEvent = apps.get_model("kernel", "AuditEvent")
    days = {pk: day for pk, day in submission_days(AuditEvent).items() if day is not None}
    changed = []
    for appointment in Appointment.objects.filter(pk__in=list(days)).iterator():
        appointment.entry_filing_submitted_on = days[appointment.pk]
        if appointment.entry_filed_on is not None and appointment.entry_date is not None:
            appointment.entry_filing_late = appointment.entry_filing_submitted_on > entry_filing_due(
                appointment.entry_date
            )
        changed.append(appointment)
    Appointment.objects.bulk_update(changed, ["entry_filing_submitted_on", "entry_filing_late"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("kernel", "0006_audit_sealed_at_commit"),
        ("tenure", "0008_assessment_cancelled"),
    ]

    operations = [
        migrations.AddField(
            model_name="appointment",
            name="entry_filing_submitted_on",
            field=models.DateField(blank=True, null=True, verbose_name="进站备案报送日期"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
