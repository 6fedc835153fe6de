"""Served before Oscar's own routes with the same paths (marketplace/urls.py):
Oscar's URL names keep working and resolve to these views."""

from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", views.LoginRegisterView.as_view(), name="login"),
    path("accounts/register/", views.RegisterView.as_view(), name="register"),
    path(
        "accounts/register/sent/",
        views.RegisterSentView.as_view(),
        name="register-sent",
    ),
    path(
        "accounts/register/confirm/<str:token>/",
        views.RegisterConfirmView.as_view(),
        name="register-confirm",
    ),
    path(
        "accounts/security/",
        views.MfaOverviewView.as_view(),
        name="mfa-overview",
    ),
    path(
        "accounts/security/setup/",
        views.MfaSetupView.as_view(),
        name="mfa-setup",
    ),
    path(
        "accounts/security/verify/",
        views.MfaVerifyView.as_view(),
        name="mfa-verify",
    ),
    path(
        "accounts/security/recovery-codes/",
        views.MfaRecoveryCodesView.as_view(),
        name="mfa-recovery-codes",
    ),
    path(
        "accounts/security/disable/",
        views.MfaDisableView.as_view(),
        name="mfa-disable",
    ),
    path("password-reset/", views.PasswordResetView.as_view(), name="password-reset"),
    path(
        "password-reset/confirm/<str:uidb64>/<str:token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
]
