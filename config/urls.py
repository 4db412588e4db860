from django.urls import include, path

from postdoc_base.tenure.urls import public_urlpatterns as tenure_public_urls

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("postdoc_base.api.urls")),
    path("registry/", include("postdoc_base.directory.urls")),
    path("admin-console/", include("postdoc_base.accounts.urls")),
    path("review/", include("postdoc_base.review.urls")),
    path("bases/", include("postdoc_base.oversight.urls")),
    path("tenure/", include("postdoc_base.tenure.urls")),
    path("public/topics/", include(tenure_public_urls)),
    path("", include("postdoc_base.establishment.urls")),
    path("", include("postdoc_base.web.urls")),
]
