"""Admin: read-only views for system administrators.

Coordination records are written through the pages, API and imports, which call the services
(area rule, duplicate detection, transitions, version checks); the admin does not bypass them.
"""

from django.contrib import admin

from coordination import models as m


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(m.Organization)
class OrganizationAdmin(ReadOnlyAdmin):
    list_display = ["name", "acronym", "org_type", "status", "is_nationwide", "deleted_at"]
    list_filter = ["org_type", "status", "is_nationwide"]
    search_fields = ["name", "acronym"]
    show_full_result_count = False


@admin.register(m.Contact)
class ContactAdmin(ReadOnlyAdmin):
    list_display = ["name", "position", "organization"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization"]


@admin.register(m.Partnership)
class PartnershipAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "effective_date", "expiry_date", "deleted_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "reference_no"]
    show_full_result_count = False


@admin.register(m.Engagement)
class EngagementAdmin(ReadOnlyAdmin):
    list_display = ["title", "kind", "status", "starts_at", "region", "deleted_at"]
    list_filter = ["kind", "status", "region"]
    search_fields = ["title", "venue"]
    list_select_related = ["region"]
    show_full_result_count = False


@admin.register(m.ActionItem)
class ActionItemAdmin(ReadOnlyAdmin):
    list_display = ["title", "owner", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["owner"]
    show_full_result_count = False


@admin.register(m.Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["message", "kind", "recipient", "raised_on", "emailed_at", "dismissed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
