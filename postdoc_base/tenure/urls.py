from django.urls import path

from . import assessment_urls, exit_urls, export_urls, output_urls, views

app_name = "tenure"
urlpatterns = [
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path("agreements/<int:pk>/transition/", views.agreement_transition, name="agreement_transition"),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/new/", views.topic_create, name="topic_create"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path("topics/<int:pk>/transition/", views.topic_transition, name="topic_transition"),
    path("interests/", views.interest_list, name="interest_list"),
    path("interests/<int:pk>/", views.interest_detail, name="interest_detail"),
    path("interests/<int:pk>/transition/", views.interest_transition, name="interest_transition"),
    path("interests/<int:pk>/cv/", views.interest_cv, name="interest_cv"),
    path("postdocs/", views.postdoc_list, name="postdoc_list"),
    path("postdocs/new/", views.postdoc_create, name="postdoc_create"),
    path("postdocs/<int:pk>/", views.postdoc_detail, name="postdoc_detail"),
    path("postdocs/<int:pk>/edit/", views.postdoc_edit, name="postdoc_edit"),
    path("postdocs/<int:pk>/reveal-id/", views.postdoc_reveal_id, name="postdoc_reveal_id"),
    path("postdocs/<int:pk>/account/", views.postdoc_account, name="postdoc_account"),
    path("supervisors/", views.supervisor_list, name="supervisor_list"),
    path("supervisors/new/", views.supervisor_create, name="supervisor_create"),
    path("supervisors/<int:pk>/edit/", views.supervisor_edit, name="supervisor_edit"),
    path("supervisors/<int:pk>/account/", views.supervisor_account, name="supervisor_account"),
    path("me/", views.my_record, name="my_record"),
    path("appointments/", views.appointment_list, name="appointment_list"),
    path("appointments/new/", views.appointment_create, name="appointment_create"),
    path("appointments/<int:pk>/", views.appointment_detail, name="appointment_detail"),
    path("appointments/<int:pk>/agreement/", views.appointment_agreement, name="appointment_agreement"),
    path("appointments/<int:pk>/entry/", views.appointment_entry, name="appointment_entry"),
    path("appointments/<int:pk>/transition/", views.appointment_transition, name="appointment_transition"),
    path("appointments/<int:pk>/document/", views.appointment_document, name="appointment_document"),
    path("appointments/<int:pk>/withdrawal/", views.withdrawal_create, name="withdrawal_create"),
    path("appointments/<int:pk>/dispatch/", views.dispatch_create, name="dispatch_create"),
    path("dispatches/", views.dispatch_list, name="dispatch_list"),
    path("dispatches/<int:pk>/", views.dispatch_detail, name="dispatch_detail"),
    path("dispatches/<int:pk>/transition/", views.dispatch_transition, name="dispatch_transition"),
    path("dispatches/<int:pk>/return/", views.dispatch_return, name="dispatch_return"),
    path("withdrawals/", views.withdrawal_list, name="withdrawal_list"),
    path("withdrawals/<int:pk>/", views.withdrawal_detail, name="withdrawal_detail"),
    path("withdrawals/<int:pk>/transition/", views.withdrawal_transition, name="withdrawal_transition"),
    path("withdrawals/<int:pk>/evidence/", views.withdrawal_evidence, name="withdrawal_evidence"),
    *output_urls.urlpatterns,
    *exit_urls.urlpatterns,
    *assessment_urls.urlpatterns,
    *export_urls.urlpatterns,
]

# The public topics board, mounted at /public/topics/ (config/urls.py) under the namespace "tenure_public".
public_urlpatterns = (
    [
        path("", views.public_topic_list, name="topic_list"),
        path("<int:pk>/", views.public_topic_detail, name="topic_detail"),
    ],
    "tenure_public",
)

__all__ = ["urlpatterns", "public_urlpatterns"]
