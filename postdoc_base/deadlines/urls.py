from django.urls import path  # noqa: F401  (the sub-packages' patterns use it)

from .board import urls as board_urls
from .feeds import urls as feed_urls
from .reminders import urls as reminder_urls
from .stages import urls as stage_urls

app_name = "deadlines"
urlpatterns = [
    *board_urls.urlpatterns,  # /deadlines/ : overdue and due-soon items, counts per bureau, Excel
    *reminder_urls.urlpatterns,  # /deadlines/reminders/ : the region's reminder schedule per kind
    *stage_urls.urlpatterns,  # /deadlines/stages/ : time in stage from the audit history
    *feed_urls.urlpatterns,  # /deadlines/calendar/ : the user's own reminders page and ICS feed
]
