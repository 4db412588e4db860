"""URLs of the exit pages, included by tenure/urls.py."""

urlpatterns: list = []
