from django.urls import path

from postdoc_base.establishment.notice_workflow import objection_workflow
from postdoc_base.establishment.selectors import (
    applications_visible_to,
    objections_visible_to,
    rounds_visible_to,
)
from postdoc_base.establishment.workflow import application_workflow, round_workflow
from postdoc_base.web.transitions import transition_view

from . import views

app_name = "establishment"
urlpatterns = [
    path("rounds/", views.round_list, name="round_list"),
    path("rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:pk>/", views.round_detail, name="round_detail"),
    path("rounds/<int:pk>/edit/", views.round_edit, name="round_edit"),
    path(
        "rounds/<int:pk>/transition/",
        transition_view,
        {"workflow": round_workflow, "visible_to": rounds_visible_to},
        name="round_transition",
    ),
    path("rounds/<int:pk>/bureau-batch/", views.bureau_batch, name="bureau_batch"),
    path("applications/", views.application_list, name="application_list"),
    path("applications/export.xlsx", views.application_export, name="application_export"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/transition/",
        transition_view,
        {"workflow": application_workflow, "visible_to": applications_visible_to},
        name="application_transition",
    ),
    path("applications/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("applications/<int:pk>/claims/", views.claim_add, name="claim_add"),
    path("applications/<int:pk>/preliminary-review/", views.preliminary_review, name="preliminary_review"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", views.attachment_delete, name="attachment_delete"),
    path("claims/<int:pk>/delete/", views.claim_delete, name="claim_delete"),
]

# Public notice, objections and filing (Art. 11(3)); the public pages need no account.
from postdoc_base.oversight import views as oversight_views  # noqa: E402

from . import notice_views  # noqa: E402

urlpatterns += [
    path("public/notices/", notice_views.public_notice_list, name="public_notice_list"),
    path("public/notices/<int:pk>/", notice_views.public_notice, name="public_notice"),
    path("public/bases/", oversight_views.base_list, name="public_base_list"),
    path("public/bases/<int:pk>/", oversight_views.base_detail, name="public_base_detail"),
    path("rounds/<int:pk>/notice/new/", notice_views.notice_create, name="notice_create"),
    path("rounds/<int:pk>/filing/", notice_views.filing, name="filing"),
    path("rounds/<int:pk>/filing/notice.docx", notice_views.filing_notice_docx, name="filing_notice_docx"),
    path("notices/", notice_views.notice_admin_list, name="notice_admin_list"),
    path("notices/<int:pk>/", notice_views.notice_admin_detail, name="notice_admin_detail"),
    path("objections/", notice_views.objection_list, name="objection_list"),
    path("objections/<int:pk>/", notice_views.objection_detail, name="objection_detail"),
    path(
        "objections/<int:pk>/transition/",
        transition_view,
        {"workflow": objection_workflow, "visible_to": objections_visible_to},
        name="objection_transition",
    ),
    path("objections/<int:pk>/attachment/", notice_views.objection_attachment, name="objection_attachment"),
]
