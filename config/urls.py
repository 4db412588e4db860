from django.urls import include, path

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", include("postdoc_base.api.urls")),
    path("registry/", include("postdoc_base.directory.urls")),
    path("admin-console/", include("postdoc_base.accounts.urls")),
    path("review/", include("postdoc_base.review.urls")),
    path("bases/", include("postdoc_base.oversight.urls")),
    path("", include("postdoc_base.establishment.urls")),
    path("", include("postdoc_base.web.urls")),
]
