"""URLs of positions, interest and the exit destinations report (namespace "oversight", mounted at /bases/)."""

from django.urls import path

from postdoc_base.web.transitions import transition_view

from . import exports, views
from .selectors import positions_visible_to
from .workflow import position_workflow

urlpatterns = [
    path("positions/", views.position_list, name="position_list"),
    path("positions/new/", views.position_create, name="position_create"),
    path("positions/export/", exports.position_export, name="position_export"),
    path("positions/<int:pk>/", views.position_detail, name="position_detail"),
    path(
        "positions/<int:pk>/transition/",
        transition_view,
        {"workflow": position_workflow, "visible_to": positions_visible_to},
        name="position_transition",
    ),
    path("positions/<int:pk>/interest/", views.interest_create, name="position_interest_create"),
    path(
        "positions/<int:pk>/interest/<int:interest_pk>/withdraw/",
        views.interest_withdraw,
        name="position_interest_withdraw",
    ),  # fmt: skip
    path("exit-destinations/", views.exit_destinations, name="exit_destinations"),
    path("exit-destinations/export/", exports.exit_destination_export, name="exit_destination_export"),
]
