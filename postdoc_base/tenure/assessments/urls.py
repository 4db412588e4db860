"""URLs of the assessment pages (Arts. 7, 17, 18), included by tenure/urls.py."""

from django.urls import path

from . import views

urlpatterns: list = [
    path("assessments/", views.assessment_list, name="assessment_list"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/panel/", views.assessment_form_panel, name="assessment_form_panel"),
    path("assessments/<int:pk>/grade/", views.assessment_grade, name="assessment_grade"),
    path("assessment-scheme/", views.scheme_page, name="assessment_scheme"),
]
