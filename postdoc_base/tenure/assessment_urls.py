"""URLs of the assessment pages, included by tenure/urls.py."""

urlpatterns: list = []
