"""URLs of the support policies (namespace "oversight", mounted at /bases/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("support-policies/", views.support_list, name="support_list"),
    path("support-policies/new/", views.support_create, name="support_create"),
    path("support-policies/<int:pk>/", views.support_detail, name="support_detail"),
    path("support-policies/<int:pk>/edit/", views.support_edit, name="support_edit"),
    path("support-policies/<int:pk>/delete/", views.support_delete, name="support_delete"),
    path("support-policies/<int:pk>/file/", views.support_file, name="support_file"),
]
