"""Sign-in pages that replace Django's own (included before django.contrib.auth.urls)."""

from django.urls import path

from common.signin import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("password_reset/", views.RateLimitedPasswordResetView.as_view(), name="password_reset"),
]
