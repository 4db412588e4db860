"""URLs of withdrawal cases and their export (namespace "tenure")."""

from django.urls import path

from postdoc_base.tenure.withdrawals.selectors import withdrawals_visible_to
from postdoc_base.tenure.withdrawals.workflow import withdrawal_workflow
from postdoc_base.web.transitions import transition_view

from . import exports, views

urlpatterns = [
    path("appointments/<int:pk>/withdrawal/", views.withdrawal_create, name="withdrawal_create"),
    path("withdrawals/", views.withdrawal_list, name="withdrawal_list"),
    path("withdrawals/export/", exports.withdrawal_export, name="withdrawal_export"),
    path("withdrawals/<int:pk>/", views.withdrawal_detail, name="withdrawal_detail"),
    path(
        "withdrawals/<int:pk>/transition/",
        transition_view,
        {"workflow": withdrawal_workflow, "visible_to": withdrawals_visible_to},
        name="withdrawal_transition",
    ),
    path("withdrawals/<int:pk>/evidence/", views.withdrawal_evidence, name="withdrawal_evidence"),
]
