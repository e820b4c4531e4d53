"""JWT endpoints: obtain a pair, refresh (rotating, old refresh tokens blacklisted, absolute lifetime),
verify, and logout (blacklists the refresh token and ends the user's other sign-ins)."""

from django.urls import path
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView, TokenVerifyView

from common.signin.api import LogoutView

app_name = "auth"

urlpatterns = [
    path("token/", TokenObtainPairView.as_view(), name="token_obtain_pair"),
    path("token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
    path("token/verify/", TokenVerifyView.as_view(), name="token_verify"),
    path("logout/", LogoutView.as_view(), name="logout"),
]
