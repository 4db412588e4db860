"""URLs of the time-in-stage page (namespace "deadlines", mounted at /deadlines/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("stages/", views.stages, name="stages"),
]
