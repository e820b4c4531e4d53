"""Admin: administrators see how much the assistant is used (conversations and message counts per user), never
what was asked or answered. Messages are not registered; a conversation's page cannot be opened."""

from django.contrib import admin
from django.db.models import Count

from ai_assistant.models import Conversation
from common.access import has_national_scope, permission_allows
from common.appkit.admin import ScopedModelAdmin


@admin.register(Conversation)
class ConversationUsageAdmin(ScopedModelAdmin):
    list_display = ("user", "created_at", "updated_at", "messages")
    list_display_links = None
    list_filter = ("created_at",)
    search_fields = ("user__username",)

    def get_queryset(self, request):
        """Counts only: national administrators see every user's rows, others their own (``for_user``)."""
        user = request.user
        if has_national_scope(user) and permission_allows(user, Conversation, "view"):
            qs = Conversation.objects.all()
        else:
            qs = Conversation.objects.for_user(user, "view")
        return qs.select_related("user").annotate(message_count=Count("messages")).defer("title")

    @admin.display(description="messages", ordering="message_count")
    def messages(self, obj):
        return obj.message_count

    def has_view_permission(self, request, obj=None):
        """The list of counts, never one conversation's page (its title is the first question)."""
        return obj is None and super().has_view_permission(request)
