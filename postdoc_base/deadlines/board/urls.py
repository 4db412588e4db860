"""/deadlines/ : the deadline board and its Excel export (namespace ``deadlines``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.board, name="board"),
    path("export/", views.board_export, name="board_export"),
]
