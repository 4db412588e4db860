from django.urls import path

from . import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("inbox/", views.inbox, name="inbox"),
    path("public/eligibility/", views.public_selfcheck, name="public_selfcheck"),
    path("", views.home, name="home"),
]
