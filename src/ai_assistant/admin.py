"""Admin of the assistant's records: usage, never content by default.

- ProviderCall is the audit log of calls to the online model: read-only, scoped by
  ``ProviderCall.objects.for_user`` (Administrators see every call); its ``content`` (kept only with
  AI_AUDIT_CONTENT) is shown only with the ``audit_content`` permission.
- Conversations: administrators see how much the assistant is used (conversations and message counts per
  user), never what was asked or answered. Messages are not registered; a conversation's page cannot be opened.
"""

from django.contrib import admin
from django.db.models import Count

from ai_assistant.models import Conversation, ProviderCall
from common.access import has_national_scope, permission_allows
from common.appkit.admin import ScopedModelAdmin

USAGE_FIELDS = (
    "created_at",
    "user",
    "purpose",
    "provider",
    "model",
    "outcome",
    "error_code",
    "prompt_tokens",
    "output_tokens",
    "estimated_cost",
    "latency_ms",
    "requests",
)


@admin.register(ProviderCall)
class ProviderCallAdmin(ScopedModelAdmin):
    list_display = (
        "created_at",
        "user",
        "purpose",
        "model",
        "outcome",
        "prompt_tokens",
        "output_tokens",
        "estimated_cost",
        "latency_ms",
    )
    list_filter = ("outcome", "purpose", "model")
    date_hierarchy = "created_at"
    list_select_related = ("user",)
    search_fields = ("user__username", "purpose", "error_code")

    def get_fields(self, request, obj=None):
        if request.user.has_perm("ai_assistant.audit_content"):
            return (*USAGE_FIELDS, "content")
        return USAGE_FIELDS

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)


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
