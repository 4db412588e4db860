from django.urls import path

from postdoc_base.review.selectors import assignments_visible_to
from postdoc_base.review.workflow import assignment_workflow
from postdoc_base.web.transitions import transition_view

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
    path(
        "assignments/<int:pk>/transition/",
        transition_view,
        {"workflow": assignment_workflow, "visible_to": assignments_visible_to},
        name="assignment_transition",
    ),
]
