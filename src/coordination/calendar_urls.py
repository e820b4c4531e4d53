"""The one calendar at /calendar/ (not namespaced: it gathers every module's dates)."""

from django.urls import path

from coordination import views

urlpatterns = [
    path("", views.calendar_page, name="calendar"),
    path("events/", views.calendar_events, name="calendar-events"),
    path("token/", views.calendar_token_regenerate, name="calendar-token"),
    path("feed/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
]
