from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("issue/<str:kind>/<int:item_id>/", views.issue, name="issue"),
    path("<int:pk>/<str:fmt>/", views.download, name="download"),
    path("templates/", views.template_list, name="templates"),
    path("templates/<str:kind>/download/", views.template_download, name="template_download"),
    path("templates/<str:kind>/upload/", views.template_upload, name="template_upload"),
    path("templates/<str:kind>/revert/", views.template_revert, name="template_revert"),
]
