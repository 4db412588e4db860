from django.urls import path

from . import views

urlpatterns = [
    path("calendar/", views.my_reminders, name="my_reminders"),
    path("calendar/<str:key>.ics", views.feed_ics, name="feed_ics"),
]
