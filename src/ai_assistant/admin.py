"""Admin of the assistant's records. ProviderCall is the audit log of calls to the online model:
read-only, scoped by ``ProviderCall.objects.for_user`` (Administrators see every call), and its
``content`` (kept only with AI_AUDIT_CONTENT) is shown only with the ``audit_content`` permission."""

from django.contrib import admin

from ai_assistant.models import ProviderCall
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
