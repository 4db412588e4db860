"""URLs of the extension (Art. 14), exit (Art. 18) and title-route (Art. 22) pages, included by tenure/urls.py."""

from django.urls import path

from . import exit_views

urlpatterns: list = [
    path("extensions/", exit_views.extension_list, name="extension_list"),
    path("extensions/export/", exit_views.extension_export, name="extension_export"),
    path("extensions/<int:pk>/", exit_views.extension_detail, name="extension_detail"),
    path("extensions/<int:pk>/transition/", exit_views.extension_transition, name="extension_transition"),
    path("appointments/<int:pk>/extension/", exit_views.extension_create, name="extension_create"),
    path("appointments/<int:pk>/exit-materials/", exit_views.exit_materials, name="exit_materials"),
    path("appointments/<int:pk>/exit-materials/<slug:which>/", exit_views.exit_material_download,
         name="exit_material_download"),
    path("appointments/<int:pk>/exit/", exit_views.exit_complete, name="exit_complete"),
    path("title-route/", exit_views.title_route_list, name="title_route_list"),
    path("title-route/export/", exit_views.title_route_export, name="title_route_export"),
]  # fmt: skip
