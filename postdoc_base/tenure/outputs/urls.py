"""URLs of the output and pay pages, included by tenure/urls.py (namespace "tenure", under /tenure/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("outputs/", views.output_list, name="output_list"),
    path("outputs/export/", views.output_export, name="output_export"),
    path("outputs/<int:pk>/", views.output_detail, name="output_detail"),
    path("outputs/<int:pk>/edit/", views.output_edit, name="output_edit"),
    path("outputs/<int:pk>/transition/", views.output_transition, name="output_transition"),
    path("outputs/<int:pk>/evidence/", views.output_evidence, name="output_evidence"),
    path("appointments/<int:pk>/outputs/new/", views.output_create, name="output_create"),
    path("appointments/<int:pk>/pay/", views.pay_save, name="pay_save"),
    path("pay/", views.pay_list, name="pay_list"),
    path("pay/export/", views.pay_export, name="pay_export"),
]
