"""URLs of evaluation campaigns and evaluations (namespace "oversight", mounted at /bases/)."""

from django.urls import path

from postdoc_base.web.transitions import transition_view

from . import exports, views
from .selectors import evaluations_visible_to
from .workflow import evaluation_workflow

urlpatterns = [
    path("evaluations/campaigns/", views.campaign_list, name="evaluation_campaign_list"),
    path("evaluations/campaigns/new/", views.campaign_create, name="evaluation_campaign_create"),
    path("evaluations/campaigns/<int:pk>/", views.campaign_detail, name="evaluation_campaign_detail"),
    path("evaluations/campaigns/<int:pk>/panel/", views.campaign_panel, name="evaluation_campaign_panel"),
    path(
        "evaluations/campaigns/<int:pk>/panels/<int:panel_pk>/assign/",
        views.campaign_assign,
        name="evaluation_campaign_assign",
    ),
    path("evaluations/", views.evaluation_list, name="evaluation_list"),
    path("evaluations/export/", exports.evaluation_export, name="evaluation_export"),
    path("evaluations/<int:pk>/", views.evaluation_detail, name="evaluation_detail"),
    path(
        "evaluations/<int:pk>/transition/",
        transition_view,
        {"workflow": evaluation_workflow, "visible_to": evaluations_visible_to},
        name="evaluation_transition",
    ),
    path("evaluations/<int:pk>/self-evaluation/", views.evaluation_fill, name="evaluation_fill"),
    path("evaluations/<int:pk>/check/", views.evaluation_check, name="evaluation_check"),
    path("evaluations/<int:pk>/grade/", views.evaluation_grade, name="evaluation_grade"),
    path(
        "evaluations/<int:pk>/rectification/", views.evaluation_rectification, name="evaluation_rectification"
    ),
    path(
        "evaluations/<int:pk>/evidence/<int:evidence_pk>/",
        views.evaluation_evidence,
        name="evaluation_evidence",
    ),
]
