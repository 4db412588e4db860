"""Arts. 5, 6: panels of the evaluation purpose (experts scoring bases' self-evaluations)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("review", "0003_list_indexes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="panel",
            name="purpose",
            field=models.CharField(
                choices=[
                    ("establishment", "基地设立论证评议"),
                    ("assessment", "博士后中期及出基地考核"),
                    ("evaluation", "基地评估"),
                ],
                max_length=30,
                verbose_name="评审类别",
            ),
        ),
    ]
