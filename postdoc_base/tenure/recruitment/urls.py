"""URLs of agreements, topics and interests (namespace "tenure"), and of the public topics board (namespace
"tenure_public", mounted at /public/topics/ by config/urls.py)."""

from django.urls import path

from postdoc_base.tenure.recruitment.selectors import (
    agreements_visible_to,
    interests_visible_to,
    topics_managed_by,
)
from postdoc_base.tenure.recruitment.workflow import agreement_workflow, interest_workflow, topic_workflow
from postdoc_base.web.transitions import transition_view

from . import views

urlpatterns = [
    path("agreements/", views.agreement_list, name="agreement_list"),
    path("agreements/new/", views.agreement_create, name="agreement_create"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement_detail"),
    path(
        "agreements/<int:pk>/transition/",
        transition_view,
        {"workflow": agreement_workflow, "visible_to": agreements_visible_to},
        name="agreement_transition",
    ),
    path("agreements/<int:pk>/document/", views.agreement_document, name="agreement_document"),
    path("topics/", views.topic_list, name="topic_list"),
    path("topics/new/", views.topic_create, name="topic_create"),
    path("topics/<int:pk>/", views.topic_detail, name="topic_detail"),
    path("topics/<int:pk>/edit/", views.topic_edit, name="topic_edit"),
    path(
        "topics/<int:pk>/transition/",
        transition_view,
        {"workflow": topic_workflow, "visible_to": topics_managed_by},
        name="topic_transition",
    ),
    path("interests/", views.interest_list, name="interest_list"),
    path("interests/<int:pk>/", views.interest_detail, name="interest_detail"),
    path(
        "interests/<int:pk>/transition/",
        transition_view,
        {"workflow": interest_workflow, "visible_to": interests_visible_to},
        name="interest_transition",
    ),
    path("interests/<int:pk>/cv/", views.interest_cv, name="interest_cv"),
]


public_urlpatterns = [
    path("", views.public_topic_list, name="topic_list"),
    path("<int:pk>/", views.public_topic_detail, name="topic_detail"),
]
