"""Art. 21 employment: positions posted for postdocs who will leave, and their interest."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_list_indexes"),
        ("oversight", "0008_duties"),
        ("tenure", "0011_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="Position",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=120, verbose_name="岗位名称")),
                ("employer", models.CharField(max_length=120, verbose_name="用人单位")),
                ("posted_by_role", models.CharField(max_length=30, verbose_name="发布方")),
                ("description", models.TextField(verbose_name="岗位职责")),
                ("requirements", models.TextField(blank=True, verbose_name="任职要求")),
                ("salary", models.CharField(blank=True, max_length=100, verbose_name="薪酬待遇")),
                ("contact", models.CharField(max_length=120, verbose_name="联系方式")),
                ("closes_on", models.DateField(verbose_name="截止日期")),
                (
                    "state",
                    models.CharField(
                        choices=[("published", "已发布"), ("closed", "已关闭")],
                        default="published",
                        max_length=20,
                        verbose_name="状态",
                    ),
                ),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="关闭日期")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "bureau",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="positions",
                        to="directory.bureau",
                        verbose_name="所在盟市",
                    ),
                ),
                (
                    "unit",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="positions",
                        to="directory.unit",
                        verbose_name="发布单位",
                    ),
                ),
            ],
            options={
                "verbose_name": "岗位",
                "verbose_name_plural": "岗位",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.CreateModel(
            name="PositionInterest",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("contact", models.CharField(max_length=120, verbose_name="联系方式")),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="意向说明")),
                ("withdrawn_at", models.DateTimeField(blank=True, null=True, verbose_name="撤回时间")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "position",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="interests",
                        to="oversight.position",
                        verbose_name="岗位",
                    ),
                ),
                (
                    "postdoc",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="position_interests",
                        to="tenure.postdoc",
                        verbose_name="博士后研究人员",
                    ),
                ),
            ],
            options={
                "verbose_name": "岗位意向",
                "verbose_name_plural": "岗位意向",
                "ordering": ["-created_at", "-id"],
            },
        ),
        migrations.AddIndex(
            model_name="position",
            index=models.Index(fields=["-created_at", "-id"], name="oversight_p_created_3bc2b5_idx"),
        ),
        migrations.AddIndex(
            model_name="position",
            index=models.Index(fields=["state", "-created_at", "-id"], name="oversight_p_state_7c3d22_idx"),
        ),
        migrations.AddIndex(
            model_name="position",
            index=models.Index(
                fields=["bureau", "-created_at", "-id"], name="oversight_p_bureau__c8f4e8_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="position",
            index=models.Index(fields=["unit", "-created_at", "-id"], name="oversight_p_unit_id_66f895_idx"),
        ),
        migrations.AddIndex(
            model_name="positioninterest",
            index=models.Index(
                fields=["position", "-created_at", "-id"], name="oversight_p_positio_fe249a_idx"
            ),
        ),
        migrations.AddIndex(
            model_name="positioninterest",
            index=models.Index(
                fields=["postdoc", "-created_at", "-id"], name="oversight_p_postdoc_0c8923_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="positioninterest",
            constraint=models.UniqueConstraint(
                condition=models.Q(("withdrawn_at__isnull", True)),
                fields=("position", "postdoc"),
                name="uniq_open_position_interest",
            ),
        ),
    ]
