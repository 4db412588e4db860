"""Art. 25 self-inspections of a base: the inspections, the issues they found and their rectification, comments."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0006_funding_support"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="SelfInspection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("year", models.PositiveSmallIntegerField(verbose_name="自查年度")),
                (
                    "half",
                    models.PositiveSmallIntegerField(
                        choices=[(0, "全年"), (1, "上半年"), (2, "下半年")],
                        default=0,
                        verbose_name="自查期间",
                    ),
                ),
                ("summary", models.TextField(verbose_name="自查情况")),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("open", "自查整改中"),
                            ("closed", "已完成"),
                            ("ended", "基地退出名录，自查终止"),
                        ],
                        default="open",
                        max_length=20,
                        verbose_name="状态",
                    ),
                ),
                (
                    "conclusion",
                    models.CharField(
                        blank=True,
                        choices=[("rectified", "问题已整改"), ("no_issues", "未发现问题")],
                        max_length=20,
                        verbose_name="自查结论",
                    ),
                ),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="完成日期")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "base",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="self_inspections",
                        to="oversight.practicebase",
                        verbose_name="基地",
                    ),
                ),
            ],
            options={
                "verbose_name": "自查",
                "verbose_name_plural": "自查",
                "ordering": ["-year", "-id"],
            },
        ),
        migrations.CreateModel(
            name="InspectionIssue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("description", models.TextField(verbose_name="存在问题")),
                ("action", models.TextField(verbose_name="整改措施")),
                ("deadline", models.DateField(verbose_name="整改期限")),
                ("found_on", models.DateField(verbose_name="登记日期")),
                ("fixed_on", models.DateField(blank=True, null=True, verbose_name="整改完成日期")),
                ("fix_note", models.TextField(blank=True, verbose_name="整改情况")),
                (
                    "evidence",
                    models.FileField(
                        blank=True, upload_to="oversight/inspections/%Y/", verbose_name="整改佐证材料"
                    ),
                ),
                ("evidence_name", models.CharField(blank=True, max_length=200, verbose_name="原文件名")),
                ("evidence_type", models.CharField(blank=True, max_length=100, verbose_name="文件类型")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="issues",
                        to="oversight.selfinspection",
                        verbose_name="自查",
                    ),
                ),
            ],
            options={
                "verbose_name": "自查问题",
                "verbose_name_plural": "自查问题",
                "ordering": ["deadline", "id"],
            },
        ),
        migrations.CreateModel(
            name="InspectionComment",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("author_role", models.CharField(max_length=30, verbose_name="评论人角色")),
                ("body", models.TextField(verbose_name="评论内容")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "author",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="评论人",
                    ),
                ),
                (
                    "inspection",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="comments",
                        to="oversight.selfinspection",
                        verbose_name="自查",
                    ),
                ),
            ],
            options={
                "verbose_name": "自查评论",
                "verbose_name_plural": "自查评论",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.AddIndex(
            model_name="selfinspection",
            index=models.Index(fields=["-year", "-id"], name="oversight_s_year_80c87e_idx"),
        ),
        migrations.AddIndex(
            model_name="selfinspection",
            index=models.Index(fields=["state", "-year", "-id"], name="oversight_s_state_7e8657_idx"),
        ),
        migrations.AddIndex(
            model_name="selfinspection",
            index=models.Index(fields=["year", "-id"], name="oversight_s_year_79c065_idx"),
        ),
        migrations.AddConstraint(
            model_name="selfinspection",
            constraint=models.UniqueConstraint(
                fields=("base", "year", "half"), name="uniq_self_inspection_period"
            ),
        ),
    ]
