"""Conversations with the assistant: private to their user.

``Conversation.objects.for_user(user)`` is the user's own conversations, whatever their role (an administrator
gets a 404 on another user's conversation like anyone else); the role must allow the chat at all.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from common.models.owned import OwnRowsQuerySet


class ConversationQuerySet(OwnRowsQuerySet):
    """Private: only the owner's conversations, administrators included."""

    national_sees_all = False


class Conversation(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="ai_conversations")
    title = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    objects = ConversationQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-pk"]
        indexes = [models.Index(fields=["user", "-updated_at"], name="ai_conv_user_updated_idx")]

    def __str__(self) -> str:
        return self.title or f"Conversation {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("ai:conversation-detail", args=[self.pk])


class MessageQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        return self.filter(conversation__in=Conversation.objects.for_user(user, action).values("pk"))


class Message(models.Model):
    class Role(models.TextChoices):
        USER = "user", "Question"
        ASSISTANT = "assistant", "Answer"

    class Provider(models.TextChoices):
        OFFLINE = "offline", "Offline assistant"
        GEMINI = "gemini", "Gemini"

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="messages")
    role = models.CharField(max_length=10, choices=Role.choices)
    text = models.TextField()
    sources = models.JSONField(default=list, blank=True, help_text='[{"label": …, "url": …}]')
    provider = models.CharField(max_length=10, choices=Provider.choices, blank=True)
    flagged_figures = models.JSONField(default=list, blank=True, help_text="Figures not found in the tool results.")
    notice = models.CharField(max_length=300, blank=True, help_text="e.g. why the offline assistant answered.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_role_display()} in {self.conversation_id}"
