"""URLs of revocation cases (namespace "oversight", mounted at /bases/)."""

from django.urls import path

from postdoc_base.web.transitions import transition_view

from . import exports, views
from .selectors import revocations_visible_to
from .workflow import revocation_workflow

urlpatterns = [
    path("revocations/", views.revocation_list, name="revocation_list"),
    path("revocations/export/", exports.revocation_export, name="revocation_export"),
    path("revocations/<int:pk>/", views.revocation_detail, name="revocation_detail"),
    path(
        "revocations/<int:pk>/transition/",
        transition_view,
        {"workflow": revocation_workflow, "visible_to": revocations_visible_to},
        name="revocation_transition",
    ),
]
