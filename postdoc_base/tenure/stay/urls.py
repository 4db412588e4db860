"""URLs of appointments, their entry and export, and term extensions (namespace "tenure")."""

from django.urls import path

from postdoc_base.tenure.stay.selectors import appointments_visible_to, extensions_visible_to
from postdoc_base.tenure.stay.workflow import appointment_workflow, extension_workflow
from postdoc_base.web.transitions import transition_view

from . import exports, views

urlpatterns = [
    path("appointments/", views.appointment_list, name="appointment_list"),
    path("appointments/export/", exports.appointment_export, name="appointment_export"),
    path("appointments/new/", views.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/agreement/", views.appointment_agreement, name="appointment_agreement"),
    path("appointments/<int:pk>/entry/", views.appointment_entry, name="appointment_entry"),
    path(
        "appointments/<int:pk>/transition/",
        transition_view,
        {"workflow": appointment_workflow, "visible_to": appointments_visible_to},
        name="appointment_transition",
    ),
    path("appointments/<int:pk>/document/", views.appointment_document, name="appointment_document"),
    path("extensions/", views.extension_list, name="extension_list"),
    path("extensions/export/", views.extension_export, name="extension_export"),
    path("extensions/<int:pk>/", views.extension_detail, name="extension_detail"),
    path(
        "extensions/<int:pk>/transition/",
        transition_view,
        {"workflow": extension_workflow, "visible_to": extensions_visible_to},
        name="extension_transition",
    ),
    path("appointments/<int:pk>/extension/", views.extension_create, name="extension_create"),
]
