"""Art. 24 first sentence: revocation cases (取消基地备案), one per empty span of a base."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0003_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="RevocationCase",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("empty_since", models.DateField(verbose_name="无在站博士后起始日")),
                ("due_on", models.DateField(verbose_name="满2年日期")),
                ("facts", models.TextField(verbose_name="事实")),
                ("state", models.CharField(choices=[("open", "待自治区决定"), ("revoked", "已取消备案"), ("kept", "保留备案")], default="open", max_length=20, verbose_name="状态")),
                ("revoked_on", models.DateField(blank=True, null=True, verbose_name="取消备案日期")),
                ("document_number", models.CharField(blank=True, max_length=60, verbose_name="文号")),
                ("decided_on", models.DateField(blank=True, null=True, verbose_name="决定日期")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("base", models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name="revocation_cases", to="oversight.practicebase", verbose_name="基地")),
            ],
            options={
                "verbose_name": "取消基地备案案件",
                "verbose_name_plural": "取消基地备案案件",
                "ordering": ["-created_at", "-id"],
                "indexes": [models.Index(fields=["-created_at", "-id"], name="oversight_r_created_d671e3_idx"), models.Index(fields=["state", "-created_at", "-id"], name="oversight_r_state_4b7081_idx")],
                "constraints": [models.UniqueConstraint(fields=("base", "empty_since"), name="uniq_revocation_case_per_span"), models.UniqueConstraint(condition=models.Q(("state", "open")), fields=("base",), name="uniq_open_revocation_case")],
            },
        ),
    ]  # fmt: skip
