from .api import api

# config/urls.py includes this module without a namespace: the module's app_name ("api") becomes it.
urlpatterns = api.urls[0]
app_name = api.urls_namespace
