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
    path("exports/", include("postdoc_base.exports.urls")),
    path("deadlines/", include("postdoc_base.deadlines.urls")),
    path("documents/", include("postdoc_base.documents.urls")),
    path("imports/", include("postdoc_base.imports.urls")),
    path("stats/", include("postdoc_base.stats.urls")),
    path("public/topics/", include(tenure_public_urls)),
    path("", include("postdoc_base.establishment.urls")),
    path("", include("postdoc_base.web.urls")),
]

# Errors no view handled: Chinese pages, JSON under /api/ (postdoc_base/web/errors.py).
handler400 = "postdoc_base.web.errors.bad_request"
handler403 = "postdoc_base.web.errors.permission_denied"
handler404 = "postdoc_base.web.errors.page_not_found"
handler500 = "postdoc_base.web.errors.server_error"
