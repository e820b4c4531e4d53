"""Admin: read-only views on the shared scoped admin (common/appkit/admin.py).

Coordination records are written through the pages, API and imports, which call the services
(area rule, duplicate detection, transitions, version checks); the admin does not bypass them, and a
staff user who is not a superuser sees only the records of their areas (``for_user``).
"""

from django.contrib import admin

from common.appkit.admin import ScopedModelAdmin
from coordination import models as m


@admin.register(m.Organization)
class OrganizationAdmin(ScopedModelAdmin):
    list_display = ["name", "acronym", "org_type", "status", "is_nationwide", "deleted_at"]
    list_filter = ["org_type", "status", "is_nationwide"]
    search_fields = ["name", "acronym"]
    show_full_result_count = False


@admin.register(m.Contact)
class ContactAdmin(ScopedModelAdmin):
    list_display = ["name", "position", "organization"]
    search_fields = ["name", "organization__name"]
    list_select_related = ["organization"]


@admin.register(m.Partnership)
class PartnershipAdmin(ScopedModelAdmin):
    list_display = ["title", "kind", "status", "effective_date", "expiry_date", "deleted_at"]
    list_filter = ["kind", "status"]
    search_fields = ["title", "reference_no"]
    show_full_result_count = False


@admin.register(m.Engagement)
class EngagementAdmin(ScopedModelAdmin):
    list_display = ["title", "kind", "status", "starts_at", "region", "deleted_at"]
    list_filter = ["kind", "status", "region"]
    search_fields = ["title", "venue"]
    list_select_related = ["region"]
    show_full_result_count = False


@admin.register(m.ActionItem)
class ActionItemAdmin(ScopedModelAdmin):
    list_display = ["title", "owner", "due_date", "status"]
    list_filter = ["status"]
    search_fields = ["title"]
    list_select_related = ["owner"]
    show_full_result_count = False


@admin.register(m.Alert)
class AlertAdmin(ScopedModelAdmin):
    list_display = ["message", "kind", "recipient", "raised_on", "emailed_at", "dismissed_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
