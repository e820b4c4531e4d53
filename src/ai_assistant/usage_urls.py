"""The assistant's usage page (administrators): included at /assistant/usage/."""

from django.urls import path

from ai_assistant import usage_views

app_name = "ai-usage"
urlpatterns = [path("", usage_views.usage_overview, name="usage-overview")]
