"""URLs of the user's export jobs (namespace "exports")."""

from django.urls import path

from . import views

app_name = "exports"

urlpatterns = [
    path("", views.job_list, name="jobs"),
    path("<int:pk>/", views.job_detail, name="job"),
    path("<int:pk>/download/", views.job_download, name="download"),
]
