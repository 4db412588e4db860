from django.urls import path

from postdoc_base.accounts import reset_views

from . import views

urlpatterns = [
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", views.LogoutView.as_view(), name="logout"),
    path("accounts/password-reset/", reset_views.password_reset, name="password_reset"),
    path("accounts/password-reset/sent/", reset_views.password_reset_done, name="password_reset_done"),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        reset_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("inbox/", views.inbox, name="inbox"),
    path("public/eligibility/", views.public_selfcheck, name="public_selfcheck"),
    path("", views.home, name="home"),
]
