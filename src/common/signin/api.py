"""API sign-in endpoints: token pair, refresh and verify (absolute lifetime), and logout."""

from django.contrib.auth import get_user_model
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.views import TokenViewBase

from common.appkit.api import ErrorSerializer
from common.signin.sessions import end_all_sign_ins
from common.signin.tokens import LogoutSerializer, OfficeRefreshToken


class LogoutView(TokenViewBase):
    """Sign out: blacklist the refresh token sent, then end the user's other sessions and refresh tokens."""

    serializer_class = LogoutSerializer
    permission_classes = [AllowAny]

    @extend_schema(
        responses={
            204: OpenApiResponse(description="Signed out everywhere."),
            401: OpenApiResponse(
                response=ErrorSerializer, description="The refresh token is invalid, expired or already blacklisted."
            ),
        }
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as error:
            raise InvalidToken(error.args[0]) from error
        user_id = OfficeRefreshToken(serializer.initial_data["refresh"], verify=False).payload.get(
            api_settings.USER_ID_CLAIM
        )
        user = get_user_model().objects.filter(**{api_settings.USER_ID_FIELD: user_id}).first()
        if user is not None:
            end_all_sign_ins(user)
        return Response(status=status.HTTP_204_NO_CONTENT)
