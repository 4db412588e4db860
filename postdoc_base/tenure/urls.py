"""The app's URLs (namespace "tenure", mounted at /tenure/), assembled from the features' ``urlpatterns``; and
the public topics board (namespace "tenure_public", mounted at /public/topics/ by config/urls.py)."""

from .assessments import urls as assessments
from .dispatches import urls as dispatches
from .exits import urls as exits
from .outputs import urls as outputs
from .people import urls as people
from .recruitment import urls as recruitment
from .stay import urls as stay
from .withdrawals import urls as withdrawals

app_name = "tenure"
urlpatterns = [
    *recruitment.urlpatterns,
    *people.urlpatterns,
    *stay.urlpatterns,
    *withdrawals.urlpatterns,
    *dispatches.urlpatterns,
    *outputs.urlpatterns,
    *exits.urlpatterns,
    *assessments.urlpatterns,
]

public_urlpatterns = (recruitment.public_urlpatterns, "tenure_public")

__all__ = ["urlpatterns", "public_urlpatterns"]
