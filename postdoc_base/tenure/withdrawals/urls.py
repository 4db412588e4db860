"""URLs of withdrawal cases and their export (namespace "tenure")."""

from django.urls import path

from . import exports, views

urlpatterns = [
    path("appointments/<int:pk>/withdrawal/", views.withdrawal_create, name="withdrawal_create"),
    path("withdrawals/", views.withdrawal_list, name="withdrawal_list"),
    path("withdrawals/export/", exports.withdrawal_export, name="withdrawal_export"),
    path("withdrawals/<int:pk>/", views.withdrawal_detail, name="withdrawal_detail"),
    path("withdrawals/<int:pk>/transition/", views.withdrawal_transition, name="withdrawal_transition"),
    path("withdrawals/<int:pk>/evidence/", views.withdrawal_evidence, name="withdrawal_evidence"),
]
