"""Serializers of /api/v1/ai/: conversations, messages and a question."""

from __future__ import annotations

from rest_framework import serializers

from ai_assistant.models import Conversation, Message
from ai_assistant.services.chat import MAX_QUESTION_LENGTH
from common.api.fields import ContractModelSerializer, StrictCharField


class ConversationSerializer(ContractModelSerializer):
    title = StrictCharField(max_length=200, required=False, allow_blank=True)
    message_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Conversation
        fields = ["id", "title", "created_at", "updated_at", "message_count"]
        read_only_fields = ["id", "created_at", "updated_at", "message_count"]


class SourceSerializer(serializers.Serializer):
    label = serializers.CharField()
    url = serializers.CharField()


class MessageSerializer(ContractModelSerializer):
    provider = serializers.ChoiceField(
        choices=[("", "None (a question)"), *Message.Provider.choices],
        read_only=True,
        help_text="Who wrote the answer; empty for the user's questions.",
    )
    sources = SourceSerializer(many=True, read_only=True)
    flagged_figures = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Message
        fields = ["id", "conversation", "role", "text", "provider", "sources", "flagged_figures", "notice",
                  "created_at"]  # fmt: skip
        read_only_fields = fields


class AskSerializer(serializers.Serializer):
    question = StrictCharField(max_length=MAX_QUESTION_LENGTH)
