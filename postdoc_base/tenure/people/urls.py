"""URLs of postdocs, supervisors, their accounts and exports, and the person's own record (namespace
"tenure")."""

from django.urls import path

from . import exports, views

urlpatterns = [
    path("postdocs/", views.postdoc_list, name="postdoc_list"),
    path("postdocs/export/", exports.postdoc_export, name="postdoc_export"),
    path("postdocs/new/", views.postdoc_create, name="postdoc_create"),
    path("postdocs/<int:pk>/", views.postdoc_detail, name="postdoc_detail"),
    path("postdocs/<int:pk>/edit/", views.postdoc_edit, name="postdoc_edit"),
    path("postdocs/<int:pk>/reveal-id/", views.postdoc_reveal_id, name="postdoc_reveal_id"),
    path("postdocs/<int:pk>/account/", views.postdoc_account, name="postdoc_account"),
    path("supervisors/", views.supervisor_list, name="supervisor_list"),
    path("supervisors/export/", exports.supervisor_export, name="supervisor_export"),
    path("supervisors/new/", views.supervisor_create, name="supervisor_create"),
    path("supervisors/<int:pk>/edit/", views.supervisor_edit, name="supervisor_edit"),
    path("supervisors/<int:pk>/account/", views.supervisor_account, name="supervisor_account"),
    path("me/", views.my_record, name="my_record"),
]
