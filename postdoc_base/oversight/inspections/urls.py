"""URLs of self-inspections and their export (namespace "oversight", mounted at /bases/)."""

from django.urls import path

from postdoc_base.web.transitions import transition_view

from . import exports, views
from .selectors import inspections_visible_to
from .workflow import inspection_workflow

urlpatterns = [
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/new/", views.inspection_create, name="inspection_create"),
    path("inspections/export/", exports.inspection_export, name="inspection_export"),
    path("inspections/<int:pk>/", views.inspection_detail, name="inspection_detail"),
    path(
        "inspections/<int:pk>/transition/",
        transition_view,
        {"workflow": inspection_workflow, "visible_to": inspections_visible_to},
        name="inspection_transition",
    ),
    path("inspections/<int:pk>/comment/", views.inspection_comment, name="inspection_comment"),
    path("inspections/<int:pk>/issues/new/", views.issue_create, name="inspection_issue_create"),
    path("inspections/<int:pk>/issues/<int:issue_pk>/fix/", views.issue_fix, name="inspection_issue_fix"),
    path(
        "inspections/<int:pk>/issues/<int:issue_pk>/evidence/",
        views.issue_evidence,
        name="inspection_issue_evidence",
    ),  # fmt: skip
]
