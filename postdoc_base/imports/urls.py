"""Import pages (namespace "imports")."""

from django.urls import path

from . import views

app_name = "imports"

urlpatterns = [
    path("", views.index, name="index"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/run/", views.job_run, name="run"),
    path("jobs/<int:pk>/marked.xlsx", views.job_marked, name="marked"),
    path("<slug:kind>/", views.upload, name="upload"),
    path("<slug:kind>/template.xlsx", views.template, name="template"),
]
