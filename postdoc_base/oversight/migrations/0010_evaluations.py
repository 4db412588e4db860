"""Arts. 5, 6, 25: evaluation campaigns of bases, self-evaluations, bureau checks, grades and rectification."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0009_positions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="EvaluationCampaign",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("name", models.CharField(max_length=100, unique=True, verbose_name="评估批次名称")),
                ("year", models.PositiveSmallIntegerField(verbose_name="评估年度")),
                ("reference_date", models.DateField(verbose_name="评估基准日")),
                ("min_filed_years", models.PositiveSmallIntegerField(verbose_name="备案满年数")),
                ("excellent_min", models.PositiveSmallIntegerField(verbose_name="优秀分数线")),
                ("good_min", models.PositiveSmallIntegerField(verbose_name="良好分数线")),
                ("qualified_min", models.PositiveSmallIntegerField(verbose_name="合格分数线")),
                ("self_due_on", models.DateField(verbose_name="自评截止日期")),
                ("check_due_on", models.DateField(verbose_name="盟市审核截止日期")),
                ("grade_due_on", models.DateField(verbose_name="自治区评定截止日期")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "created_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
            options={
                "verbose_name": "评估批次",
                "verbose_name_plural": "评估批次",
                "ordering": ["-year", "-id"],
            },
        ),
        migrations.CreateModel(
            name="Evaluation",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "state",
                    models.CharField(
                        choices=[
                            ("opened", "待基地自评"),
                            ("submitted", "待盟市审核"),
                            ("returned", "退回修改"),
                            ("checked", "待自治区评定"),
                            ("graded", "已评定"),
                            ("rectifying", "整改中"),
                            ("rectification_submitted", "整改待复核"),
                            ("rectified", "整改合格"),
                            ("failed", "整改不合格"),
                            ("cancelled", "基地已退出，评估终止"),
                        ],
                        default="opened",
                        max_length=30,
                        verbose_name="状态",
                    ),
                ),
                ("statement", models.TextField(blank=True, verbose_name="自评报告")),
                ("submitted_on", models.DateField(blank=True, null=True, verbose_name="自评提交日期")),
                ("check_comment", models.TextField(blank=True, verbose_name="盟市审核意见")),
                ("checked_on", models.DateField(blank=True, null=True, verbose_name="盟市审核日期")),
                (
                    "score",
                    models.DecimalField(
                        blank=True, decimal_places=2, max_digits=5, null=True, verbose_name="综合得分"
                    ),
                ),
                (
                    "score_source",
                    models.CharField(
                        blank=True,
                        choices=[("experts", "专家评分"), ("self", "盟市审核后的基地自评分")],
                        max_length=20,
                        verbose_name="得分来源",
                    ),
                ),
                (
                    "grade",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("excellent", "优秀"),
                            ("good", "良好"),
                            ("qualified", "合格"),
                            ("unqualified", "不合格"),
                        ],
                        max_length=20,
                        verbose_name="评估等次",
                    ),
                ),
                ("graded_on", models.DateField(blank=True, null=True, verbose_name="评定日期")),
                ("rectification_due_on", models.DateField(blank=True, null=True, verbose_name="整改期限")),
                ("rectification_report", models.TextField(blank=True, verbose_name="整改情况")),
                (
                    "rectification_submitted_on",
                    models.DateField(blank=True, null=True, verbose_name="整改报告提交日期"),
                ),
                (
                    "final_grade",
                    models.CharField(
                        blank=True,
                        choices=[
                            ("excellent", "优秀"),
                            ("good", "良好"),
                            ("qualified", "合格"),
                            ("unqualified", "不合格"),
                        ],
                        max_length=20,
                        verbose_name="最终结论",
                    ),
                ),
                ("closed_on", models.DateField(blank=True, null=True, verbose_name="办结日期")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "base",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evaluations",
                        to="oversight.practicebase",
                        verbose_name="基地",
                    ),
                ),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="evaluations",
                        to="oversight.evaluationcampaign",
                        verbose_name="评估批次",
                    ),
                ),
            ],
            options={
                "verbose_name": "基地评估",
                "verbose_name_plural": "基地评估",
                "ordering": ["-id"],
            },
        ),
        migrations.CreateModel(
            name="CampaignIndicator",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("label", models.CharField(max_length=100, verbose_name="评估指标")),
                ("weight", models.PositiveSmallIntegerField(verbose_name="权重")),
                ("order", models.PositiveSmallIntegerField(verbose_name="顺序")),
                (
                    "campaign",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="indicators",
                        to="oversight.evaluationcampaign",
                    ),
                ),
            ],
            options={
                "verbose_name": "评估指标",
                "verbose_name_plural": "评估指标",
                "ordering": ["order", "id"],
            },
        ),
        migrations.CreateModel(
            name="EvaluationEvidence",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "stage",
                    models.CharField(
                        choices=[("self", "自评佐证"), ("rectification", "整改佐证")],
                        max_length=20,
                        verbose_name="材料类别",
                    ),
                ),
                ("file", models.FileField(upload_to="oversight/evaluations/%Y/", verbose_name="佐证材料")),
                ("file_name", models.CharField(max_length=200, verbose_name="原文件名")),
                ("file_type", models.CharField(max_length=100, verbose_name="文件类型")),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "evaluation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="evidence",
                        to="oversight.evaluation",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="oversight.campaignindicator",
                        verbose_name="评估指标",
                    ),
                ),
            ],
            options={
                "verbose_name": "评估佐证材料",
                "verbose_name_plural": "评估佐证材料",
                "ordering": ["created_at", "id"],
            },
        ),
        migrations.CreateModel(
            name="EvaluationScore",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("self_score", models.DecimalField(decimal_places=2, max_digits=5, verbose_name="自评分")),
                (
                    "evaluation",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="scores",
                        to="oversight.evaluation",
                    ),
                ),
                (
                    "indicator",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="oversight.campaignindicator",
                    ),
                ),
            ],
            options={
                "verbose_name": "自评分",
                "verbose_name_plural": "自评分",
                "ordering": ["indicator__order", "indicator_id"],
            },
        ),
        migrations.AddIndex(
            model_name="evaluationcampaign",
            index=models.Index(fields=["-year", "-id"], name="oversight_e_year_85383a_idx"),
        ),
        migrations.AddIndex(
            model_name="evaluation",
            index=models.Index(fields=["-id"], name="oversight_e_id_a619f7_idx"),
        ),
        migrations.AddIndex(
            model_name="evaluation",
            index=models.Index(fields=["state", "-id"], name="oversight_e_state_7a143e_idx"),
        ),
        migrations.AddIndex(
            model_name="evaluation",
            index=models.Index(fields=["campaign", "-id"], name="oversight_e_campaig_595f90_idx"),
        ),
        migrations.AddIndex(
            model_name="evaluation",
            index=models.Index(fields=["grade", "-id"], name="oversight_e_grade_20adad_idx"),
        ),
        migrations.AddConstraint(
            model_name="evaluation",
            constraint=models.UniqueConstraint(
                fields=("campaign", "base"), name="uniq_evaluation_per_campaign"
            ),
        ),
        migrations.AddConstraint(
            model_name="campaignindicator",
            constraint=models.UniqueConstraint(
                fields=("campaign", "order"), name="uniq_campaign_indicator_order"
            ),
        ),
        migrations.AddConstraint(
            model_name="campaignindicator",
            constraint=models.UniqueConstraint(
                fields=("campaign", "label"), name="uniq_campaign_indicator_label"
            ),
        ),
        migrations.AddConstraint(
            model_name="evaluationscore",
            constraint=models.UniqueConstraint(
                fields=("evaluation", "indicator"), name="uniq_evaluation_score"
            ),
        ),
    ]
