"""Art. 19 funding records and Art. 6 local support policies of the bureaus."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0003_list_indexes"),
        ("oversight", "0005_upgrades"),
        ("tenure", "0011_list_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="FundingRecord",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="年度")),
                (
                    "source",
                    models.CharField(
                        choices=[("unit", "单位投入"), ("region", "自治区补助"), ("league_city", "盟市补助")],
                        max_length=20,
                        verbose_name="经费来源",
                    ),
                ),
                ("amount", models.DecimalField(decimal_places=2, max_digits=14, verbose_name="金额（元）")),
                ("purpose", models.CharField(max_length=200, verbose_name="用途")),
                ("note", models.TextField(blank=True, verbose_name="备注")),
                ("policy_title", models.CharField(blank=True, max_length=200, verbose_name="政策文件名称")),
                ("policy_number", models.CharField(blank=True, max_length=100, verbose_name="政策文件文号")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "appointment",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="funding_records",
                        to="tenure.appointment",
                        verbose_name="博士后研究人员",
                    ),
                ),
                (
                    "base",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="funding_records",
                        to="oversight.practicebase",
                        verbose_name="基地",
                    ),
                ),
            ],
            options={
                "verbose_name": "经费记录",
                "verbose_name_plural": "经费记录",
                "ordering": ["-year", "-id"],
                "indexes": [
                    models.Index(fields=["-year", "-id"], name="oversight_f_year_074def_idx"),
                    models.Index(fields=["source", "-year", "-id"], name="oversight_f_source_976dd3_idx"),
                    models.Index(fields=["base", "-year", "-id"], name="oversight_f_base_id_37ebf8_idx"),
                ],
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("amount__gt", 0)), name="funding_amount_positive"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="SupportPolicy",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="政策名称")),
                ("document_number", models.CharField(max_length=100, verbose_name="文号")),
                ("issued_on", models.DateField(verbose_name="发布日期")),
                ("summary", models.TextField(verbose_name="主要内容")),
                (
                    "file",
                    models.FileField(blank=True, upload_to="oversight/support/%Y/", verbose_name="政策文件"),
                ),
                ("file_name", models.CharField(blank=True, max_length=200, verbose_name="原文件名")),
                ("file_type", models.CharField(blank=True, max_length=100, verbose_name="文件类型")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "bureau",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="support_policies",
                        to="directory.bureau",
                        verbose_name="盟市",
                    ),
                ),
            ],
            options={
                "verbose_name": "配套支持政策",
                "verbose_name_plural": "配套支持政策",
                "ordering": ["-issued_on", "-id"],
                "indexes": [
                    models.Index(fields=["-issued_on", "-id"], name="oversight_s_issued__6a5437_idx"),
                    models.Index(
                        fields=["bureau", "-issued_on", "-id"], name="oversight_s_bureau__37a03d_idx"
                    ),
                ],
            },
        ),
    ]
