"""/api/v1/ai/: the caller's own conversations and their messages; POST a question to get the answer.

Conversations are private: every query is ``Conversation.objects.for_user(request.user)`` (the owner's), so
another user (an administrator too) gets 404.
"""

from __future__ import annotations

from django.db.models import Count
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ai_assistant import services
from ai_assistant.models import Conversation
from common.appkit.api import ScopedViewSetMixin

from . import serializers as s


@extend_schema_view(
    list=extend_schema(summary="Your conversations, most recent first"),
    create=extend_schema(summary="Start a conversation", responses={201: s.ConversationSerializer}),
    retrieve=extend_schema(summary="One of your conversations"),
    destroy=extend_schema(summary="Delete one of your conversations and its messages"),
)
class ConversationViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.CreateModelMixin, mixins.RetrieveModelMixin,
                          mixins.DestroyModelMixin, viewsets.GenericViewSet):  # fmt: skip
    permission_model = Conversation
    serializer_class = s.ConversationSerializer
    lookup_value_regex = r"\d+"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Conversation.objects.none()
        return (
            self.scoped(Conversation.objects).annotate(message_count=Count("messages")).order_by("-updated_at", "-pk")
        )

    def perform_create(self, serializer):
        conversation = services.start_conversation(
            user=self.request.user, title=serializer.validated_data.get("title", "")
        )
        serializer.instance = Conversation.objects.annotate(message_count=Count("messages")).get(pk=conversation.pk)

    def perform_destroy(self, instance):
        services.delete_conversation(user=self.request.user, conversation=instance)

    @extend_schema(summary="The messages of one of your conversations, oldest first",
                   responses=s.MessageSerializer(many=True))  # fmt: skip
    @action(detail=True, methods=["get"], url_path="messages", serializer_class=s.MessageSerializer)
    def messages(self, request, pk=None):
        conversation = self.get_object()
        page = self.paginate_queryset(conversation.messages.order_by("created_at", "pk"))
        return self.get_paginated_response(s.MessageSerializer(page, many=True).data)

    @extend_schema(summary="Ask a question in one of your conversations; the answer message comes back",
                   request=s.AskSerializer, responses={201: s.MessageSerializer})  # fmt: skip
    @messages.mapping.post
    def ask(self, request, pk=None):
        conversation = self.get_object()
        data = s.AskSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        answer = services.ask(user=request.user, question=data.validated_data["question"], conversation=conversation)
        return Response(s.MessageSerializer(answer).data, status=status.HTTP_201_CREATED)
