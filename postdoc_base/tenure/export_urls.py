"""URLs of the tenure exports, included by tenure/urls.py (namespace "tenure", mounted at /tenure/)."""

from django.urls import path

from . import exports

urlpatterns = [
    path("postdocs/export/", exports.postdoc_export, name="postdoc_export"),
    path("supervisors/export/", exports.supervisor_export, name="supervisor_export"),
    path("appointments/export/", exports.appointment_export, name="appointment_export"),
    path("dispatches/export/", exports.dispatch_export, name="dispatch_export"),
    path("withdrawals/export/", exports.withdrawal_export, name="withdrawal_export"),
]
