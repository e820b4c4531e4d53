"""Pages for AI drafts: ask for one from a record, review it, accept it (or its items one by one)."""

from django.urls import path  # noqa: F401

app_name = "ai-drafts"
urlpatterns = []
