from django.urls import path

from . import views

app_name = "review"
urlpatterns = [
    path("panels/", views.panel_list, name="panel_list"),
    path("panels/new/", views.panel_create, name="panel_create"),
    path("panels/<int:pk>/", views.panel_detail, name="panel_detail"),
    path("panels/<int:pk>/members/", views.panel_member_add, name="panel_member_add"),
    path("panels/<int:pk>/assign/", views.panel_assign, name="panel_assign"),
    path("panels/<int:pk>/phase/", views.panel_phase, name="panel_phase"),
    path("panels/<int:pk>/export.xlsx", views.panel_export, name="panel_export"),
    path("assignments/", views.assignment_list, name="assignment_list"),
    path("assignments/<int:pk>/", views.assignment_detail, name="assignment_detail"),
    path("assignments/<int:pk>/transition/", views.assignment_transition, name="assignment_transition"),
]
