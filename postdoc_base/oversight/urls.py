from django.urls import path

from . import views
from .duties import urls as duties_urls
from .evaluations import urls as evaluation_urls
from .funding import urls as funding_urls
from .inspections import urls as inspection_urls
from .positions import urls as position_urls
from .revocations import urls as revocation_urls
from .support import urls as support_urls
from .upgrades import urls as upgrade_urls

app_name = "oversight"
urlpatterns = [
    path("", views.base_list, name="base_list"),
    path("<int:pk>/", views.base_detail, name="base_detail"),
    path("files/", views.base_file_list, name="base_file_list"),
    path("overview/", views.base_overview, name="base_overview"),
    path("<int:pk>/file/", views.base_file, name="base_file"),
    *duties_urls.urlpatterns,
    *funding_urls.urlpatterns,
    *support_urls.urlpatterns,
    *revocation_urls.urlpatterns,
    *upgrade_urls.urlpatterns,
    *inspection_urls.urlpatterns,
    *position_urls.urlpatterns,
    *evaluation_urls.urlpatterns,
]
