"""Art. 7 duties of a base: management office, rules, administrators, academic committee."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0007_inspections"),
    ]

    operations = [
        migrations.CreateModel(
            name="DutyAdministrator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=50, verbose_name="姓名")),
                ("position", models.CharField(max_length=100, verbose_name="职务")),
                ("phone", models.CharField(max_length=30, verbose_name="联系电话")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "base",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="duty_administrators",
                        to="oversight.practicebase",
                        verbose_name="基地",
                    ),
                ),
            ],
            options={
                "verbose_name": "专门管理人员",
                "verbose_name_plural": "专门管理人员",
                "ordering": ["id"],
            },
        ),
        migrations.CreateModel(
            name="ManagementOffice",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=120, verbose_name="机构名称")),
                ("head", models.CharField(max_length=50, verbose_name="负责人")),
                ("phone", models.CharField(max_length=30, verbose_name="联系电话")),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "base",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="duty_office",
                        to="oversight.practicebase",
                        verbose_name="基地",
                    ),
                ),
            ],
            options={
                "verbose_name": "博士后管理机构",
                "verbose_name_plural": "博士后管理机构",
            },
        ),
        migrations.CreateModel(
            name="CommitteeMember",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=50, verbose_name="姓名")),
                ("title", models.CharField(max_length=100, verbose_name="职称或职务")),
                ("affiliation", models.CharField(max_length=200, verbose_name="工作单位")),
                (
                    "role",
                    models.CharField(
                        choices=[("chair", "主任"), ("vice_chair", "副主任"), ("member", "委员")],
                        max_length=20,
                        verbose_name="委员会职务",
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "base",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="committee_members",
                        to="oversight.practicebase",
                        verbose_name="基地",
                    ),
                ),
            ],
            options={
                "verbose_name": "专家学术委员会成员",
                "verbose_name_plural": "专家学术委员会成员",
                "ordering": ["id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("role", "chair")),
                        fields=("base",),
                        name="one_committee_chair_per_base",
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="ManagementRules",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="制度名称")),
                ("adopted_on", models.DateField(verbose_name="印发日期")),
                ("document", models.FileField(upload_to="oversight/rules/%Y/", verbose_name="制度文本")),
                ("document_name", models.CharField(max_length=200, verbose_name="原文件名")),
                ("document_type", models.CharField(max_length=100, verbose_name="文件类型")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "base",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="duty_rules",
                        to="oversight.practicebase",
                        verbose_name="基地",
                    ),
                ),
            ],
            options={
                "verbose_name": "博士后管理制度",
                "verbose_name_plural": "博士后管理制度",
                "ordering": ["-adopted_on", "-id"],
                "indexes": [
                    models.Index(fields=["base", "-adopted_on", "-id"], name="oversight_m_base_id_a046d4_idx")
                ],
            },
        ),
    ]
