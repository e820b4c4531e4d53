"""Pages of the assistant (chat)."""

from django.urls import path  # noqa: F401

app_name = "ai"
urlpatterns = []
