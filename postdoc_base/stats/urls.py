from django.urls import path

from . import ledgers, views

app_name = "stats"

urlpatterns = [
    path("", views.index, name="index"),
    *(path(f"charts/{key}/export/", view, name=f"export_{key}") for key, view in views.CHART_EXPORTS.items()),
    path("ledgers/region/", ledgers.region_ledger, name="ledger_region"),
    path("ledgers/region/export/", ledgers.region_ledger_export, name="ledger_region_export"),
    path("ledgers/bureau/<int:pk>/", ledgers.bureau_ledger, name="ledger_bureau"),
    path("ledgers/bureau/export/", ledgers.bureau_ledger_export, name="ledger_bureau_export"),
    path("ledgers/base/<int:pk>/", ledgers.base_ledger, name="ledger_base"),
    path("ledgers/base/export/", ledgers.base_ledger_export, name="ledger_base_export"),
]
