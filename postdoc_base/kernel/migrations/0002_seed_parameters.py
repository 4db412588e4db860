import datetime

from django.db import migrations

ROWS = [
    ("salary_floor_c_tier", datetime.date(2024, 1, 1), {"amount_yuan": 240000, "period_years": 2},
     "国家资助博士后研究人员计划C档：2024-2025年每人2年24万元"),
    ("salary_floor_c_tier", datetime.date(2026, 1, 1), {"amount_yuan": 120000, "period_years": 1},
     "国家资助博士后研究人员计划C档：自2026年起每人每年12万元"),
    ("min_supervising_researchers", datetime.date(2025, 12, 15), 1,
     "第九条第（三）项“一定数量”，办法未规定具体人数"),
    ("reapplication_ban_years", datetime.date(2025, 12, 15), 3, "第二十四条：撤销备案3年后方可再次申请"),
]


def forwards(apps, schema_editor):
    Parameter = apps.get_model("kernel", "Parameter")
    for key, effective_from, value, note in ROWS:
        Parameter.objects.get_or_create(key=key, effective_from=effective_from, defaults={"value": value, "note": note})


class Migration(migrations.Migration):
    dependencies = [("kernel", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
