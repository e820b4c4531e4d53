"""Pages of the assistant (chat)."""

from django.urls import path

from ai_assistant import views

app_name = "ai"
urlpatterns = [
    path("", views.chat, name="index"),
    path("ask/", views.ask, name="ask"),
    path("conversations/<int:pk>/", views.conversation_detail, name="conversation-detail"),
    path("conversations/<int:pk>/delete/", views.conversation_delete, name="conversation-delete"),
]
