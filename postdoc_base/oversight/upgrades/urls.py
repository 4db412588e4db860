"""URLs of workstation approvals and treatment checklists (namespace "oversight", mounted at /bases/)."""

from django.urls import path

from postdoc_base.web.transitions import transition_view

from . import exports, views
from .selectors import checklists_visible_to
from .workflow import checklist_workflow

urlpatterns = [
    path("<int:pk>/workstation/", views.workstation_record, name="workstation_record"),
    path("treatments/", views.treatment_list, name="treatment_list"),
    path("treatments/export/", exports.treatment_export, name="treatment_export"),
    path("treatments/<int:pk>/", views.treatment_detail, name="treatment_detail"),
    path("treatments/<int:pk>/items/<int:item_pk>/", views.treatment_item, name="treatment_item"),
    path(
        "treatments/<int:pk>/transition/",
        transition_view,
        {"workflow": checklist_workflow, "visible_to": checklists_visible_to},
        name="treatment_transition",
    ),
]
