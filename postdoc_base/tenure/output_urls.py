"""URLs of the output pages, included by tenure/urls.py."""

urlpatterns: list = []
