app_name = "establishment"
urlpatterns = []
