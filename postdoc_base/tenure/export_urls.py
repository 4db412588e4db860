"""URLs of the tenure exports, included by tenure/urls.py."""

urlpatterns: list = []
