"""Refresh tokens with an absolute lifetime that rotation cannot extend.

simplejwt's rotation gives a refreshed token a fresh ``exp``; used every few hours, a refresh token
would live for ever. ``OfficeRefreshToken`` carries ``auth_time`` (when the user typed the password)
through every rotation, never lets ``exp`` pass ``auth_time + JWT_REFRESH_ABSOLUTE_HOURS`` and
refuses a token past that point. Access tokens also carry a hash of the password
(``CHECK_REVOKE_TOKEN``), so a password change refuses them at once.
"""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.exceptions import TokenError
from rest_framework_simplejwt.serializers import (
    TokenBlacklistSerializer,
    TokenObtainPairSerializer,
    TokenRefreshSerializer,
)
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import datetime_from_epoch, datetime_to_epoch

AUTH_TIME_CLAIM = "auth_time"


def absolute_lifetime() -> timedelta:
    return timedelta(hours=settings.JWT_REFRESH_ABSOLUTE_HOURS)


class OfficeRefreshToken(RefreshToken):
    @classmethod
    def for_user(cls, user):
        token = super().for_user(user)
        token[AUTH_TIME_CLAIM] = datetime_to_epoch(token.current_time)
        token.set_exp()  # cap the first expiry too
        return token

    def _hard_limit(self):
        auth_time = self.payload.get(AUTH_TIME_CLAIM)
        if auth_time is None:
            return None
        return datetime_from_epoch(auth_time) + absolute_lifetime()

    def set_exp(self, claim="exp", from_time=None, lifetime=None):
        super().set_exp(claim=claim, from_time=from_time, lifetime=lifetime)
        hard_limit = self._hard_limit()
        if claim == "exp" and hard_limit is not None:
            self.payload[claim] = min(self.payload[claim], datetime_to_epoch(hard_limit))

    def verify(self, *args, **kwargs):
        super().verify(*args, **kwargs)
        hard_limit = self._hard_limit()
        if hard_limit is None:
            raise TokenError(_("Token has no sign-in time; sign in again"))
        if timezone.now() >= hard_limit:
            raise TokenError(_("Sign-in has reached its maximum age; sign in again"))


class OfficeTokenObtainPairSerializer(TokenObtainPairSerializer):
    token_class = OfficeRefreshToken


class OfficeTokenRefreshSerializer(TokenRefreshSerializer):
    token_class = OfficeRefreshToken


class LogoutSerializer(TokenBlacklistSerializer):
    token_class = OfficeRefreshToken
