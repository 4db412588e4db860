"""URLs of a base's Art. 7 records (namespace "oversight", mounted at /bases/)."""

from django.urls import path

from . import views

urlpatterns = [
    path("<int:pk>/duties/", views.duties_page, name="duties"),
    path("<int:pk>/duties/office/", views.office_edit, name="duties_office"),
    path("<int:pk>/duties/rules/add/", views.rules_add, name="duties_rules_add"),
    path("<int:pk>/duties/rules/<int:rid>/file/", views.rules_file, name="duties_rules_file"),
    path("<int:pk>/duties/administrators/add/", views.administrator_add, name="duties_administrator_add"),
    path(
        "<int:pk>/duties/administrators/<int:rid>/",
        views.administrator_edit,
        name="duties_administrator_edit",
    ),
    path(
        "<int:pk>/duties/administrators/<int:rid>/remove/",
        views.administrator_remove,
        name="duties_administrator_remove",
    ),
    path("<int:pk>/duties/committee/add/", views.member_add, name="duties_member_add"),
    path("<int:pk>/duties/committee/<int:rid>/", views.member_edit, name="duties_member_edit"),
    path("<int:pk>/duties/committee/<int:rid>/remove/", views.member_remove, name="duties_member_remove"),
]
