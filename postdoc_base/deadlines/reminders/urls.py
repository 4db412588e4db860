from django.urls import path

from . import views

urlpatterns = [
    path("reminders/", views.reminder_settings, name="reminder_settings"),
    path("reminders/<slug:kind>/", views.reminder_setting_edit, name="reminder_setting_edit"),
]
