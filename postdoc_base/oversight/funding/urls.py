"""URLs of funding records (namespace "oversight", mounted at /bases/)."""

from django.urls import path

from . import exports, views

urlpatterns = [
    path("funding/", views.funding_list, name="funding_list"),
    path("funding/new/", views.funding_create, name="funding_create"),
    path("funding/totals/", views.funding_totals_page, name="funding_totals"),
    path("funding/export/", exports.funding_export, name="funding_export"),
    path("funding/totals/export/", exports.funding_totals_export, name="funding_totals_export"),
    path("funding/<int:pk>/", views.funding_detail, name="funding_detail"),
    path("funding/<int:pk>/edit/", views.funding_edit, name="funding_edit"),
    path("funding/<int:pk>/delete/", views.funding_delete, name="funding_delete"),
]
