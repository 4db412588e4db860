"""URLs of dispatches and their export (namespace "tenure")."""

from django.urls import path

from postdoc_base.tenure.dispatches.selectors import dispatches_visible_to
from postdoc_base.tenure.dispatches.workflow import dispatch_workflow
from postdoc_base.web.transitions import transition_view

from . import exports, views

urlpatterns = [
    path("appointments/<int:pk>/dispatch/", views.dispatch_create, name="dispatch_create"),
    path("dispatches/", views.dispatch_list, name="dispatch_list"),
    path("dispatches/export/", exports.dispatch_export, name="dispatch_export"),
    path("dispatches/<int:pk>/", views.dispatch_detail, name="dispatch_detail"),
    path(
        "dispatches/<int:pk>/transition/",
        transition_view,
        {"workflow": dispatch_workflow, "visible_to": dispatches_visible_to},
        name="dispatch_transition",
    ),
    path("dispatches/<int:pk>/return/", views.dispatch_return, name="dispatch_return"),
]
