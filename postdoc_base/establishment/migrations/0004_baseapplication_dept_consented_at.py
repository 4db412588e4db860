"""Art. 11(1): when the competent department agreed to an application's current submission.

A central unit's application reaches its bureau only once its department agreed; the bureau's scope now reads
this field. Existing applications get it from the audit trail (the last ``dept_consent`` after the last
``submit``, as the workflow now keeps it). An application with no trail that stands where only a department's
agreement could have brought it (with the bureau or beyond) gets its submission time, the latest time known
before that agreement; one without a trail elsewhere (waiting for the department, returned, rejected, withdrawn)
stays without, so the bureau does not see it.
"""

from django.db import migrations, models

from postdoc_base.policy.establishment import ReviewLevel, affiliations_through

SUBJECT_TYPE = "establishment.baseapplication"
PAST_THE_DEPARTMENT = ("bureau_review", "recommended", "at_region", "expert_review", "passed", "in_notice", "filed")


def forwards(apps, schema_editor):
    BaseApplication = apps.get_model("establishment", "BaseApplication")
    AuditEvent = apps.get_model("kernel", "AuditEvent")
    consented: dict[int, object] = {}
    events = (
        AuditEvent.objects.filter(subject_type=SUBJECT_TYPE, action__in=("submit", "dept_consent"))
        .order_by("seq", "pk")
        .values_list("subject_id", "action", "at")
    )
    for subject_id, action, at in events.iterator():
        consented[int(subject_id)] = at if action == "dept_consent" else None
    routed = BaseApplication.objects.filter(
        affiliation__in=[a.value for a in affiliations_through(ReviewLevel.DEPARTMENT)], submitted_at__isnull=False
    )
    changed = []
    for app in routed.iterator():
        if app.pk in consented:
            app.dept_consented_at = consented[app.pk]
        elif app.state in PAST_THE_DEPARTMENT:
            app.dept_consented_at = app.submitted_at
        if app.dept_consented_at is not None:
            changed.append(app)
    BaseApplication.objects.bulk_update(changed, ["dept_consented_at"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("establishment", "0003_round_one_open_application_updated"),
        ("kernel", "0006_audit_sealed_at_commit"),
    ]

    operations = [
        migrations.AddField(
            model_name="baseapplication",
            name="dept_consented_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="主管部门同意时间"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
