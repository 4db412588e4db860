from django.urls import path

from . import views

app_name = "oversight"
urlpatterns = [
    path("", views.base_list, name="base_list"),
    path("<int:pk>/", views.base_detail, name="base_detail"),
]
