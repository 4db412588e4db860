"""URLs of the output and pay pages, included by tenure/urls.py (namespace "tenure", under /tenure/)."""

from django.urls import path

from postdoc_base.tenure.outputs.selectors import outputs_visible_to
from postdoc_base.tenure.outputs.workflow import output_workflow
from postdoc_base.web.transitions import transition_view

from . import views

urlpatterns = [
    path("outputs/", views.output_list, name="output_list"),
    path("outputs/export/", views.output_export, name="output_export"),
    path("outputs/<int:pk>/", views.output_detail, name="output_detail"),
    path("outputs/<int:pk>/edit/", views.output_edit, name="output_edit"),
    path(
        "outputs/<int:pk>/transition/",
        transition_view,
        {"workflow": output_workflow, "visible_to": outputs_visible_to},
        name="output_transition",
    ),
    path("outputs/<int:pk>/evidence/", views.output_evidence, name="output_evidence"),
    path("appointments/<int:pk>/outputs/new/", views.output_create, name="output_create"),
    path("appointments/<int:pk>/pay/", views.pay_save, name="pay_save"),
    path("pay/", views.pay_list, name="pay_list"),
    path("pay/export/", views.pay_export, name="pay_export"),
]
