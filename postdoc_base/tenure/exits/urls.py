"""URLs of exit materials, the exit (Art. 18) and the Art. 22 title route (namespace "tenure")."""

from django.urls import path

from . import views

urlpatterns = [
    path("appointments/<int:pk>/exit-materials/", views.exit_materials, name="exit_materials"),
    path(
        "appointments/<int:pk>/exit-materials/<slug:which>/",
        views.exit_material_download,
        name="exit_material_download",
    ),
    path("appointments/<int:pk>/exit/", views.exit_complete, name="exit_complete"),
    path("title-route/", views.title_route_list, name="title_route_list"),
    path("title-route/export/", views.title_route_export, name="title_route_export"),
]
